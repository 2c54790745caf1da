/**
 * When to ask whether Lambda has applied a change. The SDK waiter asks at once (the answer is
 * always InProgress) and then backs off exponentially with jitter, so the news that a change is
 * applied arrives up to a whole delay late: about 0.4 s per update when updates take 1 s, seven
 * times per function in a standard run. Instead we sleep most of the shortest apply time seen so
 * far in this run (0.5 s before the first), poll at a short constant interval for the next few
 * seconds, when the change is most likely applied, and only then back off up to 5 s, so a long
 * update is not polled busily. Many functions polling at once are paced by the shared
 * control-plane budget (src/aws/quota.ts), not by these delays.
 */

/** Apply times kept: the most recent few. */
const KEEP = 16
const FIRST_GUESS_MS = 500
const FLOOR_MS = 100
/** Share of the shortest apply time seen that we sleep before the first poll. */
const FIRST_SLEEP_SHARE = 0.9

/** The poll schedule after the first sleep (seconds, as the SDK waiter takes them). */
export const POLL_SCHEDULE = Object.freeze({
  /** The constant interval while the change is expected. */
  steadyDelayS: 0.1,
  /** How long the constant interval lasts from the first poll. */
  steadyWindowS: 2,
  /** Then the waiter's exponential back-off, from … */
  backoffMinDelayS: 0.25,
  /** … up to. */
  backoffMaxDelayS: 5
})

/** The apply times seen in one run (one instance per run, shared by its functions). */
export class UpdateTiming {
  private readonly seen: number[] = []

  /** How long to sleep before the first GetFunction of a wait. */
  firstPollDelayMs(): number {
    if (this.seen.length === 0) return FIRST_GUESS_MS
    return Math.max(FLOOR_MS, Math.round(FIRST_SLEEP_SHARE * Math.min(...this.seen)))
  }

  /** Records how long an update took to be seen as applied (from the request to the answer). */
  record(ms: number): void {
    if (!(ms > 0)) return
    this.seen.push(ms)
    if (this.seen.length > KEEP) this.seen.shift()
  }
}

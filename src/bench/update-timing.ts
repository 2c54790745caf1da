/**
 * When to ask first whether Lambda has applied a change. The SDK waiter asks at once (the answer
 * is always InProgress) and then backs off exponentially, so the news that a change is applied
 * arrives up to a whole delay late: about 0.4 s per update when updates take 1 s, seven times
 * per function in a standard run. Instead we sleep about three quarters of the shortest apply
 * time seen so far in this run (0.5 s before the first), then poll with short, growing delays.
 */

/** Apply times seen (ms), the most recent few: a run's updates all take about as long. */
const seen: number[] = []
const KEEP = 16
const FIRST_GUESS_MS = 500
const FLOOR_MS = 100

/** How long to sleep before the first GetFunction of a wait. */
export function firstPollDelayMs(): number {
  if (seen.length === 0) return FIRST_GUESS_MS
  return Math.max(FLOOR_MS, Math.round(0.75 * Math.min(...seen)))
}

/** Records how long an update took to be seen as applied (from the request to the answer). */
export function recordApplyTime(ms: number): void {
  if (!(ms > 0)) return
  seen.push(ms)
  if (seen.length > KEEP) seen.shift()
}

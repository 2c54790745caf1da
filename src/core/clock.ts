/**
 * Time as the run sees it. Everything that waits or reads the time takes a Clock, so tests of
 * timing logic run on a virtual clock instead of the machine's (whose pace depends on its load).
 */

/** The time and the waiting that timing logic needs. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number
  /** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
  /** A uniform number in [0, 1): the jitter of back-off delays. */
  random(): number
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve()
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', done, { once: true })
  })
}

/** The machine's clock. */
export const systemClock: Clock = Object.freeze({
  now: () => Date.now(),
  sleep,
  random: () => Math.random()
})

/**
 * The one retry loop of the code base: every call that may fail for a passing reason (a 409
 * while an update settles, throttling, a 5xx, a socket left unanswered) and every poll that may
 * have to ask again goes through `retry`, so deadlines and cancellation mean the same everywhere.
 *
 * - An error the caller's `retryable` refuses is thrown at once.
 * - No attempt starts after the deadline (nor past `maxAttempts`, for callers bounded by count); a sleep never runs past it, so the last attempt starts
 *   at the deadline at the latest, and its error is the one thrown.
 * - When `signal` aborts (during an attempt or a sleep), no new attempt starts and an AbortError
 *   is thrown, its cause the last error. Restores pass no signal: they must finish after a cancel.
 * - Delays are "full jitter" exponential back-off, so many workers throttled together do not
 *   come back together.
 */
import type { Clock } from './clock.js'
import { abortError, isAbort } from './errors.js'

/** A growing, jittered delay: a random delay in [base/2, min(cap, base × 2^attempt)]. */
export interface Backoff {
  baseMs: number
  capMs: number
}

/**
 * Thrown by an attempt that wants another go although nothing failed (a poll whose answer is
 * "not yet"); always retried, with the back-off of `backoff`.
 */
export class TryAgain extends Error {
  constructor(message: string) {
    super(message)
  }
}

export interface RetryOptions {
  /** Whether an error is worth another attempt (TryAgain always is). */
  retryable(error: unknown): boolean
  /**
   * Epoch ms (on `clock`) after which no new attempt starts. A function is asked after every
   * failure: a deadline that moves, such as "this long without progress".
   */
  deadline: number | (() => number)
  /** The most attempts, the first included; unbounded (only the deadline) by default. */
  maxAttempts?: number
  /** The back-off, or a back-off per error (e.g. longer after throttling). */
  backoff: Backoff | ((error: unknown) => Backoff)
  /** Cancellation: no new attempt, an AbortError. */
  signal?: AbortSignal
  clock: Clock
}

/** The delay after the `attempt`-th failure (0-based), with `random` in [0, 1). */
export function backoffDelay(attempt: number, backoff: Backoff, random: number): number {
  const ceiling = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.min(attempt, 20))
  const floor = Math.min(backoff.baseMs / 2, ceiling)
  return floor + random * (ceiling - floor)
}

/**
 * Runs `attempt` (given the number of failures so far) until it succeeds, an error is not
 * retryable, the deadline passes or `signal` aborts.
 */
export async function retry<T>(
  attempt: (failures: number) => Promise<T>,
  options: RetryOptions
): Promise<T> {
  const { clock, signal } = options
  for (let failures = 0; ; failures++) {
    if (signal?.aborted) throw abortError('cancelled')
    try {
      return await attempt(failures)
    } catch (error) {
      if (isAbort(error)) throw error
      if (signal?.aborted) throw abortError('cancelled', error)
      if (!(error instanceof TryAgain) && !options.retryable(error)) throw error
      if (failures + 1 >= (options.maxAttempts ?? Infinity)) throw error
      const deadline = typeof options.deadline === 'number' ? options.deadline : options.deadline()
      const left = deadline - clock.now()
      if (left <= 0) throw error
      const backoff =
        typeof options.backoff === 'function' ? options.backoff(error) : options.backoff
      await clock.sleep(Math.min(backoffDelay(failures, backoff, clock.random()), left), signal)
    }
  }
}

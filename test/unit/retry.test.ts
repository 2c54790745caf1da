/**
 * The one retry loop (src/core/retry.ts), on a virtual clock: deadlines, back-off, abort and the
 * retryable predicate mean the same for every caller.
 */
import fc from 'fast-check'
import { isAbort } from '../../src/core/errors.js'
import { backoffDelay, retry, TryAgain, type RetryOptions } from '../../src/core/retry.js'
import { virtualClock, type VirtualClock } from '../fixtures/virtual-clock.js'

class Transient extends Error {}
class Fatal extends Error {}

const base = (clock: VirtualClock, extra: Partial<RetryOptions> = {}): RetryOptions => ({
  retryable: (e) => e instanceof Transient,
  deadline: clock.now() + 10_000,
  backoff: { baseMs: 100, capMs: 1_000 },
  clock,
  ...extra
})

/** An attempt that fails `failures` times with `error`, then answers 'ok'. */
function failing(failures: number, error: () => Error = () => new Transient('503')) {
  let calls = 0
  const attempt = async (): Promise<string> => {
    calls++
    if (calls <= failures) throw error()
    return 'ok'
  }
  return { attempt, calls: () => calls }
}

test('an answer on the first attempt: no sleep', async () => {
  const clock = virtualClock()
  await expect(retry(failing(0).attempt, base(clock))).resolves.toBe('ok')
  expect(clock.sleeps).toEqual([])
})

test('retryable errors are retried with growing, jittered delays up to the cap', async () => {
  // random 0.5: halfway between base/2 and min(cap, base × 2^n).
  const clock = virtualClock()
  const f = failing(6)
  await expect(retry(f.attempt, base(clock))).resolves.toBe('ok')
  expect(f.calls()).toBe(7)
  expect(clock.sleeps).toEqual([75, 125, 225, 425, 525, 525])
})

test('the delay stays within [base/2, min(cap, base × 2^attempt)] for any draw', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 40 }),
      fc.integer({ min: 1, max: 10_000 }),
      fc.integer({ min: 1, max: 100_000 }),
      fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
      (attempt, baseMs, capMs, random) => {
        const delay = backoffDelay(attempt, { baseMs, capMs }, random)
        const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 20))
        return delay >= Math.min(baseMs / 2, ceiling) && delay <= ceiling
      }
    )
  )
})

test('an error the predicate refuses is thrown at once, after one attempt', async () => {
  const clock = virtualClock()
  const f = failing(3, () => new Fatal('400'))
  await expect(retry(f.attempt, base(clock))).rejects.toBeInstanceOf(Fatal)
  expect(f.calls()).toBe(1)
  expect(clock.sleeps).toEqual([])
})

test('no sleep runs past the deadline; the last attempt starts at it and its error is thrown', async () => {
  const clock = virtualClock()
  const start = clock.now()
  const starts: number[] = []
  let n = 0
  const error = await retry(
    async () => {
      starts.push(clock.now() - start)
      throw new Transient(`503 #${++n}`)
    },
    base(clock, { deadline: start + 1_000 })
  ).catch((e: unknown) => e)
  expect(error).toEqual(new Transient(`503 #${n}`))
  expect(Math.max(...starts)).toBe(1_000)
  expect(starts.every((s) => s <= 1_000)).toBe(true)
  expect(starts).toEqual([0, 75, 200, 425, 850, 1_000])
})

test('a deadline given as a function is asked again after every failure', async () => {
  const clock = virtualClock()
  let progress = clock.now()
  let calls = 0
  const result = retry(
    async () => {
      calls++
      // Progress on the third attempt moves the deadline on.
      if (calls === 3) progress = clock.now()
      if (calls < 8) throw new Transient('429')
      return 'ok'
    },
    base(clock, { deadline: () => progress + 400, backoff: { baseMs: 100, capMs: 100 } })
  )
  await expect(result).resolves.toBe('ok')
  expect(calls).toBe(8)
})

test('cancellation during a sleep: no new attempt, an AbortError whose cause is the last error', async () => {
  const clock = virtualClock()
  const controller = new AbortController()
  const f = failing(5)
  const sleep = clock.sleep
  clock.sleep = async (ms, signal) => {
    controller.abort()
    return sleep(ms, signal)
  }
  const error = await retry(f.attempt, base(clock, { signal: controller.signal })).catch(
    (e: unknown) => e
  )
  expect(isAbort(error)).toBe(true)
  expect(f.calls()).toBe(1)
})

test('an already aborted signal: no attempt at all', async () => {
  const clock = virtualClock()
  const controller = new AbortController()
  controller.abort()
  const f = failing(0)
  const error = await retry(f.attempt, base(clock, { signal: controller.signal })).catch(
    (e: unknown) => e
  )
  expect(isAbort(error)).toBe(true)
  expect(f.calls()).toBe(0)
})

test('an error after the signal aborted is an AbortError, even a non-retryable one', async () => {
  const clock = virtualClock()
  const controller = new AbortController()
  const error = await retry(
    async () => {
      controller.abort()
      throw new Fatal('400')
    },
    base(clock, { signal: controller.signal })
  ).catch((e: unknown) => e)
  expect(isAbort(error)).toBe(true)
  expect((error as Error).cause).toBeInstanceOf(Fatal)
})

test("TryAgain is always retried; the attempt's own AbortError passes through", async () => {
  const clock = virtualClock()
  let calls = 0
  const polled = retry(
    async () => {
      if (++calls < 3) throw new TryAgain('not yet')
      return calls
    },
    base(clock, { retryable: () => false })
  )
  await expect(polled).resolves.toBe(3)
  const aborted = new Error('stopped')
  aborted.name = 'AbortError'
  await expect(
    retry(async () => Promise.reject(aborted), base(clock, { retryable: () => true }))
  ).rejects.toBe(aborted)
})

test('the back-off may depend on the error: a zero back-off repeats at once', async () => {
  const clock = virtualClock()
  let calls = 0
  await retry(
    async () => {
      calls++
      if (calls === 1) throw new TryAgain('stale')
      if (calls === 2) throw new Transient('503')
      return 'ok'
    },
    base(clock, {
      backoff: (e) =>
        e instanceof TryAgain ? { baseMs: 0, capMs: 0 } : { baseMs: 200, capMs: 200 }
    })
  )
  // The second failure: halfway between 100 and min(200, 200 × 2).
  expect(clock.sleeps).toEqual([0, 150])
})

test('for any schedule, attempts start no later than the deadline and sleeps never pass it', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 0, max: 20_000 }),
      fc.integer({ min: 1, max: 2_000 }),
      fc.integer({ min: 1, max: 10_000 }),
      fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1 }),
      fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 1 }),
      async (deadlineMs, baseMs, capMs, draws, attemptMs) => {
        let i = 0
        const clock = virtualClock(0, () => draws[i++ % draws.length])
        const deadline = deadlineMs
        const starts: number[] = []
        await retry(
          async () => {
            starts.push(clock.now())
            clock.advance(attemptMs[starts.length % attemptMs.length])
            throw new Transient('503')
          },
          base(clock, { deadline, backoff: { baseMs, capMs } })
        ).catch(() => undefined)
        return starts.slice(1).every((s) => s <= deadline) && starts.length >= 1
      }
    ),
    { numRuns: 200 }
  )
})

test('maxAttempts bounds the attempts by count, the deadline still applying', async () => {
  const clock = virtualClock()
  const f = failing(10)
  await expect(retry(f.attempt, base(clock, { maxAttempts: 4 }))).rejects.toBeInstanceOf(Transient)
  expect(f.calls()).toBe(4)
  expect(clock.sleeps).toHaveLength(3)
  const g = failing(2)
  await expect(retry(g.attempt, base(clock, { maxAttempts: 3 }))).resolves.toBe('ok')
})

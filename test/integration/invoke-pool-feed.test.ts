/**
 * The invocation pool fed groups while it runs (runTiers' GroupFeed: isolation: versions,
 * pipelined), in process against the emulator over HTTP: each fed group is started as it comes
 * and taken exactly its count, the runs shaped like the specs then the feed's groups in order;
 * `finished` once per fed group, when the journal holds all of its invocations; a feed that
 * throws ends in a FeedFailure that keeps what was given; a cancel while the workers wait on the
 * feed stops the feed and settles; and the time spent waiting for the feed is no stall.
 * Every wait is on the emulator's journal or on the pool's own `finished`, never on a delay.
 */
import type { LambdaClient } from '@aws-sdk/client-lambda'
import {
  FeedFailure,
  runTiers,
  type FedGroup,
  type GroupFeed
} from '../../src/bench/invoke-pool.js'
import type { TierRun, TierSpec } from '../../src/bench/tier.js'
import { systemClock, type Clock } from '../../src/core/clock.js'
import { sdkClients } from '../emulator/clients.js'
import { startEmulator, type Emulator } from '../emulator/index.js'
import { caught } from './caught.js'
import { poolFunction, poolOptions } from './pool-harness.js'

const MB = 128

/** Tiers of the functions by name, through `lambda`. */
const tiersOf =
  (lambda: LambdaClient) =>
  (name: string, count: number): TierSpec => ({
    fn: poolFunction(lambda, name),
    memorySize: MB,
    count
  })

let emu: Emulator

beforeAll(async () => {
  const quick = { cpuMs: 20, initMs: 5 }
  const noisy = { cpuMs: 10, ioMs: 100, initMs: 5, noisePct: 40 }
  emu = await startEmulator({
    // 1 ms of wall time per reported 10 ms: a quick invocation holds its slot ~2 ms.
    timeScale: 0.1,
    seed: 7,
    functions: [
      ...['a', 'b-current', 'b-baseline', 'c'].map((name) => ({ name, model: quick })),
      ...['f1', 'f2'].map((name) => ({ name, model: noisy })),
      ...['g0', 'g1', 'd', 'held', 's0', 'late'].map((name) => ({ name, model: quick }))
    ].map((f) => ({ ...f, memorySize: MB }))
  })
})

afterAll(async () => {
  await emu.stop()
})

/** The journaled invocations of function `name` so far (each test has functions of its own). */
const journaled = (name: string): number =>
  emu.journal.invocations.filter((r) => r.functionName === name).length

/** Resolves once `k` more invocations of `name` have been journaled, counted from now on. */
function nth(name: string, k: number): Promise<void> {
  let seen = 0
  return emu.journal.untilInvocation((r) => r.functionName === name && ++seen >= k)
}

/** The functions that ran a run's invocations, by the journal's request ids. */
function functionsOf(run: TierRun): string[] {
  const ran = new Map(emu.journal.invocations.map((r) => [r.requestId, r.functionName]))
  return [...new Set(run.invocations.map((i) => ran.get(i.requestId) ?? '?'))]
}

test('fed groups start as they come and take exactly their count; runs are specs then feed order', async () => {
  const { lambda, logs } = sdkClients(emu)
  const tier = tiersOf(lambda)
  const yieldedAt: number[] = []
  // Registered before the run, so none of the invocations they count can slip past.
  const fourthOfA = nth('a', 4)
  const feed: GroupFeed = async function* () {
    await fourthOfA
    const thirdOfB = nth('b-current', 3)
    yieldedAt.push(Date.now())
    yield { tiers: [tier('b-current', 8), tier('b-baseline', 8)] }
    await thirdOfB
    yieldedAt.push(Date.now())
    yield { tiers: [tier('c', 6)] }
  }
  try {
    const runs = await runTiers(poolOptions({ concurrency: 3 }), [[tier('a', 12)]], feed)
    expect(runs.map((group) => group.map(functionsOf))).toEqual([
      [['a']],
      [['b-current'], ['b-baseline']],
      [['c']]
    ])
    expect(runs.map((group) => group.map((r) => r.invocations.length))).toEqual([[12], [8, 8], [6]])
    expect(runs.flat().every((r) => r.complete && r.memorySize === MB)).toBe(true)
    // Exactly the count on the wire too: nothing was invoked and then dropped.
    expect(['a', 'b-current', 'b-baseline', 'c'].map(journaled)).toEqual([12, 8, 8, 6])
    // A fed group's run starts when it was given, not when the pool started.
    expect(yieldedAt).toHaveLength(2)
    for (const r of runs[1]) expect(r.startedAt).toBeGreaterThanOrEqual(yieldedAt[0])
    expect(runs[2][0].startedAt).toBeGreaterThanOrEqual(yieldedAt[1])
    // And none of its invocations ran before the invocation the feed waited for.
    const order = emu.journal.invocations.map((r) => r.functionName)
    const at = (name: string): number[] => order.flatMap((n, i) => (n === name ? [i] : []))
    const fourthA = at('a')[3]
    expect(Math.min(...at('b-current'), ...at('b-baseline'))).toBeGreaterThan(fourthA)
    expect(Math.min(...at('c'))).toBeGreaterThan(at('b-current')[2])
  } finally {
    lambda.destroy()
    logs.destroy()
  }
})

test('finished: once per fed group, only when the journal holds all of its invocations', async () => {
  const { lambda, logs } = sdkClients(emu)
  const tier = tiersOf(lambda)
  // What the journal held of the group's function at each call of its `finished`.
  const calls: Record<string, number[]> = { f1: [], f2: [] }
  const fed = (name: string, count: number): FedGroup => ({
    tiers: [tier(name, count)],
    finished: () => calls[name].push(journaled(name))
  })
  const firstOfF1 = nth('f1', 1)
  const feed: GroupFeed = async function* () {
    yield fed('f1', 10)
    await firstOfF1
    yield fed('f2', 7)
  }
  try {
    // Wider than either group: its last claims are all in flight at once, and `finished` must
    // wait for the slowest of them, not run when the last claim is made.
    const runs = await runTiers(poolOptions({ concurrency: 8 }), [], feed)
    expect(runs.map((group) => group.map((r) => r.invocations.length))).toEqual([[10], [7]])
    expect(calls).toEqual({ f1: [10], f2: [7] })
  } finally {
    lambda.destroy()
    logs.destroy()
  }
})

test('a feed that throws after one group: FeedFailure with that group complete and the error', async () => {
  const { lambda, logs } = sdkClients(emu)
  const tier = tiersOf(lambda)
  const broken = new Error('PublishVersion failed')
  let finished = 0
  const secondOfG1 = nth('g1', 2)
  const feed: GroupFeed = async function* () {
    yield { tiers: [tier('g1', 6)], finished: () => finished++ }
    // While the group it gave is running (or already done): that group still runs to its count.
    await secondOfG1
    throw broken
  }
  try {
    const error = await caught(runTiers(poolOptions({ concurrency: 2 }), [[tier('g0', 5)]], feed))
    expect(error).toBeInstanceOf(FeedFailure)
    const failure = error as unknown as FeedFailure
    expect(failure.reason).toBe(broken)
    expect(failure.runs.map((group) => group.map(functionsOf))).toEqual([[['g0']], [['g1']]])
    expect(failure.runs.map((group) => group.map((r) => r.invocations.length))).toEqual([[5], [6]])
    expect(failure.runs.flat().every((r) => r.complete)).toBe(true)
    expect(['g0', 'g1'].map(journaled)).toEqual([5, 6])
    // A failed feed is neither a cancel nor a fatal error: the group it gave was finished.
    expect(finished).toBe(1)
  } finally {
    lambda.destroy()
    logs.destroy()
  }
})

test('a cancel while the workers wait on the feed: the feed is stopped, the run settles, nothing unfinished is finished', async () => {
  const { lambda, logs } = sdkClients(emu)
  const tier = tiersOf(lambda)
  // The single invocation of 'held' is read and never answered: its claim stays in flight, so
  // the other worker has nothing to claim and waits on the feed.
  emu.setFaults('held', { hang: { operation: 'Invoke', count: 1 } })
  const hung = emu.journal.untilCall(
    (c) => c.operation === 'Invoke' && c.functionName === 'held' && c.errorCode === 'Hung'
  )
  const controller = new AbortController()
  const finished = { d: 0, held: 0 }
  let dFinished = (): void => undefined
  const dDone = new Promise<void>((resolve) => (dFinished = resolve))
  const feedSaw: { stop?: AbortSignal; abortedAtEnd?: boolean; returned: boolean } = {
    returned: false
  }
  const feed: GroupFeed = async function* (stop) {
    feedSaw.stop = stop
    try {
      yield {
        tiers: [tier('d', 3)],
        finished: () => {
          finished.d++
          dFinished()
        }
      }
      yield { tiers: [tier('held', 1)], finished: () => finished.held++ }
      // Never another group: only the pool's stop ends this feed.
      await new Promise<void>((resolve) => {
        if (stop.aborted) resolve()
        else stop.addEventListener('abort', () => resolve(), { once: true })
      })
      feedSaw.abortedAtEnd = stop.aborted
    } finally {
      feedSaw.returned = true
    }
  }
  try {
    const running = runTiers(poolOptions({ concurrency: 2, signal: controller.signal }), [], feed)
    await Promise.all([dDone, hung])
    expect(feedSaw.stop?.aborted).toBe(false)
    controller.abort()
    const runs = await running
    expect(feedSaw.stop?.aborted).toBe(true)
    expect(feedSaw).toMatchObject({ abortedAtEnd: true, returned: true })
    expect(runs.map((group) => group.map((r) => [r.invocations.length, r.complete]))).toEqual([
      [[3, true]],
      [[0, false]]
    ])
    expect(finished).toEqual({ d: 1, held: 0 })
    expect(journaled('held')).toBe(0)
  } finally {
    emu.setFaults('held', {})
    lambda.destroy()
    logs.destroy()
  }
})

test('time spent waiting for the feed is no stall: the stall deadline runs from the arrival', async () => {
  // One attempt per request, so the pool's own retry sees the fault.
  const { lambda, logs } = sdkClients(emu, 1)
  const tier = tiersOf(lambda)
  const STALL = 60_000
  // The machine's clock, moved on by the feed: two stall deadlines pass while it "publishes".
  let offset = 0
  const clock: Clock = {
    now: () => Date.now() + offset,
    sleep: systemClock.sleep,
    random: () => 0.5
  }
  // The first Invoke of the late group fails (500, retryable): the pool tries it again only if
  // its stall deadline has not passed.
  emu.setFaults('late', { serviceErrors: { operation: 'Invoke', count: 1 } })
  // Once the first group is finished, its last answer has been taken: the stall deadline last
  // moved then, before the jump (unless an arrival moves it).
  let s0Finished = (): void => undefined
  const s0Done = new Promise<void>((resolve) => (s0Finished = resolve))
  const feed: GroupFeed = async function* () {
    yield { tiers: [tier('s0', 4)], finished: () => s0Finished() }
    await s0Done
    offset += 2 * STALL
    yield { tiers: [tier('late', 3)] }
  }
  try {
    const runs = await runTiers(
      // One worker: no other invocation of 'late' is taken meanwhile to move the deadline on.
      poolOptions({ concurrency: 1, clock, stallDeadlineMs: STALL }),
      [],
      feed
    )
    expect(runs.map((group) => group.map((r) => [r.invocations.length, r.complete]))).toEqual([
      [[4, true]],
      [[3, true]]
    ])
    const lateCalls = emu.journal.callsOf('Invoke', 'late')
    expect(lateCalls.filter((c) => c.status === 500)).toHaveLength(1)
    expect(journaled('late')).toBe(3)
  } finally {
    emu.setFaults('late', {})
    lambda.destroy()
    logs.destroy()
  }
})

/**
 * The invocation pool in process against the emulator: edge cases of its stop signal that the
 * built action rarely reaches, and live pairs run in lockstep.
 */
import { createHash } from 'node:crypto'
import { runTiers } from '../../src/bench/invoke-pool.js'
import { schedule, shares } from '../../src/stats/payload-mix.js'
import { sdkClients } from '../emulator/clients.js'
import { startEmulator, type Emulator } from '../emulator/index.js'
import { poolFunction, poolOptions } from './pool-harness.js'

let emu: Emulator

beforeAll(async () => {
  emu = await startEmulator({
    // 1 ms of wall time per reported 10 ms: 'slow' holds its invocations ~50 ms, 'fast' ~0.5 ms.
    timeScale: 0.1,
    functions: [
      { name: 'f', memorySize: 128, model: { cpuMs: 5 } },
      { name: 'fast', memorySize: 128, model: { cpuMs: 5, initMs: 1 } },
      { name: 'slow', memorySize: 128, model: { cpuMs: 1, ioMs: 500, initMs: 1 } }
    ]
  })
})

afterAll(async () => {
  await emu.stop()
})

test('a signal aborted before the tier starts runs no invocation', async () => {
  const { lambda, logs } = sdkClients(emu)
  const controller = new AbortController()
  controller.abort()
  try {
    const fn = poolFunction(lambda, 'f')
    const [[run]] = await runTiers(poolOptions({ concurrency: 4, signal: controller.signal }), [
      [{ fn, memorySize: 128, count: 20 }]
    ])
    expect(run.invocations).toEqual([])
    expect(run.complete).toBe(false)
    expect(emu.journal.invocations).toEqual([])
  } finally {
    lambda.destroy()
    logs.destroy()
  }
})

test('a live pair: every claim invokes both sides at once, so neither runs ahead of the other', async () => {
  const { lambda, logs } = sdkClients(emu)
  const side = (name: string) => poolFunction(lambda, name)
  const concurrency = 3
  try {
    const [[fast, slow]] = await runTiers(poolOptions({ concurrency }), [
      [
        { fn: side('fast'), memorySize: 128, count: 12 },
        { fn: side('slow'), memorySize: 128, count: 12 }
      ]
    ])
    expect([fast.invocations.length, slow.invocations.length]).toEqual([12, 12])
    const arrivals = (name: string): number[] =>
      emu.journal
        .callsOf('Invoke', name)
        .map((c) => c.receivedAt)
        .sort((a, b) => a - b)
    const [a, b] = [arrivals('fast'), arrivals('slow')]
    // A worker starts its next pair only when both invocations of the last one are answered:
    // the k-th request of one side never comes after the (k + concurrency)-th of the other,
    // although 'fast' alone would have finished long before 'slow'.
    for (let k = 0; k + concurrency < 12; k++) {
      expect(a[k]).toBeLessThanOrEqual(b[k + concurrency])
      expect(b[k]).toBeLessThanOrEqual(a[k + concurrency])
    }
  } finally {
    lambda.destroy()
    logs.destroy()
  }
})

test('a payload set: exact shares, interleaved in time, both sides of a pair sent the same payload at each claim', async () => {
  const { lambda, logs } = sdkClients(emu)
  const side = (name: string) => poolFunction(lambda, name)
  const payloads = [
    { name: 'a', weight: 3, body: Buffer.from('{"p":"a"}') },
    { name: 'b', weight: 1, body: Buffer.from('{"p":"b"}') }
  ]
  const sha = (body: Buffer): string => createHash('sha256').update(body).digest('hex')
  const nameOf = new Map(payloads.map((p) => [sha(p.body), p.name]))
  const before = emu.journal.invocations.length
  try {
    const [[fast, slow]] = await runTiers(poolOptions({ payloads }), [
      [
        { fn: side('fast'), memorySize: 128, count: 10 },
        { fn: side('slow'), memorySize: 128, count: 10 }
      ]
    ])
    // 10 × 3/4 = 7.5 and 10 × 1/4 = 2.5: the tie goes to the earlier entry.
    for (const run of [fast, slow]) {
      const names = run.invocations.map((i) => i.payload)
      expect(names.filter((n) => n === 'a')).toHaveLength(8)
      expect(names.filter((n) => n === 'b')).toHaveLength(2)
    }
    const sent = (name: string): (string | undefined)[] =>
      emu.journal.invocations
        .slice(before)
        .filter((r) => r.functionName === name)
        .sort((x, y) => x.startedAt - y.startedAt)
        .map((r) => nameOf.get(r.payloadSha256))
    // One worker: the journal's order is the schedule's, the same on both sides.
    const order = schedule(shares([3, 1], 10)).map((k) => payloads[k].name)
    expect(order).toEqual(['a', 'a', 'b', 'a', 'a', 'a', 'a', 'b', 'a', 'a'])
    expect(sent('fast')).toEqual(order)
    expect(sent('slow')).toEqual(sent('fast'))
  } finally {
    lambda.destroy()
    logs.destroy()
  }
})

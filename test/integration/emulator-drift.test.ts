/**
 * The emulator's time drift, through the real SDK: every Duration (and Billed Duration) of every
 * function grows with wall time at the set rate, exactly by the multiplier the journal's own
 * times give (since, startedAt), so nothing here depends on how fast the machine is; the drift
 * starts, restarts and ends at run time, in process and through the control API.
 */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda'
import { startEmulator, type Emulator, type InvocationRecord } from '../emulator/index.js'
import type { ActiveTimeDrift } from '../emulator/index.js'
import { sdkClients } from '../emulator/clients.js'
import { decodeLogResult, findReport } from '../../src/bench/report-record.js'

/** 1,769 MB = 1 vCPU, so a function's undrifted Duration is its cpuMs, to the hundredth. */
const ONE_VCPU = 1769
/** Wall ms slept per reported ms: serial invocations of `cpuMs` then span ≥ cpuMs × this. */
const TIME_SCALE = 1
const RATE = 40

const emulators: Emulator[] = []
const clients: LambdaClient[] = []
afterAll(async () => {
  for (const c of clients) c.destroy()
  await Promise.all(emulators.map((e) => e.stop()))
})

async function start(percentPerSecond?: number): Promise<{ emu: Emulator; lambda: LambdaClient }> {
  const emu = await startEmulator({
    timeScale: TIME_SCALE,
    seed: 3,
    ...(percentPerSecond !== undefined ? { timeDrift: { percentPerSecond } } : {}),
    functions: [
      { name: 'small', memorySize: ONE_VCPU, model: { cpuMs: 40, initMs: 100 } },
      { name: 'large', memorySize: ONE_VCPU, model: { cpuMs: 90, ioMs: 10, initMs: 100 } }
    ]
  })
  emulators.push(emu)
  const { lambda } = sdkClients(emu)
  clients.push(lambda)
  return { emu, lambda }
}

/** What the model gives without drift (noise 0, one vCPU): cpuMs + ioMs. */
const BASE: Record<string, number> = { small: 40, large: 100 }

const round2 = (n: number): number => Math.round(n * 100) / 100

/** The Duration the drift should give an invocation, from the journal's times alone. */
function expectedDuration(inv: InvocationRecord, drift: ActiveTimeDrift | null): number {
  const seconds = drift ? Math.max(0, inv.startedAt - drift.since) / 1000 : 0
  const factor = 1 + ((drift?.percentPerSecond ?? 0) / 100) * seconds
  return round2(BASE[inv.functionName] * factor)
}

/** Invokes one after another (so that wall time passes between them); the REPORT of each. */
async function invokeSerially(lambda: LambdaClient, names: string[]): Promise<string[]> {
  const tails: string[] = []
  for (const name of names) {
    const out = await lambda.send(new InvokeCommand({ FunctionName: name, LogType: 'Tail' }))
    tails.push(decodeLogResult(out.LogResult))
  }
  return tails
}

function expectDrifted(invocations: InvocationRecord[], drift: ActiveTimeDrift | null): void {
  for (const inv of invocations) {
    const expected = expectedDuration(inv, drift)
    expect([inv.functionName, inv.durationMs]).toEqual([inv.functionName, expected])
    const init = inv.initDurationMs ?? 0
    expect(inv.billedDurationMs).toBe(Math.ceil(expected + init))
  }
}

test('a scenario drift: every function’s Duration and Billed Duration rise by rate × elapsed', async () => {
  const { emu, lambda } = await start(RATE)
  const drift = emu.timeDrift()
  expect(drift).toMatchObject({ percentPerSecond: RATE })
  const names = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? 'small' : 'large'))
  const tails = await invokeSerially(lambda, names)
  const invocations = emu.journal.invocations
  expect(invocations.map((i) => i.functionName)).toEqual(names)
  expectDrifted(invocations, drift)
  // What the action reads, the REPORT line, carries the drifted figures too.
  invocations.forEach((inv, i) => {
    const report = findReport(tails[i], inv.requestId)
    expect([report?.durationMs, report?.billedDurationMs]).toEqual([
      inv.durationMs,
      inv.billedDurationMs
    ])
  })
  // Cold starts' Init Duration is not drifted.
  const cold = invocations.filter((i) => i.cold)
  expect(cold.map((i) => i.functionName).sort()).toEqual(['large', 'small'])
  for (const inv of cold) expect(inv.initDurationMs).toBe(100)
  // Not vacuous: ten sleeps (five of ≥ 40 ms, five of ≥ 100 ms) lie between a function's first
  // start and its last, so its later invocations are measurably longer than its first.
  for (const name of ['small', 'large']) {
    const own = invocations.filter((i) => i.functionName === name)
    const last = own.at(-1)!
    expect(last.startedAt - own[0].startedAt).toBeGreaterThan(200)
    expect(last.durationMs / own[0].durationMs).toBeGreaterThan(1 + (RATE / 100) * 0.2)
  }
})

test('started, restarted and ended at run time: durations follow the drift in force', async () => {
  const { emu, lambda } = await start()
  expect(emu.timeDrift()).toBeNull()
  await invokeSerially(lambda, ['small', 'large', 'small'])
  const before = emu.journal.invocations.length
  expectDrifted(emu.journal.invocations, null)

  const first = emu.setTimeDrift({ percentPerSecond: RATE })
  expect(first).toEqual(emu.timeDrift())
  await invokeSerially(lambda, ['small', 'large', 'small', 'large'])
  expectDrifted(emu.journal.invocations.slice(before), first)

  // Restarting counts from now: the multiplier starts again from 1.
  const second = emu.setTimeDrift({ percentPerSecond: RATE * 2 })!
  expect(second.since).toBeGreaterThanOrEqual(first!.since)
  const mark = emu.journal.invocations.length
  await invokeSerially(lambda, ['large', 'small', 'large'])
  const restarted = emu.journal.invocations.slice(mark)
  // Counting from the first start would differ: ≥ 180 ms of sleeps lie between the two starts.
  expect(second.since - first!.since).toBeGreaterThan(90)
  expectDrifted(restarted, second)

  expect(emu.setTimeDrift(null)).toBeNull()
  const ended = emu.journal.invocations.length
  await invokeSerially(lambda, ['small', 'large'])
  expectDrifted(emu.journal.invocations.slice(ended), null)
  expect(emu.journal.invocations.slice(ended).map((i) => i.durationMs)).toEqual([40, 100])
})

test('the control API: POST /__emulator/drift starts and ends it, GET tells it, bad rates refused', async () => {
  const { emu, lambda } = await start()
  const post = async (body: unknown): Promise<{ status: number; json: unknown }> => {
    const res = await fetch(`${emu.url}/__emulator/drift`, {
      method: 'POST',
      body: JSON.stringify(body)
    })
    return { status: res.status, json: await res.json() }
  }
  const started = await post({ percentPerSecond: RATE })
  expect(started).toMatchObject({ status: 200, json: { ok: true } })
  const drift = (started.json as { timeDrift: ActiveTimeDrift }).timeDrift
  expect(drift).toEqual(emu.timeDrift())
  const got = await (await fetch(`${emu.url}/__emulator/drift`)).json()
  expect(got).toEqual({ timeDrift: drift })
  await invokeSerially(lambda, ['large', 'large', 'small'])
  expectDrifted(emu.journal.invocations, drift)

  expect(await post({ percentPerSecond: 'fast' })).toMatchObject({ status: 400 })
  expect(emu.timeDrift()).toEqual(drift)

  expect(await post({})).toEqual({ status: 200, json: { ok: true, timeDrift: null } })
  expect(emu.timeDrift()).toBeNull()
  const ended = emu.journal.invocations.length
  await invokeSerially(lambda, ['large'])
  expect(emu.journal.invocations[ended].durationMs).toBe(100)
})

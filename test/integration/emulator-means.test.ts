/**
 * The emulator's `meansBySize` (types.ts): a measured table of mean durations pins the model.
 * At a size listed the Duration is the figure; between listed sizes the cpuMs/ioMs curve is
 * rescaled by a ratio interpolated in memory, beyond them by the nearest ratio; without a curve
 * the figures are interpolated and held flat. Noise, cold starts, errors, slowdown, timeouts and
 * the time drift still apply on top; a table out of range is refused. Through the real SDK.
 */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda'
import { startEmulator, type Emulator, type FunctionSpec } from '../emulator/index.js'
import type { InvocationRecord } from '../emulator/index.js'
import { sdkClients } from '../emulator/clients.js'

const vcpus = (mb: number): number => Math.min(mb / 1769, 6)

/** A model with a curve: 177 ms of CPU at 1 vCPU plus 100 ms of waiting, pinned at 256 and 1024 MB. */
const CURVED = { cpuMs: 177, ioMs: 100, meansBySize: { 256: 2000, 1024: 600 } }
/** One thread: CPU past 1 vCPU does not help. */
const curve = (mb: number): number => 177 / Math.min(vcpus(mb), 1) + 100
const ratio256 = 2000 / curve(256)
const ratio1024 = 600 / curve(1024)

/** No curve (cpuMs 0): the figures alone, at 512 and 1536 MB. */
const FLAT = { cpuMs: 0, meansBySize: { 1536: 400, 512: 1000 } }

const SIZES = [128, 256, 512, 1024, 2048, 3008]

function specs(prefix: string, model: FunctionSpec['model'], sizes = SIZES): FunctionSpec[] {
  return sizes.map((memorySize) => ({
    name: `${prefix}-${memorySize}`,
    memorySize,
    timeout: 30,
    model
  }))
}

let emu: Emulator
let lambda: LambdaClient

beforeAll(async () => {
  emu = await startEmulator({
    seed: 11,
    functions: [
      ...specs('curved', CURVED),
      ...specs('flat', FLAT),
      { name: 'noisy', memorySize: 256, model: { ...CURVED, noisePct: 5 } },
      { name: 'cold', memorySize: 256, model: { ...CURVED, initMs: 50 } },
      { name: 'failing', memorySize: 1024, model: { ...CURVED, errorRate: 1 } },
      { name: 'slow', memorySize: 1024, model: CURVED },
      {
        name: 'timing-out',
        memorySize: 256,
        timeout: 1,
        model: CURVED,
        faults: { timeoutAtMemory: [256] }
      },
      { name: 'patched', memorySize: 128, model: { cpuMs: 0, meansBySize: { 128: 300 } } },
      { name: 'drifting', memorySize: 1024, model: CURVED }
    ]
  })
  lambda = sdkClients(emu).lambda
})
afterAll(async () => {
  lambda.destroy()
  await emu.stop()
})

/** Invokes a function `times` times, one after another; their journal records. */
async function invoke(name: string, times = 1): Promise<InvocationRecord[]> {
  const from = emu.journal.invocations.length
  for (let i = 0; i < times; i++) await lambda.send(new InvokeCommand({ FunctionName: name }))
  return emu.journal.invocations.slice(from).filter((r) => r.functionName === name)
}

/** The Duration of one warm invocation (the first of a fresh function is cold). */
async function warmDuration(name: string): Promise<number> {
  const [, warm] = await invoke(name, 2)
  expect(warm.cold).toBe(false)
  return warm.durationMs
}

const lerp = (x: number, x0: number, y0: number, x1: number, y1: number): number =>
  y0 + ((y1 - y0) * (x - x0)) / (x1 - x0)

it('gives the figure at a size listed, the curve rescaled between and beyond', async () => {
  const expected: Record<number, number> = {
    // Below the smallest listed size: the curve, by the smallest size's ratio.
    128: curve(128) * ratio256,
    256: 2000,
    512: curve(512) * lerp(512, 256, ratio256, 1024, ratio1024),
    1024: 600,
    // Above the largest: by the largest size's ratio.
    2048: curve(2048) * ratio1024,
    3008: curve(3008) * ratio1024
  }
  for (const size of SIZES) {
    expect(await warmDuration(`curved-${size}`)).toBeCloseTo(expected[size], 1)
  }
  // Past 1 vCPU a single thread gains nothing: the curve, and so the Duration, is flat.
  expect(expected[3008]).toBeCloseTo(expected[2048], 6)
})

it('without a curve interpolates the figures themselves and holds them flat beyond the ends', async () => {
  const expected: Record<number, number> = {
    128: 1000,
    256: 1000,
    512: 1000,
    1024: lerp(1024, 512, 1000, 1536, 400),
    2048: 400,
    3008: 400
  }
  for (const size of SIZES) {
    expect(await warmDuration(`flat-${size}`)).toBeCloseTo(expected[size], 1)
  }
})

it('keeps the noise around the figure: the warm mean is within 6 standard errors', async () => {
  const runs = await invoke('noisy', 201)
  const warm = runs.filter((r) => !r.cold).map((r) => r.durationMs)
  expect(warm).toHaveLength(200)
  const mean = warm.reduce((a, b) => a + b, 0) / warm.length
  const sd = Math.sqrt(warm.reduce((a, b) => a + (b - mean) ** 2, 0) / (warm.length - 1))
  // 5 % of 2,000 ms, give or take what 200 draws can tell.
  expect(sd).toBeGreaterThan(70)
  expect(sd).toBeLessThan(130)
  expect(Math.abs(mean - 2000)).toBeLessThan((6 * 0.05 * 2000) / Math.sqrt(warm.length))
  expect(new Set(warm).size).toBeGreaterThan(150)
})

it('still adds a cold start: Init Duration from initMs, billed with the Duration', async () => {
  const [cold, warm] = await invoke('cold', 2)
  expect(cold.cold).toBe(true)
  expect(cold.durationMs).toBeCloseTo(2000, 1)
  expect(cold.initDurationMs).toBeCloseTo(50 / vcpus(256), 1)
  expect(cold.billedDurationMs).toBe(Math.ceil(cold.durationMs + cold.initDurationMs!))
  expect(warm.initDurationMs).toBeUndefined()
  expect(warm.billedDurationMs).toBe(Math.ceil(warm.durationMs))
})

it('still throws: a function error ends halfway through the figure', async () => {
  const [run] = await invoke('failing')
  expect(run.status).toBe('error')
  expect(run.error).toBe('RuntimeError')
  expect(run.durationMs).toBeCloseTo(300, 1)
})

it('still times out at a forced memory size, billed for the timeout', async () => {
  const [run] = await invoke('timing-out')
  expect(run.status).toBe('timeout')
  expect(run.durationMs).toBeGreaterThanOrEqual(1000)
  expect(run.billedDurationMs).toBeGreaterThanOrEqual(1000)
})

it('still takes a slowdown and a new table at run time, in process and through the control API', async () => {
  emu.setModel('slow', { slowdown: 2 })
  expect(await warmDuration('slow')).toBeCloseTo(1200, 1)
  emu.setModel('slow', { slowdown: 1, meansBySize: { 1024: 750 } })
  expect((await invoke('slow'))[0].durationMs).toBeCloseTo(750, 1)
  // JSON's keys are strings, as in a scenario file given to the CLI.
  const res = await fetch(`${emu.url}/__emulator/model`, {
    method: 'POST',
    body: JSON.stringify({ name: 'patched', patch: { meansBySize: { '128': 1234 } } })
  })
  expect(res.status).toBe(200)
  expect((await invoke('patched'))[0].durationMs).toBeCloseTo(1234, 1)
})

it('still drifts: the figure times the drift multiplier the journal gives', async () => {
  await warmDuration('drifting')
  const drift = emu.setTimeDrift({ percentPerSecond: 50 })!
  try {
    const [run] = await invoke('drifting')
    const factor = 1 + 0.5 * (Math.max(0, run.startedAt - drift.since) / 1000)
    expect(run.durationMs).toBeCloseTo(600 * factor, 1)
  } finally {
    emu.setTimeDrift(null)
  }
})

describe('refuses a table the emulator cannot run', () => {
  it.each([
    [{ 64: 100 }, /meansBySize has size 64/],
    [{ 20000: 100 }, /meansBySize has size 20000/],
    [{ '512.5': 100 }, /meansBySize has size 512.5/],
    [{ 512: 0 }, /meansBySize\[512\] is 0/],
    [{ 512: Number.NaN }, /meansBySize\[512\] is NaN/],
    [{ 512: '100' as unknown as number }, /meansBySize\[512\] is 100/]
  ])('at start: %j', async (meansBySize, message) => {
    await expect(
      startEmulator({ functions: [{ name: 'bad', model: { cpuMs: 0, meansBySize } }] })
    ).rejects.toThrow(message)
  })

  it('at run time, leaving the model as it was; the control API answers 400', async () => {
    const before = (await invoke('patched'))[0].durationMs
    expect(() => emu.setModel('patched', { meansBySize: { 100: 5 } })).toThrow(
      /patched: meansBySize has size 100/
    )
    const res = await fetch(`${emu.url}/__emulator/model`, {
      method: 'POST',
      body: JSON.stringify({ name: 'patched', patch: { meansBySize: { '128': -1 } } })
    })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { message: string }).message).toMatch(/meansBySize\[128\] is -1/)
    expect((await invoke('patched'))[0].durationMs).toBe(before)
  })
})

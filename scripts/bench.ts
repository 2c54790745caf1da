/**
 * `npm run bench`: how close the built action (dist/) comes to the fastest run Lambda allows,
 * and what it costs, on the emulator. Prints, for both isolation modes:
 * - wall time, the critical-path bound from the emulator's ground truth, efficiency = bound / wall;
 * - the article's serial way (one invocation at a time, one function after another) and the speed-up;
 * - AWS calls per measured invocation (Invoke, throttles, CloudWatch Logs, GetFunction polls per update);
 * - the action's own CPU time per invocation and peak RSS, at 3 functions × 10 sizes × 1,000,
 *   and, as a ratio measured in the same run, against the same Invokes sent by a bare loop over
 *   a stock LambdaClient (scripts/bench-sdk-loop.mjs).
 *
 * Options: --time-scale 0.25 (wall ms slept per reported ms; 1 is real time, and the fixed cost of
 * starting the action weighs less the closer the scale is to 1), --serial-functions 1 (functions
 * run serially; the serial wall time is extrapolated to all three), --volume-runs 3 (rounds of
 * the CPU measurement; machines are noisy), --skip-volume, --skip-serial, --skip-pairs (the
 * standard job with live baselines), --skip-standard, --skip-versions.
 *
 * The action runs in its own process (test/runner.ts), so its CPU and RSS are its own; the
 * emulator runs in this one, where it also watches every function's update lifecycle (when
 * Lambda really applied each change), which the bound needs.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { UpdateFunctionConfigurationCommand, InvokeCommand } from '@aws-sdk/client-lambda'
import { waitUntilFunctionUpdatedV2 } from '@aws-sdk/client-lambda'
import { startEmulator, type Emulator, type FunctionSpec } from '../test/emulator/index.js'
import type { CallRecord, InvocationRecord } from '../test/emulator/journal.js'
import { sdkClients } from '../test/emulator/clients.js'
import { runAction } from '../test/runner.js'

const STANDARD_SIZES = [128, 512, 1024, 1536, 2048, 3008]
const VOLUME_SIZES = [128, 256, 512, 1024, 1536, 2048, 3008, 4096, 6144, 10240]
const FUNCTIONS = ['alpha', 'beta', 'gamma']
const CONCURRENCY = 10
const UPDATE_DELAY_MS = 1_000

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback
}
const flag = (name: string): boolean => process.argv.includes(`--${name}`)

const TIME_SCALE = Number(arg('time-scale', '0.25'))
const SERIAL_FUNCTIONS = Math.min(FUNCTIONS.length, Number(arg('serial-functions', '1')))

/** The standard function: 200 ms ± 5 % of single-threaded CPU work at 1,769 MB. */
function spec(name: string): FunctionSpec {
  return {
    name,
    memorySize: 1024,
    timeout: 900,
    updateDelayMs: UPDATE_DELAY_MS,
    model: { cpuMs: 200, noisePct: 5 }
  }
}

/** One update as Lambda applied it: from InProgress to Successful (seen every few ms). */
interface AppliedUpdate {
  functionName: string
  startedAt: number
  appliedAt: number
}

/** Watches the emulator's functions every 5 ms and records when each update was applied. */
function watchUpdates(emulator: Emulator, names: string[]): { stop(): AppliedUpdate[] } {
  const updates: AppliedUpdate[] = []
  const open = new Map<string, number>()
  const timer = setInterval(() => {
    const now = Date.now()
    for (const name of names) {
      const status = emulator.functionConfig(name).LastUpdateStatus
      const since = open.get(name)
      if (status === 'InProgress' && since === undefined) open.set(name, now)
      if (status !== 'InProgress' && since !== undefined) {
        open.delete(name)
        updates.push({ functionName: name, startedAt: since, appliedAt: now })
      }
    }
  }, 5)
  return {
    stop() {
      clearInterval(timer)
      return updates
    }
  }
}

/** Wall ms one invocation kept the emulator busy (reported duration + init, at the time scale). */
function latencyMs(i: InvocationRecord, scale: number): number {
  return (i.durationMs + (i.initDurationMs ?? i.restoreDurationMs ?? 0)) * scale
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)
const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`

/**
 * The critical-path bound of one function. `latest`: its update waits + for each size
 * ⌈N / c⌉ × that size's mean latency. `versions`: its update waits before the measurement + the
 * interleaved work Σ N × latency / c (the restore overlaps the measurement).
 */
function boundOf(
  mode: 'latest' | 'versions',
  name: string,
  updates: AppliedUpdate[],
  invocations: InvocationRecord[],
  sizes: number[],
  n: number,
  scale: number
): number {
  const mine = updates.filter((u) => u.functionName === name)
  const waits = mine.map((u) => u.appliedAt - u.startedAt)
  const ran = invocations.filter((i) => i.functionName === name)
  const lat = sizes.map((size) =>
    mean(ran.filter((i) => i.memorySize === size).map((i) => latencyMs(i, scale)))
  )
  if (mode === 'latest') {
    return (
      waits.reduce((a, b) => a + b, 0) + lat.reduce((a, l) => a + Math.ceil(n / CONCURRENCY) * l, 0)
    )
  }
  // The last update is the restore of $LATEST, which runs while the versions are measured.
  const before = waits.slice(0, -1).reduce((a, b) => a + b, 0)
  const work = lat.reduce((a, l) => a + (n * l) / CONCURRENCY, 0)
  return before + Math.max(work, waits.at(-1) ?? 0)
}

interface Usage {
  userMs: number
  systemMs: number
  maxRssMB: number
}

function usageOf(stdout: string): Usage | undefined {
  const m = /lmb-usage (\{.*\})/.exec(stdout)
  return m ? (JSON.parse(m[1]) as Usage) : undefined
}

interface JobReport {
  wallMs: number
  boundMs: number
  /** With live pairs: one function's update waits + twice its invocations' share (the issue's bound). */
  pairAllowanceMs: number
  usage?: Usage
  invocations: number
  calls: CallRecord[]
  updates: number
}

/** Each function's live baseline in the pairs job: the same function, deployed as `<name>-main`. */
const baselineOf = (name: string): string => `${name}-main`

/**
 * Runs the built action on a fresh emulator: the given functions × sizes × n; with `pairs`, each
 * function beside its live baseline (`baseline-functions`).
 */
async function runJob(
  isolation: 'latest' | 'versions',
  sizes: number[],
  n: number,
  scale: number,
  pairs = false
): Promise<JobReport> {
  const names = pairs ? [...FUNCTIONS, ...FUNCTIONS.map(baselineOf)] : FUNCTIONS
  const emulator = await startEmulator({ timeScale: scale, seed: 7, functions: names.map(spec) })
  const watch = watchUpdates(emulator, names)
  try {
    const started = Date.now()
    const run = await runAction({
      inputs: {
        functions: FUNCTIONS.join(','),
        'memory-sizes': sizes.join(','),
        invocations: String(n),
        concurrency: String(CONCURRENCY),
        isolation,
        'comment-mode': 'off',
        ...(pairs
          ? { 'baseline-functions': FUNCTIONS.map((f) => `${f}=${baselineOf(f)}`).join(',') }
          : {})
      },
      env: { AWS_ENDPOINT_URL: emulator.url, LMB_REPORT_USAGE: '1' },
      post: false,
      timeoutMs: 600_000
    })
    const wallMs = Date.now() - started
    const updates = watch.stop()
    if (run.exitCode !== 0) {
      throw new Error(
        `the action failed (${run.exitCode}):\n${run.stdout.slice(-3000)}\n${run.stderr}`
      )
    }
    const drifted = emulator.journal.driftedFunctions()
    if (drifted.length > 0) throw new Error(`left changed: ${drifted.join(', ')}`)
    const invocations = emulator.journal.invocations
    const boundMs = Math.max(
      ...FUNCTIONS.map((f) => boundOf(isolation, f, updates, invocations, sizes, n, scale))
    )
    // What a pair may cost: one function's update waits (the two sides' overlap) plus twice
    // its invocations' share of the concurrency (the sides run in lockstep).
    const pairAllowanceMs = Math.max(
      ...FUNCTIONS.map((f) => {
        const alone = boundOf(isolation, f, updates, invocations, sizes, n, scale)
        const waits = boundOf(isolation, f, updates, [], sizes, 0, scale)
        return waits + 2 * (alone - waits)
      })
    )
    return {
      wallMs,
      boundMs,
      pairAllowanceMs,
      usage: usageOf(run.stdout),
      invocations: names.length * sizes.length * n,
      calls: [...emulator.journal.calls],
      updates: updates.length
    }
  } finally {
    watch.stop()
    await emulator.stop()
  }
}

/**
 * The reference for the action's CPU: the same Invokes from a bare loop over a stock
 * LambdaClient (scripts/bench-sdk-loop.mjs), in its own process, on a fresh emulator.
 */
async function runSdkLoop(perFunction: number): Promise<Usage> {
  const emulator = await startEmulator({ timeScale: 0, seed: 7, functions: FUNCTIONS.map(spec) })
  try {
    const script = fileURLToPath(new URL('./bench-sdk-loop.mjs', import.meta.url))
    const args = [script, FUNCTIONS.join(','), String(perFunction), String(CONCURRENCY)]
    const child = spawn(process.execPath, args, {
      env: {
        PATH: process.env.PATH ?? '',
        AWS_ENDPOINT_URL: emulator.url,
        AWS_REGION: emulator.region,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test'
      },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    // The SDK's Node-version notice goes here; shown only if the loop fails.
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    const code = await new Promise<number | null>((r) => child.on('close', r))
    const usage = usageOf(stdout)
    if (code !== 0 || !usage) throw new Error(`the SDK loop failed (${code}): ${stdout}${stderr}`)
    return usage
  } finally {
    await emulator.stop()
  }
}

/** The article's way: one function after another, one invocation at a time, with the real SDK. */
async function runSerial(sizes: number[], n: number, scale: number): Promise<number> {
  const names = FUNCTIONS.slice(0, SERIAL_FUNCTIONS)
  const emulator = await startEmulator({ timeScale: scale, seed: 7, functions: names.map(spec) })
  const { lambda } = sdkClients(emulator)
  const started = Date.now()
  try {
    const setMemory = async (name: string, size: number): Promise<void> => {
      await lambda.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: name, MemorySize: size })
      )
      // The SDK waiter with its default delays (1 s).
      await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 300 }, { FunctionName: name })
    }
    for (const name of names) {
      for (const size of sizes) {
        await setMemory(name, size)
        for (let i = 0; i < n; i++) {
          await lambda.send(
            new InvokeCommand({ FunctionName: name, LogType: 'Tail', Payload: '{}' })
          )
        }
      }
      await setMemory(name, 1024)
    }
    return ((Date.now() - started) / names.length) * FUNCTIONS.length
  } finally {
    lambda.destroy()
    await emulator.stop()
  }
}

function callsLine(job: JobReport): string {
  const count = (op: string): number => job.calls.filter((c) => c.operation === op).length
  const invokes = count('Invoke')
  const throttled = job.calls.filter((c) => c.operation === 'Invoke' && c.status === 429).length
  const logs = job.calls.filter((c) => c.service === 'logs').length
  const polls = count('GetFunction') + count('GetFunctionConfiguration')
  const parts = [
    `Invoke ${(invokes / job.invocations).toFixed(3)} per measured invocation (${throttled} throttled)`,
    `CloudWatch Logs calls ${logs}`,
    `GetFunction ${polls} for ${job.updates} updates (${(polls / Math.max(1, job.updates)).toFixed(1)} per update, snapshots included)`,
    `UpdateFunctionConfiguration ${count('UpdateFunctionConfiguration')}`
  ]
  if (count('PublishVersion') > 0) {
    parts.push(
      `PublishVersion ${count('PublishVersion')}`,
      `DeleteFunction ${count('DeleteFunction')}`
    )
  }
  return parts.join('; ')
}

function usageLine(job: JobReport): string {
  const u = job.usage
  if (!u) return 'usage not reported (dist/ built without LMB_REPORT_USAGE?)'
  const per = (ms: number): string => (ms / job.invocations).toFixed(3)
  return `CPU ${per(u.userMs + u.systemMs)} ms per invocation (user ${per(u.userMs)} + system ${per(u.systemMs)}; ${(u.userMs + u.systemMs).toFixed(0)} ms in all, module loading included), peak RSS ${u.maxRssMB.toFixed(0)} MB`
}

async function main(): Promise<void> {
  const n = 100
  console.log(
    `Standard job: ${FUNCTIONS.length} functions × ${STANDARD_SIZES.length} sizes (${STANDARD_SIZES.join(', ')} MB) × ${n} invocations, concurrency ${CONCURRENCY}; 200 ms ± 5 % of CPU work at 1,769 MB; updates take ${UPDATE_DELAY_MS} ms (±20 %, not scaled); time scale ${TIME_SCALE} (a reported 1 s takes ${TIME_SCALE} s of wall time)\n`
  )
  const walls: Record<string, number> = {}
  for (const mode of flag('skip-standard') ? [] : (['latest', 'versions'] as const)) {
    const job = await runJob(mode, STANDARD_SIZES, n, TIME_SCALE)
    walls[mode] = job.wallMs
    console.log(`isolation: ${mode}`)
    console.log(
      `  wall ${s(job.wallMs)}, critical-path bound ${s(job.boundMs)}, efficiency ${(job.boundMs / job.wallMs).toFixed(2)}`
    )
    console.log(`  calls: ${callsLine(job)}`)
    console.log(`  action: ${usageLine(job)}`)
  }
  if (!flag('skip-pairs') && !flag('skip-standard')) {
    console.log(
      `\nLive pairs: the standard job with each function beside its live baseline (baseline-functions, ${FUNCTIONS.length} pairs, ${FUNCTIONS.length * 2} functions)`
    )
    for (const mode of ['latest', 'versions'] as const) {
      const job = await runJob(mode, STANDARD_SIZES, n, TIME_SCALE, true)
      console.log(
        `  isolation: ${mode}: wall ${s(job.wallMs)} (×${(job.wallMs / walls[mode]).toFixed(2)} the job without pairs); a pair's allowance (one function's update waits + twice its invocations' share) ${s(job.pairAllowanceMs)}: wall / allowance ${(job.wallMs / job.pairAllowanceMs).toFixed(2)}`
      )
      console.log(`  calls: ${callsLine(job)}`)
    }
  }
  if (!flag('skip-serial') && !flag('skip-standard')) {
    const serial = await runSerial(STANDARD_SIZES, n, TIME_SCALE)
    const how =
      SERIAL_FUNCTIONS < FUNCTIONS.length
        ? ` (${SERIAL_FUNCTIONS} function run, × ${FUNCTIONS.length / SERIAL_FUNCTIONS})`
        : ''
    console.log(
      `\nserial (article's way, SDK waiter defaults)${how}: ${s(serial)}; speed-up ×${(serial / walls.latest).toFixed(1)} (latest), ×${(serial / walls.versions).toFixed(1)} (versions)`
    )
  }
  console.log(
    `versions vs latest: ${((1 - walls.versions / walls.latest) * 100).toFixed(0)} % less wall time`
  )
  if (!flag('skip-volume')) {
    const runs = Math.max(1, Number(arg('volume-runs', '3')))
    const perFunction = VOLUME_SIZES.length * 1_000
    const total = perFunction * FUNCTIONS.length
    console.log(
      `\nVolume: ${FUNCTIONS.length} functions × ${VOLUME_SIZES.length} sizes × 1,000 invocations, time scale 0; ${runs} round(s) of the action (isolation: latest) then a bare loop over a stock LambdaClient sending the same ${total.toLocaleString('en')} Invokes (no updates, no parsing), each in its own process`
    )
    const action: number[] = []
    const reference: number[] = []
    for (let round = 1; round <= runs; round++) {
      const job = await runJob('latest', VOLUME_SIZES, 1_000, 0)
      console.log(`round ${round}, action: wall ${s(job.wallMs)}; ${usageLine(job)}`)
      if (round === 1) console.log(`  calls: ${callsLine(job)}`)
      const loop = await runSdkLoop(perFunction)
      const loopMs = (loop.userMs + loop.systemMs) / total
      console.log(
        `round ${round}, bare SDK loop: CPU ${loopMs.toFixed(3)} ms per invocation, peak RSS ${loop.maxRssMB.toFixed(0)} MB`
      )
      if (!job.usage) throw new Error('the action reported no usage (LMB_REPORT_USAGE)')
      action.push((job.usage.userMs + job.usage.systemMs) / total)
      reference.push(loopMs)
    }
    const ratios = action.map((ms, i) => ms / reference[i])
    console.log(
      `action CPU per invocation: median ${median(action).toFixed(3)} ms (${range(action, 3)}); bare SDK loop: median ${median(reference).toFixed(3)} ms (${range(reference, 3)}); action / loop in the same round: median ×${median(ratios).toFixed(2)} (${range(ratios, 2)})`
    )
    if (!flag('skip-versions')) {
      const job = await runJob('versions', VOLUME_SIZES, 1_000, 0)
      console.log(`isolation: versions: wall ${s(job.wallMs)}; ${usageLine(job)}`)
      console.log(`  calls: ${callsLine(job)}`)
    }
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

function range(values: number[], digits: number): string {
  return `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`
}

await main()

/**
 * `npm run bench`: how close the built action (dist/) comes to the fastest run Lambda allows,
 * and what it costs, on the emulator. Prints, in one run:
 * - for both isolation modes, wall time, the critical-path bound from the emulator's ground
 *   truth (bench/bound.ts; for versions, the pipelined schedule's), efficiency = bound / wall,
 *   and pipelined versions against latest;
 * - adaptive sampling (`target-precision: 2`) against the fixed `invocations`: wall,
 *   invocations and the benchmark's own cost;
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
 * standard job with live baselines), --skip-adaptive, --skip-standard, --skip-versions.
 *
 * The action runs in its own process (test/runner.ts), so its CPU and RSS are its own; the
 * emulator runs in this one, where it also watches every function's update lifecycle (when
 * Lambda really applied each change), which the bound needs.
 */
import {
  CONCURRENCY,
  FUNCTIONS,
  STANDARD_SIZES,
  UPDATE_DELAY_MS,
  VOLUME_SIZES,
  runJob,
  type JobReport
} from './bench/job.js'
import { runSdkLoop, runSerial } from './bench/reference.js'

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback
}
const flag = (name: string): boolean => process.argv.includes(`--${name}`)

const TIME_SCALE = Number(arg('time-scale', '0.25'))
const SERIAL_FUNCTIONS = Math.min(FUNCTIONS.length, Number(arg('serial-functions', '1')))
const TARGET_PRECISION = 2

const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`

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
  const jobs: Partial<Record<'latest' | 'versions', JobReport>> = {}
  for (const mode of flag('skip-standard') ? [] : (['latest', 'versions'] as const)) {
    const job = await runJob({ isolation: mode, sizes: STANDARD_SIZES, n, scale: TIME_SCALE })
    walls[mode] = job.wallMs
    jobs[mode] = job
    const how = mode === 'versions' ? 'pipelined schedule' : 'sizes in turn'
    console.log(`isolation: ${mode}`)
    console.log(
      `  wall ${s(job.wallMs)}, critical-path bound (${how}) ${s(job.boundMs)}, efficiency ${(job.boundMs / job.wallMs).toFixed(2)}`
    )
    if (job.alongsideAll !== undefined) {
      console.log(
        `  interleaved: of each size's invocations, in the order the versions were published, ${job.alongsideAll.map((x) => `${(x * 100).toFixed(0)} %`).join(', ')} started after the last version was published, alongside every other size (the least over functions)`
      )
    }
    console.log(`  calls: ${callsLine(job)}`)
    console.log(`  action: ${usageLine(job)}`)
  }
  if (!flag('skip-pairs') && !flag('skip-standard')) {
    console.log(
      `\nLive pairs: the standard job with each function beside its live baseline (baseline-functions, ${FUNCTIONS.length} pairs, ${FUNCTIONS.length * 2} functions)`
    )
    for (const mode of ['latest', 'versions'] as const) {
      const job = await runJob({
        isolation: mode,
        sizes: STANDARD_SIZES,
        n,
        scale: TIME_SCALE,
        pairs: true
      })
      console.log(
        `  isolation: ${mode}: wall ${s(job.wallMs)} (×${(job.wallMs / walls[mode]).toFixed(2)} the job without pairs); a pair's allowance (one function's bound with twice its invocations) ${s(job.pairAllowanceMs)}: wall / allowance ${(job.wallMs / job.pairAllowanceMs).toFixed(2)}`
      )
      console.log(`  calls: ${callsLine(job)}`)
    }
  }
  if (!flag('skip-serial') && !flag('skip-standard')) {
    const serial = await runSerial(STANDARD_SIZES, n, TIME_SCALE, SERIAL_FUNCTIONS)
    const how =
      SERIAL_FUNCTIONS < FUNCTIONS.length
        ? ` (${SERIAL_FUNCTIONS} function run, × ${FUNCTIONS.length / SERIAL_FUNCTIONS})`
        : ''
    console.log(
      `\nserial (article's way, SDK waiter defaults)${how}: ${s(serial)}; speed-up ×${(serial / walls.latest).toFixed(1)} (latest), ×${(serial / walls.versions).toFixed(1)} (versions)`
    )
  }
  if (jobs.latest && jobs.versions) {
    console.log(
      `\npipelined versions vs latest, same run: wall ${s(walls.versions)} vs ${s(walls.latest)} = ×${(walls.versions / walls.latest).toFixed(2)}; bounds ${s(jobs.versions.boundMs)} vs ${s(jobs.latest.boundMs)}`
    )
  }
  if (jobs.latest && !flag('skip-adaptive')) {
    const adaptive = await runJob({
      isolation: 'latest',
      sizes: STANDARD_SIZES,
      n,
      scale: TIME_SCALE,
      targetPrecision: TARGET_PRECISION
    })
    const line = (job: JobReport): string =>
      `wall ${s(job.wallMs)}, ${job.invoked.toLocaleString('en-US')} invocations, cost $${job.costUsd.toFixed(5)}`
    console.log(
      `\nadaptive sampling (isolation: latest), same run:\n  fixed invocations ${n}:        ${line(jobs.latest)}\n  target-precision ${TARGET_PRECISION} (min 20):  ${line(adaptive)}\n  adaptive / fixed: wall ×${(adaptive.wallMs / jobs.latest.wallMs).toFixed(2)}, invocations ×${(adaptive.invoked / jobs.latest.invoked).toFixed(2)}, cost ×${(adaptive.costUsd / jobs.latest.costUsd).toFixed(2)}`
    )
  }
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
      const job = await runJob({ isolation: 'latest', sizes: VOLUME_SIZES, n: 1_000, scale: 0 })
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
      const job = await runJob({ isolation: 'versions', sizes: VOLUME_SIZES, n: 1_000, scale: 0 })
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

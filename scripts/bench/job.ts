/**
 * The standard job of `npm run bench` through the built action (dist/), on a fresh emulator:
 * 3 functions of 200 ms ± 5 % of single-threaded CPU work at 1,769 MB, updates of 1 s, and what
 * the bound needs of it (when Lambda really applied each update, every invocation's record).
 */
import type { Emulator, FunctionSpec } from '../../test/emulator/index.js'
import { startEmulator } from '../../test/emulator/index.js'
import type { CallRecord, InvocationRecord } from '../../test/emulator/journal.js'
import { resultsOf, runAction } from '../../test/runner.js'
import { benchmarkCost } from '../../src/report/frame.js'
import { boundOf, type AppliedUpdate, type Isolation } from './bound.js'

export const STANDARD_SIZES = [128, 512, 1024, 1536, 2048, 3008]
export const VOLUME_SIZES = [128, 256, 512, 1024, 1536, 2048, 3008, 4096, 6144, 10240]
export const FUNCTIONS = ['alpha', 'beta', 'gamma']
export const CONCURRENCY = 10
export const UPDATE_DELAY_MS = 1_000
/** Every function's memory before the run. */
const CURRENT_MEMORY = 1024

/** The standard function: 200 ms ± 5 % of single-threaded CPU work at 1,769 MB. */
export function spec(name: string): FunctionSpec {
  return {
    name,
    memorySize: CURRENT_MEMORY,
    timeout: 900,
    updateDelayMs: UPDATE_DELAY_MS,
    model: { cpuMs: 200, noisePct: 5 }
  }
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

/** The action's own CPU and peak RSS, as it prints them with LMB_REPORT_USAGE. */
export interface Usage {
  userMs: number
  systemMs: number
  maxRssMB: number
}

export function usageOf(stdout: string): Usage | undefined {
  const m = /lmb-usage (\{.*\})/.exec(stdout)
  return m ? (JSON.parse(m[1]) as Usage) : undefined
}

/** What one run of the action took and did. */
export interface JobReport {
  wallMs: number
  boundMs: number
  /** With live pairs: one function's update waits + twice its invocations' share (the issue's bound). */
  pairAllowanceMs: number
  usage?: Usage
  /** Measured invocations as planned (functions × sizes × n). */
  invocations: number
  /** Invocations the emulator ran. */
  invoked: number
  /** USD, the benchmark's own cost as its results file counts it. */
  costUsd: number
  calls: CallRecord[]
  updates: number
  /**
   * isolation: versions — per size, in publish order, the smallest share over functions of its
   * invocations that started once every version existed (so alongside every other size).
   */
  alongsideAll?: number[]
}

/** How to run the job. */
export interface JobOptions {
  isolation: Isolation
  sizes: number[]
  n: number
  scale: number
  /** Each function beside its live baseline (`baseline-functions`). */
  pairs?: boolean
  targetPrecision?: number
}

/**
 * Per size, in the order its versions were published: the share of its invocations of `name`
 * that started after the last version was published.
 */
function alongside(name: string, emulator: Emulator): number[] {
  const published = emulator.journal.callsOf('PublishVersion', name).filter((c) => c.status === 201)
  const last = Math.max(...published.map((c) => c.at))
  const ran = emulator.journal.invocations
    .filter((i) => i.functionName === name)
    .sort((a, b) => a.startedAt - b.startedAt)
  // A size's first invocation comes after its publish: in order of first start, publish order.
  const sizes = [...new Set(ran.map((i) => i.memorySize))]
  return sizes.map((size) => {
    const mine = ran.filter((i) => i.memorySize === size)
    return mine.filter((i) => i.startedAt >= last).length / mine.length
  })
}

/** Each function's live baseline in the pairs job: the same function, deployed as `<name>-main`. */
const baselineOf = (name: string): string => `${name}-main`

/** Runs the built action on a fresh emulator: the functions × sizes × n. */
export async function runJob(options: JobOptions): Promise<JobReport> {
  const { isolation, sizes, n, scale, pairs = false } = options
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
        'upload-results': 'false',
        ...(options.targetPrecision ? { 'target-precision': String(options.targetPrecision) } : {}),
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
    const invocations: InvocationRecord[] = emulator.journal.invocations
    const bound = (f: string, each = n): number =>
      boundOf(
        { isolation, updates, invocations, sizes, n: each, scale, current: CURRENT_MEMORY },
        f,
        CONCURRENCY
      )
    const boundMs = Math.max(...FUNCTIONS.map((f) => bound(f)))
    // What a pair may cost: one function's update waits (the two sides' overlap) with twice
    // its invocations' work (the sides run in lockstep).
    const pairAllowanceMs = Math.max(...FUNCTIONS.map((f) => bound(f, 2 * n)))
    const each = isolation === 'versions' ? FUNCTIONS.map((f) => alongside(f, emulator)) : []
    const alongsideAll = each[0]?.map((_, k) => Math.min(...each.map((a) => a[k])))
    return {
      ...(alongsideAll === undefined ? {} : { alongsideAll }),
      wallMs,
      boundMs,
      pairAllowanceMs,
      usage: usageOf(run.stdout),
      invocations: names.length * sizes.length * n,
      invoked: invocations.length,
      costUsd: benchmarkCost(await resultsOf(run)),
      calls: [...emulator.journal.calls],
      updates: updates.length
    }
  } finally {
    watch.stop()
    await emulator.stop()
  }
}

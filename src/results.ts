/**
 * The results file (schemaVersion 1): a contract with users' later steps and with baselines.
 * Add fields, never rename.
 */
import { readFile, writeFile } from 'node:fs/promises'
import type { Comparison } from './compare/comparison.js'

export const SCHEMA_VERSION = 1

export type Architecture = 'x86_64' | 'arm64'

/** Summary statistics of a sample, in ms. */
export interface Summary {
  mean: number
  p50: number
  p90: number
  p95: number
  p99: number
  min: number
  max: number
  stddev: number
}

/** What was measured for one function at one memory size. */
export interface TierResult {
  memorySize: number
  /** Measured invocations: exactly what was asked, cold ones included. */
  invocations: number
  /** Responses with X-Amz-Function-Error. */
  errors: number
  errorTypes: Record<string, number>
  /** Invocations whose REPORT was found neither in the tail nor in CloudWatch Logs. */
  unmeasured: number
  /** REPORTs with Init Duration or Restore Duration. */
  coldStarts: number
  /** Warm, successful invocations. Null when there was none. */
  billedDuration: Summary | null
  duration: Summary | null
  /** Cold starts' Init Duration (or Restore Duration). Null when there was none. */
  initDuration: Summary | null
  /** MB, the largest seen. Null when nothing was measured. */
  maxMemoryUsed: number | null
  /** USD, from the warm mean billed duration, request price included. */
  costPerInvocation: number | null
  /** USD, mean cost of a cold invocation (its Billed Duration includes INIT). */
  coldStartCostPerInvocation: number | null
  /** Throttled attempts (429) that were retried; never counted as invocations. */
  throttles: number
  /** REPORT records read from CloudWatch Logs because the tail lacked them. */
  reportsFromLogs: number
  /** Billed ms of each warm successful invocation, in completion order. */
  samples: number[]
}

export interface Recommendation {
  /** MB: lowest cost per invocation. */
  cost: number | null
  /** MB: lowest mean warm billed duration. */
  speed: number | null
  /** MB: best equal-weight score of normalised cost and duration. */
  balanced: number | null
}

export interface FunctionResult {
  functionArn: string
  functionName: string
  /** Unique display name: the name, with region (and account) only where two would look the same. */
  displayName: string
  region: string
  architecture: Architecture
  originalMemorySize: number
  status: 'ok' | 'failed'
  error: string | null
  tiers: TierResult[]
  recommendation: Recommendation
}

export interface Settings {
  memorySizes: number[]
  invocations: number
  concurrency: number
  isolation: 'latest' | 'versions'
  monthlyInvocations: number | null
}

export interface Results {
  schemaVersion: typeof SCHEMA_VERSION
  startedAt: string
  finishedAt: string
  settings: Settings
  functions: FunctionResult[]
  /** Link to the workflow run, when run on GitHub Actions. */
  runUrl?: string
  /** True when the run was cancelled and these results are partial. */
  cancelled?: boolean
  /** The comparison with the `baseline` results file, when one was given and read. */
  comparison?: Comparison
}

/** Results without per-invocation samples: for the `results` output, which has a size limit. */
export function withoutSamples(results: Results): Results {
  return {
    ...results,
    functions: results.functions.map((f) => ({
      ...f,
      tiers: f.tiers.map((t) => ({ ...t, samples: [] }))
    }))
  }
}

/** Writes the results file as pretty JSON. */
export async function writeResults(path: string, results: Results): Promise<void> {
  await writeFile(path, JSON.stringify(results, null, 2) + '\n', 'utf8')
}

/** Reads a results file; throws with the reason when it is not schemaVersion 1. */
export async function readResults(path: string): Promise<Results> {
  const parsed: unknown = JSON.parse(await readFile(path, 'utf8'))
  if (typeof parsed !== 'object' || parsed === null || !('schemaVersion' in parsed)) {
    throw new Error(`${path} is not a benchmark results file (no schemaVersion)`)
  }
  if (parsed.schemaVersion !== SCHEMA_VERSION) {
    throw new Error(
      `${path} has schemaVersion ${String(parsed.schemaVersion)}; this version reads ${SCHEMA_VERSION}`
    )
  }
  if (!('functions' in parsed) || !Array.isArray(parsed.functions)) {
    throw new Error(`${path} has no functions array`)
  }
  return parsed as Results
}

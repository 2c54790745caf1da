/** Builders of small Results for the comparison tests. */
import { mulberry32, normalDeviates } from '../../src/compare/prng.js'
import type { FunctionResult, Results, Summary, TierResult } from '../../src/results.js'

/** A seeded normal generator. */
export function gaussian(seed: number): () => number {
  return normalDeviates(mulberry32(seed))
}

/** Billed samples: ceil(mean × (1 + cv·Z)), at least 1 ms, like Lambda's billing. */
export function billed(n: number, mean: number, cv: number, seed: number): number[] {
  const z = gaussian(seed)
  return Array.from({ length: n }, () => Math.max(1, Math.ceil(mean * (1 + cv * z()))))
}

function summary(samples: number[]): Summary | null {
  if (samples.length === 0) return null
  const sorted = [...samples].sort((a, b) => a - b)
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]
  return {
    mean,
    p50: q(0.5),
    p90: q(0.9),
    p95: q(0.95),
    p99: q(0.99),
    min: sorted[0],
    max: sorted[sorted.length - 1],
    stddev: Math.sqrt(samples.reduce((a, b) => a + (b - mean) ** 2, 0) / samples.length)
  }
}

/** A tier whose cost follows its mean billed duration at x86 prices. */
export function tier(memorySize: number, samples: number[]): TierResult {
  const s = summary(samples)
  return {
    memorySize,
    invocations: samples.length,
    errors: 0,
    errorTypes: {},
    unmeasured: 0,
    coldStarts: 0,
    billedDuration: s,
    duration: s,
    initDuration: null,
    maxMemoryUsed: 60,
    costPerInvocation: s ? s.mean * (memorySize / 1024) * 0.0000000166667 + 2e-7 : null,
    coldStartCostPerInvocation: null,
    throttles: 0,
    reportsFromLogs: 0,
    samples
  }
}

/** A function result named `name` with the given tiers. */
export function fn(name: string, tiers: TierResult[], region = 'us-east-1'): FunctionResult {
  return {
    functionArn: `arn:aws:lambda:${region}:123456789012:function:${name}`,
    functionName: name,
    displayName: name,
    region,
    architecture: 'x86_64',
    originalMemorySize: 128,
    status: 'ok',
    error: null,
    tiers,
    recommendation: { cost: null, speed: null, balanced: null }
  }
}

/** A results file started at `startedAt`. */
export function results(startedAt: string, functions: FunctionResult[]): Results {
  return {
    schemaVersion: 1,
    startedAt,
    finishedAt: startedAt,
    settings: {
      memorySizes: [...new Set(functions.flatMap((f) => f.tiers.map((t) => t.memorySize)))],
      invocations: 100,
      concurrency: 10,
      isolation: 'latest',
      monthlyInvocations: null
    },
    functions
  }
}

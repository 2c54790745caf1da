/**
 * A function in a region without a published USD price, end to end through the pure parts:
 * its tiers carry no cost (warm or cold), its cheapest size is still found, and the report
 * names the region and says why its costs are left out instead of showing a guessed one.
 */
import type { Invocation } from '../../src/model/measurement.js'
import type { FunctionResult, Results } from '../../src/model/results.js'
import { renderReport } from '../../src/report/index.js'
import { recommend } from '../../src/stats/recommend.js'
import { summarizeTier } from '../../src/stats/tier.js'

/** 20 invocations at a size: 2 cold starts (Init Duration), 18 warm ones of `billedMs`. */
function invocations(memorySize: number, billedMs: number): Invocation[] {
  return Array.from({ length: 20 }, (_, i) => ({
    requestId: `r-${memorySize}-${i}`,
    memorySize,
    functionError: null,
    fromLogs: false,
    report: {
      requestId: `r-${memorySize}-${i}`,
      durationMs: billedMs - 0.5,
      billedDurationMs: i < 2 ? billedMs + 300 : billedMs,
      memorySizeMB: memorySize,
      maxMemoryUsedMB: 80,
      ...(i < 2 ? { initDurationMs: 299.2 } : {})
    }
  }))
}

const SIZES: [number, number][] = [
  [128, 1600],
  [512, 420],
  [1024, 200],
  [2048, 135]
]

function measured(name: string, region: string): FunctionResult {
  const tiers = SIZES.map(([m, ms]) => summarizeTier(m, invocations(m, ms), 'arm64', region))
  return {
    functionArn: `arn:aws:lambda:${region}:123456789012:function:${name}`,
    functionName: name,
    displayName: name,
    region,
    architecture: 'arm64',
    originalMemorySize: 512,
    status: 'ok',
    error: null,
    tiers,
    recommendation: recommend(tiers)
  }
}

function results(functions: FunctionResult[]): Results {
  return {
    schemaVersion: 1,
    startedAt: '2026-12-02T10:00:00.000Z',
    finishedAt: '2026-12-02T10:01:00.000Z',
    settings: {
      memorySizes: SIZES.map(([m]) => m),
      invocations: 20,
      concurrency: 2,
      isolation: 'latest',
      monthlyInvocations: 1_000_000,
      coldStarts: 0,
      targetPrecision: null,
      minInvocations: null
    },
    functions
  }
}

describe('a region without a published price', () => {
  const telAviv = measured('orders-tlv', 'il-central-1')
  const virginia = measured('orders-iad', 'us-east-1')

  it('gives null costs, warm and cold, with the measured durations kept', () => {
    for (const t of telAviv.tiers) {
      expect(t.costPerInvocation).toBeNull()
      expect(t.coldStartCostPerInvocation).toBeNull()
      expect(t.coldStarts).toBe(2)
      expect(t.billedDuration?.mean).toBeGreaterThan(0)
    }
    expect(virginia.tiers[1].costPerInvocation).toBeCloseTo(
      0.42 * 0.5 * 0.0000133334 + 0.0000002,
      15
    )
  })

  it('still recommends by cost (billed GB-seconds order the sizes as any one price does)', () => {
    expect(telAviv.recommendation).toEqual(virginia.recommendation)
    expect(telAviv.recommendation).toEqual({ cost: 128, speed: 2048, balanced: 1024 })
  })

  it('is named in the report, with why, and no cost is shown for it', () => {
    const md = renderReport(results([virginia, telAviv]))
    expect(md).toContain(
      'No published Lambda price known for region il-central-1: costs left out (orders-tlv).'
    )
    expect(md).toContain('The cheapest size is still found, from billed GB-seconds.')
    expect(md).toContain('(regions without a price left out)')
    const costTable = md.slice(md.indexOf('### Cost by memory size'))
    const rows = costTable.split('\n').filter((l) => /^\| \d/.test(l))
    expect(rows).toHaveLength(SIZES.length)
    for (const row of rows) expect(row.split(' | ').at(-1)).toBe('— |')
  })

  it('says the benchmark cost is unknown when no function has a price', () => {
    const md = renderReport(results([telAviv, measured('orders-bjs', 'cn-north-1')]))
    expect(md).toContain('the benchmark cost unknown (no published price for its region)')
    expect(md).not.toContain('the benchmark cost ≈')
    expect(md).toContain('Lambda in cn-north-1 bills in CNY, not USD: costs left out (orders-bjs).')
  })

  it('adds no note where every function is priced', () => {
    const md = renderReport(results([virginia, measured('orders-bah', 'me-central-1')]))
    expect(md).not.toContain('costs left out')
    expect(md).toMatch(/the benchmark cost ≈ \$\S+ ·|the benchmark cost ≈ \$\S+$/m)
  })
})

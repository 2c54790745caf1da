/** The report's adaptive-sampling line (src/report/sampling.ts). */
import type { Results, TierResult } from '../../src/model/results.js'
import { samplingLine, samplingSavings } from '../../src/report/sampling.js'
import { renderReport } from '../../src/report/index.js'
import { billed, fn, results, tier } from '../fixtures/results/samples.js'

function adaptiveTier(
  size: number,
  n: number,
  reached: boolean,
  halfWidthPct: number | null
): TierResult {
  return {
    ...tier(size, billed(n, 800_000 / size, 0.05, size + n)),
    precision: { halfWidthPct, reached }
  }
}

function run(tiers: TierResult[], target: number | null = 2): Results {
  const r = results('2026-12-02T08:00:00Z', [fn('orders', tiers)])
  return {
    ...r,
    settings: {
      ...r.settings,
      invocations: 100,
      targetPrecision: target,
      minInvocations: target === null ? null : 20
    }
  }
}

test('no line when adaptive sampling was off', () => {
  expect(samplingLine(run([tier(128, billed(100, 900, 0.05, 1))], null))).toBe('')
})

test('the invocations and dollars saved against the fixed invocations', () => {
  const tiers = [adaptiveTier(128, 30, true, 1.9), adaptiveTier(1024, 25, true, 1.7)]
  const r = run(tiers)
  const saved = samplingSavings(r)
  expect(saved.invocations).toBe(70 + 75)
  expect(saved.usd).toBeCloseTo(
    70 * tiers[0].costPerInvocation! + 75 * tiers[1].costPerInvocation!,
    15
  )
  const line = samplingLine(r)
  expect(line).toMatch(
    /±2 % at 95 %, after at least 20\): 55 of 200 invocations \(28\s%\), 145 fewer than a fixed 100 per size, ≈ \$/
  )
  expect(line).not.toMatch(/Not reached/)
})

test('names every size that did not reach the target, with how precise it got', () => {
  const r = run([
    adaptiveTier(128, 100, false, 3.14),
    adaptiveTier(512, 100, false, null),
    adaptiveTier(1024, 30, true, 1.2)
  ])
  const line = samplingLine(r)
  expect(line).toMatch(
    /Not reached within 100: \*\*orders\*\* 128\sMB \(±3.1 %\), \*\*orders\*\* 512\sMB \(no warm sample\)/
  )
  expect(line).not.toMatch(/1,024\sMB \(/)
})

test('the report carries the line under its summary, which says "up to"', () => {
  const report = renderReport(run([adaptiveTier(128, 30, true, 1.9)]))
  const lines = report.split('\n\n')
  expect(lines[1]).toMatch(/× up to 100 invocations/)
  expect(lines[2]).toMatch(/^🎯 \*\*Adaptive sampling\*\*/)
})

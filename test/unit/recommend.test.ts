import type { Summary, TierResult } from '../../src/model/results.js'
import { costPerInvocation } from '../../src/stats/cost.js'
import { recommend } from '../../src/stats/recommend.js'

const summary = (mean: number): Summary => ({
  mean,
  p50: mean,
  p90: mean,
  p95: mean,
  p99: mean,
  min: mean,
  max: mean,
  stddev: 0
})

function tier(
  memorySize: number,
  mean: number | null,
  errors = 0,
  region = 'us-east-1'
): TierResult {
  return {
    memorySize,
    invocations: 100,
    errors,
    errorTypes: errors ? { 'Sandbox.Timedout': errors } : {},
    unmeasured: 0,
    coldStarts: 0,
    billedDuration: mean === null ? null : summary(mean),
    duration: mean === null ? null : summary(mean),
    initDuration: null,
    maxMemoryUsed: 60,
    costPerInvocation: mean === null ? null : costPerInvocation(mean, memorySize, 'x86_64', region),
    coldBilledDuration: null,
    coldStartCostPerInvocation: null,
    throttles: 0,
    reportsFromLogs: 0,
    samples: []
  }
}

describe('recommend', () => {
  // The article's shape: CPU-bound until 1 vCPU, then flat.
  const tiers = [tier(128, 1600), tier(512, 420), tier(1024, 200), tier(1536, 140), tier(2048, 135)]

  it('picks the cheapest, the fastest and the balanced size', () => {
    // ms × MB: 128→204800 = 1024→204800 (a tie on cost, to the smaller), 512 and 1536→215040,
    // 2048→276480. Balanced: 128 0.5, 512 0.17, 1024 0.02, 1536 0.07, 2048 0.5.
    expect(recommend(tiers)).toEqual({ cost: 128, speed: 2048, balanced: 1024 })
  })

  it('never recommends a size with errors, however cheap or fast', () => {
    const withTimeouts = [
      tier(128, 50, 3),
      tier(256, 100),
      tier(512, 60),
      tier(768, 45),
      tier(1024, 30, 1)
    ]
    // eligible GB-s ×1000: 25.6, 30.72, 34.56 → cost 0, 0.57, 1; duration 1, 0.27, 0
    expect(recommend(withTimeouts)).toEqual({ cost: 256, speed: 768, balanced: 512 })
  })

  it('never recommends a size without a warm sample', () => {
    expect(recommend([tier(128, null), tier(256, 100)])).toEqual({
      cost: 256,
      speed: 256,
      balanced: 256
    })
  })

  it('answers null when no size is eligible', () => {
    expect(recommend([tier(128, null), tier(256, 100, 1)])).toEqual({
      cost: null,
      speed: null,
      balanced: null
    })
    expect(recommend([])).toEqual({ cost: null, speed: null, balanced: null })
  })

  it('breaks ties towards the smaller size', () => {
    expect(recommend([tier(1024, 100), tier(512, 100)])).toEqual({
      cost: 512,
      speed: 512,
      balanced: 512
    })
  })

  it('uses billed ms × MB where the region has no USD price, with the same choices', () => {
    const china = [128, 512, 1024, 1536, 2048].map((m, i) =>
      tier(m, [1600, 420, 200, 140, 135][i], 0, 'cn-north-1')
    )
    expect(china.every((t) => t.costPerInvocation === null)).toBe(true)
    expect(recommend(china)).toEqual(recommend(tiers))
  })

  it('does not depend on the order of the tiers', () => {
    expect(recommend([...tiers].reverse())).toEqual(recommend(tiers))
  })
})

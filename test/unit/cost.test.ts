import { costPerInvocation, monthlyCost } from '../../src/stats/cost.js'
import { BASE_GB_SECOND_USD, priceFor, REQUEST_PRICE_USD } from '../../src/stats/prices.js'

// Hand-computed from the price table: billed ms / 1000 × MB / 1024 × $/GB-s + $0.0000002.
describe('costPerInvocation', () => {
  it('x86_64 in us-east-1: 100 ms at 1024 MB', () => {
    // 0.1 s × 1 GB × 0.0000166667 + 0.0000002
    expect(costPerInvocation(100, 1024, 'x86_64', 'us-east-1')).toBeCloseTo(0.00000186667, 15)
  })

  it('arm64 in us-east-1: 4 ms at 128 MB', () => {
    // 0.004 s × 0.125 GB × 0.0000133334 + 0.0000002
    expect(costPerInvocation(4, 128, 'arm64', 'us-east-1')).toBeCloseTo(2.066667e-7, 15)
  })

  it('a cold start billed with INIT: 1978 ms at 3008 MB', () => {
    // 1.978 s × 2.9375 GB × 0.0000166667 + 0.0000002
    expect(costPerInvocation(1978, 3008, 'x86_64', 'us-east-1')).toBeCloseTo(9.70397770125e-5, 15)
  })

  it('a region priced higher: ap-east-1, 1000 ms at 1024 MB', () => {
    // 1 s × 1 GB × 0.0000166667 × 2.9 / 2.1 + 0.0000002
    expect(costPerInvocation(1000, 1024, 'x86_64', 'ap-east-1')).toBeCloseTo(2.3215919e-5, 12)
  })

  it('a region at the base price costs the same as us-east-1', () => {
    expect(costPerInvocation(250, 512, 'arm64', 'eu-west-1')).toBe(
      costPerInvocation(250, 512, 'arm64', 'us-east-1')
    )
  })

  it('is unknown (null) in China regions, which bill in CNY', () => {
    expect(costPerInvocation(100, 1024, 'x86_64', 'cn-north-1')).toBeNull()
  })

  it('is null for a missing duration', () => {
    expect(costPerInvocation(NaN, 1024, 'x86_64', 'us-east-1')).toBeNull()
  })
})

describe('priceFor', () => {
  it('holds the published us-east-1 prices', () => {
    expect(BASE_GB_SECOND_USD).toEqual({ x86_64: 0.0000166667, arm64: 0.0000133334 })
    expect(REQUEST_PRICE_USD).toBeCloseTo(0.0000002, 18)
    expect(priceFor('x86_64', 'us-east-1')).toEqual({
      gbSecond: 0.0000166667,
      request: REQUEST_PRICE_USD
    })
  })

  it('scales arm64 by the regional ratio: eu-south-1', () => {
    expect(priceFor('arm64', 'eu-south-1')?.gbSecond).toBeCloseTo(1.5238171e-5, 12)
  })
})

describe('monthlyCost', () => {
  it('multiplies, and is null when either side is unknown', () => {
    expect(monthlyCost(0.000002, 1_000_000)).toBeCloseTo(2, 12)
    expect(monthlyCost(null, 1_000_000)).toBeNull()
    expect(monthlyCost(0.000002, null)).toBeNull()
    expect(monthlyCost(0.000002, undefined)).toBeNull()
  })
})

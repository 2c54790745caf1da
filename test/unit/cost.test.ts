import { costPerInvocation, monthlyCost } from '../../src/stats/cost.js'

// Hand-computed from AWS's published prices (src/stats/prices.ts):
// billed ms / 1000 × MB / 1024 × $/GB-s + the region's price per request.
describe('costPerInvocation', () => {
  it('x86_64 in us-east-1: 100 ms at 1024 MB', () => {
    // 0.1 s × 1 GB × 0.0000166667 + 0.20 / 1M
    expect(costPerInvocation(100, 1024, 'x86_64', 'us-east-1')).toBeCloseTo(0.00000186667, 15)
  })

  it('arm64 in us-east-1: 4 ms at 128 MB', () => {
    // 0.004 s × 0.125 GB × 0.0000133334 + 0.20 / 1M
    expect(costPerInvocation(4, 128, 'arm64', 'us-east-1')).toBeCloseTo(2.066667e-7, 15)
  })

  it('a cold start billed with INIT: 1978 ms at 3008 MB', () => {
    // 1.978 s × 2.9375 GB × 0.0000166667 + 0.20 / 1M
    expect(costPerInvocation(1978, 3008, 'x86_64', 'us-east-1')).toBeCloseTo(9.70397770125e-5, 15)
  })

  it('a SnapStart restore: its Billed Duration (610 ms, the billed restore included) as written', () => {
    // Duration 306.34 ms, Billed Restore Duration 303 ms, Billed Duration 610 ms, 3009 MB:
    // 0.61 s × 2.9384765625 GB × 0.0000166667 + 0.20 / 1M
    expect(costPerInvocation(610, 3009, 'x86_64', 'us-east-1')).toBeCloseTo(3.007457146777e-5, 15)
  })

  it('ap-east-1, priced higher, its own request price: 1000 ms at 1024 MB', () => {
    // 1 s × 1 GB × 0.00002292 + 0.28 / 1M
    expect(costPerInvocation(1000, 1024, 'x86_64', 'ap-east-1')).toBeCloseTo(0.0000232, 15)
  })

  it('af-south-1, arm64: 250 ms at 512 MB', () => {
    // 0.25 s × 0.5 GB × 0.00001768 + 0.27 / 1M
    expect(costPerInvocation(250, 512, 'arm64', 'af-south-1')).toBeCloseTo(0.00000248, 15)
  })

  it('ap-southeast-5, priced lower: 1000 ms at 2048 MB', () => {
    // 1 s × 2 GB × 0.000015 + 0.18 / 1M
    expect(costPerInvocation(1000, 2048, 'x86_64', 'ap-southeast-5')).toBeCloseTo(0.00003018, 15)
  })

  it('eu-central-2 and eu-south-1, each its own: 1000 ms at 1024 MB', () => {
    // 0.0000183334 + 0.22 / 1M; 0.0000195172 + 0.23 / 1M
    expect(costPerInvocation(1000, 1024, 'x86_64', 'eu-central-2')).toBeCloseTo(0.0000185534, 15)
    expect(costPerInvocation(1000, 1024, 'x86_64', 'eu-south-1')).toBeCloseTo(0.0000197472, 15)
  })

  it('me-central-1, now priced: arm64, 100 ms at 128 MB', () => {
    // 0.1 s × 0.125 GB × 0.0000165334 + 0.25 / 1M
    expect(costPerInvocation(100, 128, 'arm64', 'me-central-1')).toBeCloseTo(4.566675e-7, 15)
  })

  it('ap-northeast-3 costs what us-east-1 costs: no premium', () => {
    for (const arch of ['x86_64', 'arm64'] as const) {
      expect(costPerInvocation(250, 512, arch, 'ap-northeast-3')).toBe(
        costPerInvocation(250, 512, arch, 'us-east-1')
      )
    }
  })

  it('is null, never a guess, where no published USD price is known', () => {
    for (const region of [
      'il-central-1',
      'ap-south-2',
      'mx-central-1',
      'us-gov-west-1',
      'cn-north-1',
      'xx-nowhere-9',
      '',
      'constructor',
      '__proto__'
    ]) {
      expect(costPerInvocation(100, 1024, 'x86_64', region)).toBeNull()
      expect(costPerInvocation(100, 1024, 'arm64', region)).toBeNull()
    }
  })

  it('is null for a missing duration', () => {
    expect(costPerInvocation(NaN, 1024, 'x86_64', 'us-east-1')).toBeNull()
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

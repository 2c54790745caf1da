/**
 * The price table against AWS's published Lambda prices (the figures and their source are in
 * src/stats/prices.ts), for every region Lambda runs in as of December 2026.
 */
import { LAMBDA_PRICES, priceFor, unpricedReason } from '../../src/stats/prices.js'

/** x86_64 and arm64 USD per GB-second, USD per million requests: AWS's figures, copied by hand. */
const PUBLISHED: Record<string, [number, number, number]> = {
  'us-east-1': [0.0000166667, 0.0000133334, 0.2],
  'us-east-2': [0.0000166667, 0.0000133334, 0.2],
  'us-west-1': [0.0000166667, 0.0000133334, 0.2],
  'us-west-2': [0.0000166667, 0.0000133334, 0.2],
  'ca-central-1': [0.0000166667, 0.0000133334, 0.2],
  'sa-east-1': [0.0000166667, 0.0000133334, 0.2],
  'eu-central-1': [0.0000166667, 0.0000133334, 0.2],
  'eu-west-1': [0.0000166667, 0.0000133334, 0.2],
  'eu-west-2': [0.0000166667, 0.0000133334, 0.2],
  'eu-west-3': [0.0000166667, 0.0000133334, 0.2],
  'eu-north-1': [0.0000166667, 0.0000133334, 0.2],
  'ap-south-1': [0.0000166667, 0.0000133334, 0.2],
  'ap-northeast-1': [0.0000166667, 0.0000133334, 0.2],
  'ap-northeast-2': [0.0000166667, 0.0000133334, 0.2],
  'ap-northeast-3': [0.0000166667, 0.0000133334, 0.2],
  'ap-southeast-1': [0.0000166667, 0.0000133334, 0.2],
  'ap-southeast-2': [0.0000166667, 0.0000133334, 0.2],
  'ap-southeast-3': [0.0000166667, 0.0000133334, 0.2],
  'ap-southeast-4': [0.0000166667, 0.0000133334, 0.2],
  'af-south-1': [0.0000221, 0.00001768, 0.27],
  'ap-east-1': [0.00002292, 0.0000183, 0.28],
  'ap-southeast-5': [0.000015, 0.000012, 0.18],
  'eu-central-2': [0.0000183334, 0.0000146667, 0.22],
  'eu-south-1': [0.0000195172, 0.0000156138, 0.23],
  'me-central-1': [0.0000206667, 0.0000165334, 0.25],
  'me-south-1': [0.0000206667, 0.0000165334, 0.25]
}

/** Regions Lambda runs in whose price could not be established from AWS's figures. */
const UNPRICED = [
  'ap-south-2',
  'ap-southeast-6',
  'ap-southeast-7',
  'ap-east-2',
  'eu-south-2',
  'il-central-1',
  'ca-west-1',
  'mx-central-1',
  'us-gov-east-1',
  'us-gov-west-1',
  'eusc-de-east-1',
  'cn-north-1',
  'cn-northwest-1'
]

describe('the price table', () => {
  it('holds exactly the published prices, region by region', () => {
    expect(Object.keys(LAMBDA_PRICES).sort()).toEqual(Object.keys(PUBLISHED).sort())
    for (const [region, [x86, arm, perMillion]] of Object.entries(PUBLISHED)) {
      expect(priceFor('x86_64', region)).toEqual({ gbSecond: x86, request: perMillion / 1e6 })
      expect(priceFor('arm64', region)).toEqual({ gbSecond: arm, request: perMillion / 1e6 })
    }
  })

  it('prices me-central-1 and charges ap-northeast-3 no premium', () => {
    expect(priceFor('x86_64', 'me-central-1')?.gbSecond).toBe(0.0000206667)
    expect(priceFor('x86_64', 'ap-northeast-3')).toEqual(priceFor('x86_64', 'us-east-1'))
    expect(priceFor('arm64', 'ap-northeast-3')).toEqual(priceFor('arm64', 'us-east-1'))
  })

  it('has arm64 at 80 % of x86_64, as AWS prices it (ap-east-1 a little under)', () => {
    for (const [region, { x86_64, arm64 }] of Object.entries(LAMBDA_PRICES)) {
      const ratio = arm64 / x86_64
      if (region === 'ap-east-1') expect(ratio).toBeCloseTo(0.7984, 4)
      else expect(ratio).toBeCloseTo(0.8, 5)
    }
  })

  it('leaves out every other region Lambda runs in, never guessing a price', () => {
    for (const region of UNPRICED) {
      expect(priceFor('x86_64', region)).toBeNull()
      expect(priceFor('arm64', region)).toBeNull()
    }
  })
})

describe('unpricedReason', () => {
  it('names the region and says why its costs are left out', () => {
    expect(unpricedReason('il-central-1')).toBe(
      'no published Lambda price known for region il-central-1: costs left out'
    )
    expect(unpricedReason('cn-northwest-1')).toBe(
      'Lambda in cn-northwest-1 bills in CNY, not USD: costs left out'
    )
    expect(unpricedReason('us-east-1')).toBeNull()
    expect(unpricedReason('me-central-1')).toBeNull()
  })
})

/**
 * Lambda on-demand prices per region, in USD: duration per GB-second (x86_64, arm64; the first
 * volume tier) and per request.
 *
 * Source, checked 2026-12-02: AWS's own price data for Lambda, the metered-unit map
 * `https://b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps/lambda/USD/current/lambda.json` that
 * the pricing page (aws.amazon.com/lambda/pricing) and the Pricing Calculator render their
 * tables from. Its figures are the AWSLambda offer's on-demand rates (`Lambda Duration`,
 * `Lambda Duration-ARM`, `Lambda Requests`, with the offer's rate codes, e.g. us-east-1 x86_64
 * TG3M4CAGBA3NYQBH.JRTCKXETXF). Read here as remotion-dev/remotion transcribes it with those
 * rate codes (packages/lambda-client/src/price-per-1s.ts, a 2026 copy; me-south-1 from its
 * earlier packages/lambda/src/pricing/price-per-1-s.ts). Cross-checked: the AWS Price List API's
 * `AWS-Lambda-Duration` and `-ARM` groups as janritter/aws-lambda-live-tuner queried them in
 * September 2022 (cost/cost.go) agree for every region both list.
 *
 * Two regions come from less: me-central-1's x86_64 price is the 2022 Price List API figure,
 * its arm64 price artillery's table (lib/platform/aws-lambda/prices.js, artillery 2.0.28) and
 * its request price one public cost model's; each of those two sources matches AWS's map in
 * every region that both hold, and me-central-1 is priced as me-south-1 throughout.
 * ap-southeast-3's duration prices are the 2022 Price List API figures, its request price that
 * cost model's.
 *
 * What other tables get wrong: aws-lambda-power-tuning charges ap-northeast-3 a premium
 * (2.7e-9 per ms at 128 MB) that AWS's price data does not show, scales every premium from a
 * two-digit per-ms figure (ap-east-1: 2.9e-9 × 8000 = 2.32e-5, AWS: 2.292e-5 per GB-s), prices
 * arm64 the same everywhere, lacks me-central-1, and leaves out the request price, which is not
 * $0.20 per million everywhere (af-south-1 $0.27, ap-east-1 $0.28, me-south-1 $0.25,
 * eu-south-1 $0.23, eu-central-2 $0.22, ap-southeast-5 $0.18). In every region listed here the
 * arm64 request price equals the x86_64 one.
 *
 * Regions Lambda runs in that are not listed have no price here, on purpose: no AWS figure for
 * both architectures and the request price could be found (ap-south-2, ap-southeast-6,
 * ap-southeast-7, ap-east-2, eu-south-2, il-central-1, ca-west-1, mx-central-1, the GovCloud
 * regions, the European Sovereign Cloud), or they bill in CNY (cn-north-1, cn-northwest-1),
 * which a USD figure cannot hold. Their cost is null and the report says why; a guessed price
 * would be a wrong number that looks right.
 *
 * Not modelled, on purpose: volume tiers (they apply per account and month, not per function),
 * the free tier, ephemeral storage above 512 MB.
 */
import type { Architecture } from '../model/results.js'

export interface Price {
  /** USD per GB-second of billed duration. */
  gbSecond: number
  /** USD per request. */
  request: number
}

interface RegionPrices {
  /** USD per GB-second. */
  x86_64: number
  arm64: number
  /** USD per million requests (both architectures). */
  requestPerMillion: number
}

/** us-east-1's prices, and those of every region priced like it. */
const STANDARD: RegionPrices = { x86_64: 0.0000166667, arm64: 0.0000133334, requestPerMillion: 0.2 }

/** Every region with a published USD price; see the comment at the top for the source. */
export const LAMBDA_PRICES: Readonly<Record<string, RegionPrices>> = {
  'us-east-1': STANDARD,
  'us-east-2': STANDARD,
  'us-west-1': STANDARD,
  'us-west-2': STANDARD,
  'ca-central-1': STANDARD,
  'sa-east-1': STANDARD,
  'eu-central-1': STANDARD,
  'eu-west-1': STANDARD,
  'eu-west-2': STANDARD,
  'eu-west-3': STANDARD,
  'eu-north-1': STANDARD,
  'ap-south-1': STANDARD,
  'ap-northeast-1': STANDARD,
  'ap-northeast-2': STANDARD,
  'ap-northeast-3': STANDARD,
  'ap-southeast-1': STANDARD,
  'ap-southeast-2': STANDARD,
  'ap-southeast-3': STANDARD,
  'ap-southeast-4': STANDARD,
  'af-south-1': { x86_64: 0.0000221, arm64: 0.00001768, requestPerMillion: 0.27 },
  'ap-east-1': { x86_64: 0.00002292, arm64: 0.0000183, requestPerMillion: 0.28 },
  'ap-southeast-5': { x86_64: 0.000015, arm64: 0.000012, requestPerMillion: 0.18 },
  'eu-central-2': { x86_64: 0.0000183334, arm64: 0.0000146667, requestPerMillion: 0.22 },
  'eu-south-1': { x86_64: 0.0000195172, arm64: 0.0000156138, requestPerMillion: 0.23 },
  'me-central-1': { x86_64: 0.0000206667, arm64: 0.0000165334, requestPerMillion: 0.25 },
  'me-south-1': { x86_64: 0.0000206667, arm64: 0.0000165334, requestPerMillion: 0.25 }
}

/** The price for an architecture in a region; null where no published USD price is known. */
export function priceFor(architecture: Architecture, region: string): Price | null {
  const prices = Object.hasOwn(LAMBDA_PRICES, region) ? LAMBDA_PRICES[region] : undefined
  if (!prices) return null
  return { gbSecond: prices[architecture], request: prices.requestPerMillion / 1_000_000 }
}

/** Why a region's costs are left out of the report, or null when it has a price. */
export function unpricedReason(region: string): string | null {
  if (Object.hasOwn(LAMBDA_PRICES, region)) return null
  return region.startsWith('cn-')
    ? `Lambda in ${region} bills in CNY, not USD: costs left out`
    : `no published Lambda price known for region ${region}: costs left out`
}

/**
 * Lambda on-demand prices, in USD.
 *
 * Source: the AWS Lambda pricing page as collected in /work/shared/aws-facts.md (us-east-1:
 * x86_64 $0.0000166667 and arm64 $0.0000133334 per GB-second, $0.20 per 1M requests) and,
 * for the regions priced higher, the per-128 MB-ms table of alexcasalboni/aws-lambda-power-tuning
 * (default 2.1e-9; ap-east-1 2.9e-9, af-south-1 2.8e-9, ap-northeast-3 2.7e-9, me-south-1 2.6e-9,
 * eu-south-1 2.4e-9). That table rounds to two digits, so a regional price here is the exact
 * us-east-1 price scaled by the table's ratio (ap-east-1: 0.0000166667 × 2.9 / 2.1): the
 * premium is the table's, the base stays exact. arm64 takes the same regional ratio, as its
 * price is 80 % of x86_64's wherever AWS lists both (unconfirmed for those five regions).
 *
 * Not modelled, on purpose: volume tiers (they apply per account and month, not per function),
 * the free tier, ephemeral storage above 512 MB. China regions bill in CNY, which a USD column
 * cannot hold: they have no price here and their cost is reported as unknown (null).
 */
import type { Architecture } from '../model/results.js'

/** USD per request, every region we price. */
export const REQUEST_PRICE_USD = 0.2 / 1_000_000

/** USD per GB-second in us-east-1 and every region not listed as higher. */
export const BASE_GB_SECOND_USD: Readonly<Record<Architecture, number>> = {
  x86_64: 0.0000166667,
  arm64: 0.0000133334
}

/** Power Tuning's x86_64 price per ms at 128 MB; only the ratio to `default` is used. */
const PER_128MB_MS: Readonly<Record<string, number>> = {
  default: 2.1e-9,
  'ap-east-1': 2.9e-9,
  'af-south-1': 2.8e-9,
  'ap-northeast-3': 2.7e-9,
  'me-south-1': 2.6e-9,
  'eu-south-1': 2.4e-9
}

export interface Price {
  /** USD per GB-second of billed duration. */
  gbSecond: number
  /** USD per request. */
  request: number
}

/** The price for an architecture in a region; null where it is not known in USD (China). */
export function priceFor(architecture: Architecture, region: string): Price | null {
  if (region.startsWith('cn-')) return null
  const ratio = (PER_128MB_MS[region] ?? PER_128MB_MS.default) / PER_128MB_MS.default
  return { gbSecond: BASE_GB_SECOND_USD[architecture] * ratio, request: REQUEST_PRICE_USD }
}

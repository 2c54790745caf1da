/** What one invocation costs, from its billed duration. */
import type { Architecture } from '../model/results.js'
import { priceFor } from './prices.js'

/**
 * USD for one invocation: billed ms / 1000 × MB / 1024 × price per GB-s + the request price.
 * Billed Duration already includes a billed INIT phase, so nothing is added for cold starts.
 * The GB-second and request prices are the region's (prices.ts). Null where the region has no
 * published USD price — never a guessed one — or the duration is not a number.
 */
export function costPerInvocation(
  billedMs: number,
  memoryMB: number,
  architecture: Architecture,
  region: string
): number | null {
  const price = priceFor(architecture, region)
  if (!price || !Number.isFinite(billedMs) || !Number.isFinite(memoryMB)) return null
  return (billedMs / 1000) * (memoryMB / 1024) * price.gbSecond + price.request
}

/** USD per month for `monthlyInvocations` at `perInvocation`; null when either is unknown. */
export function monthlyCost(
  perInvocation: number | null,
  monthlyInvocations: number | null | undefined
): number | null {
  if (perInvocation === null || monthlyInvocations == null) return null
  return perInvocation * monthlyInvocations
}

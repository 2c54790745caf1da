/**
 * Adaptive sampling (`target-precision`) in the report: what it saved against the fixed number
 * of invocations, and each size that did not reach the target within it.
 */
import type { Results } from '../model/results.js'
import { escapeText } from './escape.js'
import { formatCount, formatMb, formatPercent, formatUsd, plural } from './format.js'
import { labelOf } from './view.js'

/** Most sizes named as not reaching the target (the results file has them all). */
const NOT_REACHED_MAX = 12

/** What a fixed `invocations` per size would have cost more, and the invocations it would have taken. */
export function samplingSavings(results: Results): { invocations: number; usd: number } {
  const asked = results.settings.invocations
  let invocations = 0
  let usd = 0
  for (const fn of results.functions) {
    for (const t of fn.tiers) {
      const saved = Math.max(0, asked - t.invocations)
      invocations += saved
      usd += saved * (t.costPerInvocation ?? 0)
    }
  }
  return { invocations, usd }
}

/** The section's text; '' when adaptive sampling was off. */
export function samplingLine(results: Results): string {
  const target = results.settings.targetPrecision
  if (target === null) return ''
  const { invocations: asked, minInvocations } = results.settings
  const tiers = results.functions.flatMap((f) => f.tiers.map((t) => ({ f, t })))
  const taken = tiers.reduce((n, { t }) => n + t.invocations, 0)
  const fixed = tiers.length * asked
  const saved = samplingSavings(results)
  const priced = tiers.some(({ t }) => t.costPerInvocation !== null)
  const head =
    `🎯 **Adaptive sampling** (each size stops once its mean is known within ±${target} % at 95 %, after at least ${formatCount(minInvocations ?? 0)}): ` +
    `${formatCount(taken)} of ${plural(fixed, 'invocation')} (${formatPercent(fixed > 0 ? taken / fixed : 0)})` +
    (saved.invocations > 0
      ? `, ${formatCount(saved.invocations)} fewer than a fixed ${formatCount(asked)} per size${priced ? `, ≈ ${formatUsd(saved.usd)} saved` : ''}`
      : '') +
    '.'
  const short = tiers.filter(({ t }) => t.precision && !t.precision.reached)
  if (short.length === 0) return head
  const named = short.slice(0, NOT_REACHED_MAX).map(({ f, t }) => {
    const width = t.precision?.halfWidthPct
    const how = width === null || width === undefined ? 'no warm sample' : `±${width.toFixed(1)} %`
    return `**${escapeText(labelOf(f))}** ${formatMb(t.memorySize)} (${how})`
  })
  const more = short.length > NOT_REACHED_MAX ? ` and ${short.length - NOT_REACHED_MAX} more` : ''
  return `${head} Not reached within ${formatCount(asked)}: ${named.join(', ')}${more} — raise \`invocations\` for those, or accept a wider interval.`
}

/**
 * The cold starts of a run with `cold-starts`: per function, a row per memory size with how many
 * cold starts were seen (forced and among the measured invocations), Init (or SnapStart Restore)
 * Duration and the cold billed duration, mean and p90, and what one cold start costs.
 */
import type { FunctionResult, Summary, TierResult } from '../model/results.js'
import { escapeText } from './escape.js'
import { formatCount, formatMb, formatMs, formatUsd, plural } from './format.js'
import { labelOf, tierAt, type View } from './view.js'

/** `412 ms (p90 450 ms)`, or — without a cold start. */
function meanAndP90(summary: Summary | null): string {
  return summary === null ? '—' : `${formatMs(summary.mean)} (p90 ${formatMs(summary.p90)})`
}

/** `10 + 2 measured`: the forced ones that found a fresh environment, then the others. */
function countCell(tier: TierResult): string {
  const forced = tier.forcedColdStarts
  if (!forced) return formatCount(tier.coldStarts)
  const measured = tier.coldStarts > 0 ? ` + ${formatCount(tier.coldStarts)} measured` : ''
  const short =
    forced.coldStarts < forced.invocations ? ` of ${formatCount(forced.invocations)} forced` : ''
  return `${formatCount(forced.coldStarts)}${short}${measured}`
}

function functionTable(view: View, fn: FunctionResult): string {
  const tiers = view.sizes.map((s) => tierAt(fn, s)).filter((t): t is TierResult => t !== undefined)
  if (tiers.length === 0) return ''
  const rows = tiers.map(
    (t) =>
      `| ${formatMb(t.memorySize)} | ${countCell(t)} | ${meanAndP90(t.initDuration)} | ${meanAndP90(t.coldBilledDuration ?? null)} | ${t.coldStartCostPerInvocation === null ? '—' : formatUsd(t.coldStartCostPerInvocation)} |`
  )
  return [
    `**${escapeText(labelOf(fn))}**`,
    '',
    `| Memory | Cold starts | Init, ms | Billed (cold), ms | Cost of a cold start |`,
    '|:---|---:|---:|---:|---:|',
    ...rows
  ].join('\n')
}

/** The section's text ('' without forced cold starts); `limit`: functions shown. */
export function coldStartSection(view: View, limit: number): string {
  const asked = view.results.settings.coldStarts
  if (asked === 0) return ''
  const tables = view.columns
    .slice(0, limit)
    .map((fn) => functionTable(view, fn))
    .filter((t) => t !== '')
  if (tables.length === 0) return ''
  const legend = `<sub>${plural(asked, 'forced cold start')} per size, each on a fresh execution environment, in addition to the measured invocations; never in the warm figures above. Init is Restore Duration for a SnapStart version; Billed (cold) includes it.</sub>`
  return [legend, ...tables].join('\n\n')
}

/** The report's frame: the title and summary line above, the failed functions and the footer below. */
import type { Results } from '../model/results.js'
import { escapeCode, escapeText, truncate } from './escape.js'
import { formatCount, formatUsd, formatWallTime, NBSP, plural } from './format.js'
import { labelOf, unpricedNotes, type View } from './view.js'

export const TITLE = '## Lambda memory benchmark'

/**
 * What the benchmark itself cost, USD: warm invocations at the warm cost, cold starts (the
 * forced ones too) at theirs. Errored invocations are counted at the warm cost of their tier (their billed
 * duration is not kept); tiers without any billed figure add nothing.
 */
export function benchmarkCost(results: Results): number {
  let total = 0
  for (const fn of results.functions) {
    for (const t of fn.tiers) {
      const cold = t.coldStartCostPerInvocation ?? t.costPerInvocation ?? 0
      const warm = t.costPerInvocation ?? 0
      // Forced cold starts (cold-starts) are invocations too, at a cold start's cost.
      const forced = t.forcedColdStarts?.invocations ?? 0
      total += (t.invocations - t.coldStarts) * warm + (t.coldStarts + forced) * cold
    }
  }
  return total
}

/** The wall time of the run in ms, from the timestamps. */
export function wallTime(results: Results): number {
  return Date.parse(results.finishedAt) - Date.parse(results.startedAt)
}

/** "3 functions × 6 memory sizes × 100 invocations · 1 min 12 s · the benchmark cost ≈ $0.0042". */
export function summaryLine(view: View, wallTimeMs: number): string {
  const { results } = view
  const asked = results.settings.coldStarts
  const scope =
    `**${plural(results.functions.length, 'function')} × ${plural(view.sizes.length, 'memory size')}` +
    ` × ${results.settings.targetPrecision !== null ? 'up to ' : ''}${plural(results.settings.invocations, 'invocation')}${asked > 0 ? ` + ${plural(asked, 'cold start')}` : ''}**`
  const cost = benchmarkCost(results)
  // Functions without a USD price add nothing to the sum: a total without them is said so.
  const unpriced = unpricedNotes(view.columns).length > 0
  const priced = view.columns.some((f) => f.tiers.some((t) => t.costPerInvocation !== null))
  const costText = !unpriced
    ? `the benchmark cost ≈ ${formatUsd(cost)}`
    : priced
      ? `the benchmark cost ≈ ${formatUsd(cost)} (regions without a price left out)`
      : 'the benchmark cost unknown (no published price for its region)'
  const parts = [scope, `in ${formatWallTime(wallTimeMs)}`, costText]
  const warnings: string[] = []
  if (results.cancelled) warnings.push('⚠ **cancelled**: the results are partial')
  if (view.failed.length > 0) {
    warnings.push(`⚠ **${plural(view.failed.length, 'function')} failed** (see below)`)
  }
  const line = [...parts, ...warnings].join(' · ')
  const merged = results.merged?.files ?? []
  if (merged.length === 0) return line
  // A job that failed before it wrote results is missing here: the list shows what was merged.
  const files = merged.map(
    (f) => `${escapeCode(truncate(f.path, 200))} (${plural(f.functions.length, 'function')})`
  )
  return `${line}

<sub>Merged from ${plural(merged.length, 'results file')}: ${files.join(' · ')}</sub>`
}

/** Longest error message shown (AWS messages are short; a runaway one must not eat the budget). */
export const ERROR_MESSAGE_MAX = 600

/** The functions whose benchmark could not be carried out, with their error. */
export function failedSection(view: View, messageMax = ERROR_MESSAGE_MAX): string {
  if (view.failed.length === 0) return ''
  const items = view.failed.map((fn) => {
    const measured = fn.tiers.filter((t) => t.invocations > 0).length
    const error =
      fn.error === null ? 'no error message' : escapeCode(truncate(fn.error, messageMax))
    const scope =
      measured > 0
        ? ` — ${plural(measured, 'memory size')} measured before it stopped`
        : ' — nothing measured'
    return `- **${escapeText(labelOf(fn))}**: ${error}${scope}`
  })
  return `### ⚠ Failed functions\n\n${items.join('\n')}`
}

/** Only http(s) links, with the characters that would end a markdown link destination encoded. */
function safeUrl(url: string | undefined): string | null {
  if (url === undefined || !/^https?:\/\/[^\s]+$/i.test(url)) return null
  return url.replace(
    /[()<>"'`\\]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`
  )
}

/** The settings and the link to the run, small. */
export function footer(view: View, runUrl: string | undefined): string {
  const s = view.results.settings
  const parts = [
    `memory sizes ${view.sizes.join(', ')}${NBSP}MB`,
    `${formatCount(s.invocations)} invocations each`,
    `concurrency ${formatCount(s.concurrency)}`,
    `isolation ${escapeText(String(s.isolation ?? 'latest'))}`
  ]
  if (s.monthlyInvocations !== null && s.monthlyInvocations !== undefined) {
    parts.push(`${formatCount(s.monthlyInvocations)} invocations a month`)
  }
  const url = safeUrl(runUrl)
  if (url !== null) parts.push(`[workflow run](${url})`)
  return (
    `<sub>Settings: ${parts.join(' · ')}. Durations are Lambda’s billed durations from its REPORT records, ` +
    `warm successful invocations only; cost = billed GB-seconds × the architecture’s price + the request price.</sub>`
  )
}

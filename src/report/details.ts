/**
 * Per function, folded in `<details>`: everything behind the main table's figures — the
 * distribution, cold starts, memory headroom, errors, and how each figure was obtained.
 */
import type { FunctionResult, Summary, TierResult } from '../model/results.js'
import { escapeCode, escapeText, truncate } from './escape.js'
import { formatCount, formatMb, formatMs, formatPercent, formatUsd } from './format.js'
import { errorTypesText, labelOf, tierAt, warmCount, type View } from './view.js'

/** full: every figure and error type; compact: the main figures only, to save space. */
export type DetailLevel = 'full' | 'compact'

/** Longest error-type list shown per size (the results file has them all). */
const ERROR_TYPES_MAX = 160

/** A row of the details table: a label and the figure of each tier. */
interface DetailRow {
  label: string
  cell: (tier: TierResult) => string
  compact: boolean
}

const stat =
  (key: keyof Summary, from: 'billedDuration' | 'initDuration' = 'billedDuration') =>
  (tier: TierResult): string => {
    const summary = tier[from]
    return summary === null ? '—' : formatMs(summary[key])
  }

/**
 * Rows are figures and columns are memory sizes, as in the main table: a size's column stays
 * narrow, so even twelve sizes fit GitHub's conversation width.
 */
const ROWS: DetailRow[] = [
  {
    label: 'Warm invocations',
    cell: (t) => `${formatCount(warmCount(t))} of ${formatCount(t.invocations)}`,
    compact: false
  },
  { label: 'Mean, ms', cell: stat('mean'), compact: true },
  { label: 'p50', cell: stat('p50'), compact: false },
  { label: 'p90', cell: stat('p90'), compact: true },
  { label: 'p99', cell: stat('p99'), compact: true },
  { label: 'Stddev', cell: stat('stddev'), compact: false },
  { label: 'Cold starts', cell: (t) => formatCount(t.coldStarts), compact: true },
  { label: 'Mean init, ms', cell: stat('mean', 'initDuration'), compact: false },
  {
    label: 'Cost of a cold start',
    cell: (t) =>
      t.coldStartCostPerInvocation === null ? '—' : formatUsd(t.coldStartCostPerInvocation),
    compact: false
  },
  {
    label: 'Max memory used, MB',
    cell: (t) =>
      t.maxMemoryUsed === null
        ? '—'
        : `${formatCount(t.maxMemoryUsed)} (${formatPercent(t.maxMemoryUsed / t.memorySize)})`,
    compact: true
  },
  { label: 'Errors', cell: (t) => formatCount(t.errors), compact: true },
  { label: 'Unmeasured (no REPORT)', cell: (t) => formatCount(t.unmeasured), compact: true },
  { label: 'Throttles retried', cell: (t) => formatCount(t.throttles), compact: false },
  {
    label: 'REPORTs from CloudWatch Logs',
    cell: (t) => formatCount(t.reportsFromLogs),
    compact: false
  }
]

/** Longest payload name shown in a row label (the results file has it whole). */
const PAYLOAD_NAME_MAX = 40

/** With a payload set: one row per payload, its warm mean billed duration at each size. */
function payloadRows(tiers: TierResult[]): DetailRow[] {
  const names = [...new Set(tiers.flatMap((t) => Object.keys(t.byPayload ?? {})))]
  return names.map((name) => ({
    label: `Mean, ms · ${escapeText(truncate(name, PAYLOAD_NAME_MAX))}`,
    cell: (t) => {
      const summary = t.byPayload?.[name]?.billedDuration
      return summary ? formatMs(summary.mean) : '—'
    },
    compact: true
  }))
}

/** The error types of each size that had errors, one line each. */
function errorLines(tiers: TierResult[]): string {
  return tiers
    .filter((t) => t.errors > 0)
    .map(
      (t) =>
        `Errors at ${formatMb(t.memorySize)}: ${escapeCode(truncate(errorTypesText(t), ERROR_TYPES_MAX))}`
    )
    .join('<br>\n')
}

/** The `<details>` block of one function; '' when it has no measured tier. */
function functionDetails(view: View, fn: FunctionResult, level: DetailLevel): string {
  const tiers = view.sizes.map((s) => tierAt(fn, s)).filter((t): t is TierResult => t !== undefined)
  if (tiers.length === 0) return ''
  const summary =
    `<b>${escapeText(labelOf(fn))}</b> · ${escapeText(fn.architecture)} · ${escapeText(fn.region)}` +
    ` · current ${formatMb(fn.originalMemorySize)}`
  // Each payload's mean right after the warm distribution over all of them.
  const at = ROWS.findIndex((r) => r.label === 'Stddev') + 1
  const rows = [...ROWS.slice(0, at), ...payloadRows(tiers), ...ROWS.slice(at)].filter(
    (r) => level === 'full' || r.compact
  )
  const table = [
    `| | ${tiers.map((t) => formatMb(t.memorySize)).join(' | ')} |`,
    `|:---|${tiers.map(() => '---:').join('|')}|`,
    ...rows.map((r) => `| ${r.label} | ${tiers.map(r.cell).join(' | ')} |`)
  ].join('\n')
  const errors = level === 'full' ? errorLines(tiers) : ''
  // Blank lines around the table: GitHub renders markdown inside <details> only after one.
  return `<details><summary>${summary}</summary>\n\n${table}${errors === '' ? '' : `\n\n${errors}`}\n\n</details>`
}

/** Every function's details, one after another. */
export function allDetails(view: View, level: DetailLevel): string {
  const blocks = view.columns.map((f) => functionDetails(view, f, level)).filter((b) => b !== '')
  if (blocks.length === 0) return ''
  const legend =
    level === 'full'
      ? '<sub>Billed durations of warm successful invocations; cold starts are counted apart (a cold start’s cost includes its billed INIT).</sub>\n\n'
      : ''
  return legend + blocks.join('\n\n')
}

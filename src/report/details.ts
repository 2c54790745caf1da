/**
 * Per function, folded in `<details>`: everything behind the main table's figures — the
 * distribution, cold starts, memory headroom, errors, and how each figure was obtained.
 */
import type { FunctionResult, TierResult } from '../results.js'
import { escapeCode, escapeText, truncate } from './escape.js'
import { formatCount, formatMb, formatMs, formatPercent, formatUsd, NBSP } from './format.js'
import { errorTypesText, tierAt, warmCount, type View } from './view.js'

/** full: every column and error type; compact: the figures only, to save space. */
export type DetailLevel = 'full' | 'compact'

/** Longest error-type list shown in a cell (the results file has them all). */
const ERROR_TYPES_MAX = 160

function coldStarts(tier: TierResult, level: DetailLevel): string {
  if (tier.coldStarts === 0) return '0'
  const parts = [formatCount(tier.coldStarts)]
  if (tier.initDuration !== null) parts.push(`init ${formatMs(tier.initDuration.mean)}${NBSP}ms`)
  if (level === 'full' && tier.coldStartCostPerInvocation !== null) {
    parts.push(`${formatUsd(tier.coldStartCostPerInvocation)} each`)
  }
  return parts.join(' · ')
}

function memoryUsed(tier: TierResult): string {
  if (tier.maxMemoryUsed === null) return '—'
  const share = formatPercent(tier.maxMemoryUsed / tier.memorySize)
  return `${formatCount(tier.maxMemoryUsed)} of ${formatMb(tier.memorySize)} (${share})`
}

function errors(tier: TierResult, level: DetailLevel): string {
  if (tier.errors === 0) return '0'
  if (level === 'compact') return formatCount(tier.errors)
  return `${formatCount(tier.errors)}: ${escapeCode(truncate(errorTypesText(tier), ERROR_TYPES_MAX))}`
}

function distribution(tier: TierResult): [string, string] {
  const d = tier.billedDuration
  if (d === null) return ['—', '—']
  return [[d.mean, d.p50, d.p90, d.p99].map(formatMs).join(' · '), formatMs(d.stddev)]
}

function fullRow(tier: TierResult): string {
  const [dist, stddev] = distribution(tier)
  return [
    formatMb(tier.memorySize),
    `${formatCount(warmCount(tier))} of ${formatCount(tier.invocations)}`,
    dist,
    stddev,
    coldStarts(tier, 'full'),
    memoryUsed(tier),
    errors(tier, 'full'),
    formatCount(tier.unmeasured),
    formatCount(tier.throttles),
    formatCount(tier.reportsFromLogs)
  ].join(' | ')
}

function compactRow(tier: TierResult): string {
  const [dist] = distribution(tier)
  return [
    formatMb(tier.memorySize),
    dist,
    coldStarts(tier, 'compact'),
    tier.maxMemoryUsed === null ? '—' : formatCount(tier.maxMemoryUsed),
    errors(tier, 'compact'),
    formatCount(tier.unmeasured)
  ].join(' | ')
}

const FULL_HEADER =
  '| Memory | Warm | Billed ms: mean · p50 · p90 · p99 | Stddev | Cold starts | Max memory used | Errors | Unmeasured | Throttles retried | REPORTs from CloudWatch Logs |\n' +
  '|:---|---:|---:|---:|---:|---:|:---|---:|---:|---:|'

const COMPACT_HEADER =
  '| Memory | Billed ms: mean · p50 · p90 · p99 | Cold starts | Max MB used | Errors | Unmeasured |\n' +
  '|:---|---:|---:|---:|---:|---:|'

/** The `<details>` block of one function; '' when it has no measured tier. */
export function functionDetails(view: View, fn: FunctionResult, level: DetailLevel): string {
  const tiers = view.sizes.map((s) => tierAt(fn, s)).filter((t): t is TierResult => t !== undefined)
  if (tiers.length === 0) return ''
  const summary =
    `<b>${escapeText(fn.displayName)}</b> · ${escapeText(fn.architecture)} · ${escapeText(fn.region)}` +
    ` · current ${formatMb(fn.originalMemorySize)}`
  const table =
    level === 'full'
      ? `${FULL_HEADER}\n${tiers.map((t) => `| ${fullRow(t)} |`).join('\n')}`
      : `${COMPACT_HEADER}\n${tiers.map((t) => `| ${compactRow(t)} |`).join('\n')}`
  // Blank lines around the table: GitHub renders markdown inside <details> only after one.
  return `<details><summary>${summary}</summary>\n\n${table}\n\n</details>`
}

/** Every function's details, one after another. */
export function allDetails(view: View, level: DetailLevel): string {
  const blocks = view.columns.map((f) => functionDetails(view, f, level)).filter((b) => b !== '')
  if (blocks.length === 0) return ''
  const legend =
    level === 'full'
      ? '<sub>Warm = warm successful invocations of all measured; cold starts are apart (count · mean init · cost of one cold invocation, INIT included).</sub>\n\n'
      : ''
  return legend + blocks.join('\n\n')
}

/**
 * The answer a reviewer came for: which memory size to pick per function, and what it changes
 * against the size the function has today.
 */
import type { FunctionResult } from '../model/results.js'
import { escapeText } from './escape.js'
import { formatChange, formatCount, formatMb, formatUsd } from './format.js'
import { type View, costAt, labelOf, meanAt, tierAt } from './view.js'

/** What a recommended size changes against the current one; null when there is no basis. */
export interface Change {
  cost: number
  duration: number
  /** USD saved per month (negative: it costs more); null without a monthly volume. */
  monthlySaving: number | null
}

/** The relative change of the recommended size against the current size, when both were measured. */
export function changeAgainstCurrent(
  fn: FunctionResult,
  recommended: number,
  monthlyInvocations: number | null
): Change | null {
  const currentCost = costAt(fn, fn.originalMemorySize)
  const currentMean = meanAt(fn, fn.originalMemorySize)
  const cost = costAt(fn, recommended)
  const mean = meanAt(fn, recommended)
  if (currentCost === null || currentMean === null || cost === null || mean === null) return null
  if (currentCost === 0 || currentMean === 0) return null
  return {
    cost: cost / currentCost - 1,
    duration: mean / currentMean - 1,
    monthlySaving: monthlyInvocations === null ? null : (currentCost - cost) * monthlyInvocations
  }
}

function savingText(saving: number): string {
  // Amounts are written after a space and never negative, so GitHub never sees `$…$` math.
  if (Math.abs(saving) < 0.005) return 'saves nothing a month'
  return saving > 0
    ? `saves ${formatUsd(saving)} a month`
    : `costs ${formatUsd(-saving)} more a month`
}

function recommendationCell(
  fn: FunctionResult,
  size: number | null,
  view: View,
  currentMeasured: boolean
): string {
  if (size === null) return '—'
  const head = `**${formatMb(size)}**`
  if (size === fn.originalMemorySize) return `${head}<br><sub>= current</sub>`
  if (!currentMeasured) return head
  const change = changeAgainstCurrent(fn, size, view.monthlyInvocations)
  if (change === null) return head
  const parts = [`${formatChange(change.cost)} cost, ${formatChange(change.duration)} duration`]
  if (change.monthlySaving !== null) parts.push(savingText(change.monthlySaving))
  return `${head}<br><sub>${parts.join('<br>')}</sub>`
}

/** The recommendation table: a row per function, with the change against its current size. */
export function recommendationTable(view: View, limit: number): string {
  const rows: string[] = []
  const unmeasured: string[] = []
  for (const fn of view.columns.slice(0, limit)) {
    const current = fn.originalMemorySize
    const currentMeasured = tierAt(fn, current) !== undefined
    if (!currentMeasured) unmeasured.push(escapeText(labelOf(fn)))
    const currentCell = !currentMeasured
      ? `${formatMb(current)}<br><sub>not measured</sub>`
      : meanAt(fn, current) === null
        ? `${formatMb(current)}<br><sub>no warm figure</sub>`
        : formatMb(current)
    const { cost, speed, balanced } = fn.recommendation
    const cells = [cost, speed, balanced].map((s) =>
      recommendationCell(fn, s, view, currentMeasured)
    )
    rows.push(`| ${escapeText(labelOf(fn))} | ${currentCell} | ${cells.join(' | ')} |`)
  }
  if (rows.length === 0) return ''
  const intro =
    'Changes are against each function’s **current** memory size' +
    (view.monthlyInvocations === null
      ? '.'
      : `, savings at ${formatCount(view.monthlyInvocations)} invocations a month.`)
  const table =
    '| Function | Current | Cheapest | Fastest | Balanced |\n|:---|---:|:---|:---|:---|\n' +
    rows.join('\n')
  const note =
    unmeasured.length === 0
      ? ''
      : `\n\nThe current size of ${unmeasured.join(', ')} was not among the measured sizes, so no change against it is shown; add it to \`memory-sizes\` to compare.`
  return `${intro}\n\n${table}${note}`
}

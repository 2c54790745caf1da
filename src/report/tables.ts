/**
 * The article's table and its cost twin: a row per memory size, a column per function.
 * Wide runs are split into tables of at most TABLE_COLUMNS functions, so each stays legible.
 */
import type { FunctionResult } from '../model/results.js'
import { escapeText } from './escape.js'
import { formatCount, formatMb, formatMs, formatUsd, plural } from './format.js'
import {
  type Cell,
  Notes,
  type View,
  cellAt,
  chunk,
  costAt,
  labelOf,
  meanAt,
  tierAt,
  unpricedNotes
} from './view.js'

/** Most function columns in one table. */
const TABLE_COLUMNS = 8

export interface TableOptions {
  /** Leave out p90 and monthly figures from the cells. */
  compact: boolean
  /** Show only the first `limit` functions (the size budget's last resort). */
  limit: number
}

/** The marker of the best cell in a column. */
const BEST = '★'

function header(fns: FunctionResult[]): string {
  const names = fns.map((f) => escapeText(labelOf(f)))
  return `| Memory | ${names.join(' | ')} |\n|:---|${fns.map(() => '---:').join('|')}|`
}

/** A missing value: the cause (from the shared notes) instead of a figure. */
function missing(cell: Exclude<Cell, { kind: 'value' }>, notes: Notes): string {
  const ref = notes.ref(cell.reason)
  if (cell.kind === 'timeout') return `⚠ timeout${ref}`
  if (cell.kind === 'errors') return `⚠ errors${ref}`
  return `—${ref}`
}

function groupCaption(index: number, groups: number, fns: FunctionResult[], total: number): string {
  if (groups <= 1) return ''
  const first = index * TABLE_COLUMNS + 1
  return `<sub>Functions ${first}–${first + fns.length - 1} of ${total}</sub>\n\n`
}

/**
 * Only a size without errors can be the best, as only such a size is ever recommended: a
 * faster mean over the invocations that happened to succeed is no reason to choose it.
 */
function withoutErrors(
  figure: (fn: FunctionResult, size: number) => number | null
): (fn: FunctionResult, size: number) => number | null {
  return (fn, size) => (tierAt(fn, size)?.errors === 0 ? figure(fn, size) : null)
}

function minimum(values: (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null)
  return present.length > 0 ? Math.min(...present) : null
}

/** Error share of a tier with warm figures, as a small warning beside them. */
function errorHint(cell: Cell): string {
  if (cell.kind !== 'value' || cell.tier.errors === 0) return ''
  return ` · ⚠ ${plural(cell.tier.errors, 'error')}`
}

function renderTables(
  view: View,
  options: TableOptions,
  renderCell: (
    view: View,
    fn: FunctionResult,
    size: number,
    best: number | null,
    notes: Notes
  ) => string,
  best: (fn: FunctionResult, size: number) => number | null
): string {
  const shown = view.columns.slice(0, options.limit)
  const groups = chunk(shown, TABLE_COLUMNS)
  return groups
    .map((fns, index) => {
      const notes = new Notes()
      const bests = fns.map((f) => minimum(view.sizes.map((s) => best(f, s))))
      const rows = view.sizes.map((size) => {
        const cells = fns.map((f, i) => renderCell(view, f, size, bests[i], notes))
        return `| ${formatMb(size)} | ${cells.join(' | ')} |`
      })
      const noteText = notes.render()
      return (
        groupCaption(index, groups.length, fns, view.columns.length) +
        `${header(fns)}\n${rows.join('\n')}` +
        (noteText === '' ? '' : `\n\n${noteText}`)
      )
    })
    .join('\n\n')
}

/** The main table: mean warm billed duration, p90 beside it, the fastest size starred. */
export function durationTables(view: View, options: TableOptions): string {
  const intro =
    `Mean **warm billed duration** in ms${options.compact ? '' : ' (p90 in small type)'}; ` +
    `${BEST} = the fastest size without errors for that function.`
  const tables = renderTables(
    view,
    options,
    (v, fn, size, fastest, notes) => {
      const cell = cellAt(v, fn, size)
      if (cell.kind !== 'value') return missing(cell, notes)
      const summary = cell.tier.billedDuration!
      const mean = formatMs(summary.mean)
      const value = summary.mean === fastest ? `**${mean}** ${BEST}` : mean
      const small = options.compact ? '' : `p90 ${formatMs(summary.p90)}`
      const hint = errorHint(cell)
      const sub = `${small}${small === '' ? hint.replace(/^ · /, '') : hint}`
      // On a line of its own, so the means stay right-aligned whatever the p90's width.
      return sub === '' ? value : `${value}<br><sub>${sub}</sub>`
    },
    withoutErrors(meanAt)
  )
  return `${intro}\n\n${tables}`
}

/** Cost per 1 M warm invocations (and per month when the monthly volume is known). */
export function costTables(view: View, options: TableOptions): string {
  const monthly = view.monthlyInvocations
  const showMonthly = monthly !== null && !options.compact
  const intro =
    `**Cost per 1 M invocations** (warm, USD, request price included)` +
    (showMonthly ? `; in small type, a month at ${formatCount(monthly)} invocations` : '') +
    `; ${BEST} = the cheapest size without errors for that function.`
  const tables = renderTables(
    view,
    options,
    (v, fn, size, cheapest, notes) => {
      const cell = cellAt(v, fn, size)
      const cost = costAt(fn, size)
      if (cell.kind !== 'value' || cost === null) {
        return cell.kind === 'value' ? '—' : missing(cell, notes)
      }
      const text = formatUsd(cost * 1_000_000)
      const value = cost === cheapest ? `**${text}** ${BEST}` : text
      // The second amount follows a space, so GitHub never pairs the two `$` as inline math.
      return showMonthly ? `${value}<br><sub>a month: ${formatUsd(cost * monthly)}</sub>` : value
    },
    withoutErrors(costAt)
  )
  const unpriced = unpricedNotes(view.columns.slice(0, options.limit))
  // The cheapest size needs no price: one price per GB-second scales every size alike.
  const note =
    unpriced.length === 0
      ? ''
      : `\n\nℹ️ ${unpriced.join(' ')} The cheapest size is still found, from billed GB-seconds.`
  return `${intro}\n\n${tables}${note}`
}

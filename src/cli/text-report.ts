/**
 * `--format text`: the Results as a terminal reads them — the article's table (a row per memory
 * size, a column per function, the mean and p90 of the warm billed duration), the recommended
 * sizes under it, then what went wrong and the comparison. Pure; the same Results the markdown
 * report is made from, with report/'s own formatting of numbers and verdicts.
 *
 * The table fits `width` columns: functions that do not fit go to a further table with the
 * same rows, and a long name is shortened.
 */
import type { FunctionResult, Results, TierResult } from '../model/results.js'
import { formatMs, plural } from '../report/format.js'
import { compareVerdictLine, regressionMessages } from '../report/verdict.js'

/** How text is styled: identity without colours. */
export type Paint = (style: 'bold' | 'dim' | 'red' | 'yellow' | 'green', text: string) => string

/** Names longer than this are shortened in the column heads (the full names are in the json). */
const NAME_MAX = 28
const GAP = '   '
const MARK = '!'

const plain: Paint = (_, text) => text

function cellOf(tier: TierResult | undefined): { text: string; marked: boolean } {
  if (!tier) return { text: '·', marked: false }
  const marked = tier.errors > 0
  const b = tier.billedDuration
  const text = b ? `${formatMs(b.mean)} / ${formatMs(b.p90)}` : '—'
  return { text: marked ? `${text} ${MARK}` : text, marked }
}

function shorten(name: string): string {
  return name.length <= NAME_MAX ? name : `${name.slice(0, NAME_MAX - 1)}…`
}

const mb = (size: number | null): string => (size === null ? '—' : `${size} MB`)

/** One table: the given functions side by side. */
function table(results: Results, columns: FunctionResult[], paint: Paint): string[] {
  const sizes = results.settings.memorySizes
  const rows: [string, ...string[]][] = []
  const cells = columns.map((f) =>
    sizes.map((s) => cellOf(f.tiers.find((t) => t.memorySize === s)))
  )
  const recommended: [string, (f: FunctionResult) => string][] = [
    ['cheapest', (f) => mb(f.recommendation.cost)],
    ['fastest', (f) => mb(f.recommendation.speed)],
    ['balanced', (f) => mb(f.recommendation.balanced)],
    ['current', (f) => mb(f.originalMemorySize)]
  ]
  const head = ['memory', ...columns.map((f) => shorten(f.displayName))]
  sizes.forEach((s, i) => rows.push([`${s} MB`, ...cells.map((c) => c[i].text)]))
  for (const [label, value] of recommended) rows.push([label, ...columns.map(value)])
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)))
  const line = (cellsOfRow: string[], style?: (c: number, text: string) => string): string =>
    cellsOfRow
      .map((text, c) => {
        // The first column reads left to right; the figures line up on the right.
        const padded = c === 0 ? text.padEnd(widths[c]) : text.padStart(widths[c])
        return style ? style(c, padded) : padded
      })
      .join(GAP)
      .trimEnd()
  const out = [line(head, (_, t) => paint('bold', t))]
  rows.forEach((row, r) => {
    if (r === sizes.length) out.push('')
    const isBalanced = row[0] === 'balanced'
    out.push(
      line(row, (c, t) => {
        if (c === 0) return r >= sizes.length ? paint('dim', t) : t
        if (t.trim() === '—' || t.trim() === '·') return paint('dim', t)
        if (t.endsWith(MARK)) return paint('yellow', t)
        return isBalanced ? paint('green', t) : t
      })
    )
  })
  return out
}

/** The width a table of `columns` takes. */
function widthOf(results: Results, columns: FunctionResult[]): number {
  return Math.max(...table(results, columns, plain).map((l) => l.length))
}

/** The functions in groups whose tables fit `width` (a function wider than it alone). */
function chunks(results: Results, width: number): FunctionResult[][] {
  const groups: FunctionResult[][] = []
  let current: FunctionResult[] = []
  for (const f of results.functions) {
    if (current.length > 0 && widthOf(results, [...current, f]) > width) {
      groups.push(current)
      current = []
    }
    current.push(f)
  }
  if (current.length > 0) groups.push(current)
  return groups
}

/** The lines under the tables: errors, failures, the comparison, a cancelled run. */
function notes(results: Results, paint: Paint): string[] {
  const out: string[] = []
  const erring = results.functions.flatMap((f) =>
    f.tiers
      .filter((t) => t.errors > 0)
      .map(
        (t) =>
          `${f.displayName} @ ${t.memorySize} MB: ${plural(t.errors, 'error')} of ${t.invocations}`
      )
  )
  if (erring.length > 0) {
    out.push(
      paint('yellow', `${MARK} invocations that failed (not in the figures): ${erring.join('; ')}`)
    )
  }
  for (const f of results.functions.filter((f) => f.status === 'failed')) {
    out.push(paint('red', `${f.displayName} could not be benchmarked: ${f.error ?? 'failed'}`))
  }
  const { comparison } = results
  if (comparison) {
    out.push(compareVerdictLine(comparison).replace(/\*\*/g, ''))
    for (const message of regressionMessages(comparison)) out.push(paint('red', `  ${message}`))
  }
  if (results.cancelled) out.push(paint('yellow', 'Cancelled: the results are partial'))
  return out
}

/**
 * The text report of `results`, every line at most `width` characters (but for a single
 * function's column wider than that, and the notes, which wrap as the terminal wraps them).
 */
export function renderText(results: Results, width: number, paint: Paint = plain): string {
  const { settings } = results
  const n = results.functions.length
  const intro = [
    paint(
      'bold',
      `Lambda memory benchmark: ${plural(n, 'function')} × ${plural(settings.memorySizes.length, 'memory size')}, ${settings.invocations} invocations each`
    ),
    'Warm billed duration in ms: mean / p90 (· not measured, — no warm figure)'
  ]
  const tables = chunks(results, width).flatMap((group) => ['', ...table(results, group, paint)])
  const after = notes(results, paint)
  return [...intro, ...tables, ...(after.length > 0 ? ['', ...after] : [])].join('\n') + '\n'
}

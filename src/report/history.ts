/**
 * The trend section (`history`, with `baseline: auto`): per function, the mean warm billed
 * duration at one memory size over the base branch's earlier runs, this run last — a small
 * table (a row per run, a column per function, with the change of this run against the
 * previous and the oldest run) and a chart per function. Pure: no I/O.
 *
 * Runs come in any order (artifacts are listed newest first) and are shown oldest first by
 * `createdAt`. Cancelled runs and failed functions keep the points they measured (a cancelled
 * run is marked so); a size they never reached has no point and a note saying why.
 */
import type { HistoryRun } from '../model/history.js'
import type { Results } from '../model/results.js'
import { NBSP, formatChange, formatMb, formatMs, plural } from './format.js'
import { trendChart } from './history-chart.js'
import { type FunctionTrend, type TrendRun, buildTrend, oldestFirst } from './history-trend.js'
import { Notes, chunk } from './view.js'

/** Earlier runs shown at most, the newest kept: a longer line is noise, not a trend. */
const MAX_EARLIER_RUNS = 30
/** Functions charted at most (a chart each); the table shows every function. */
const MAX_CHARTS = 6
/** Function columns per table, as in the main tables. */
const TABLE_COLUMNS = 8

/** The earlier runs the trend can show: oldest first, the newest {@link MAX_EARLIER_RUNS}. */
export function historyWindow(history: readonly HistoryRun[]): HistoryRun[] {
  return oldestFirst(history).slice(-MAX_EARLIER_RUNS)
}

/** How the trend section is drawn: with charts or not, its links, what the window left out. */
export interface HistoryOptions {
  /** A chart per function under the table (the size budget turns them off with the others). */
  charts: boolean
  /** This run's workflow run. */
  runUrl?: string
  /** Earlier runs found, when more than the window shows. */
  found: number
}

function ms(value: number): string {
  return `${formatMs(value)}${NBSP}ms`
}

function runCell(run: TrendRun): string {
  const head = run.isThis ? '**this run**' : run.ref
  const when =
    run.when === '' ? '' : run.runUrl === null ? run.when : `[${run.when}](${run.runUrl})`
  const short = run.sha?.slice(0, 7)
  const sha =
    short === undefined
      ? ''
      : run.commitUrl === null
        ? `\`${short}\``
        : `[\`${short}\`](${run.commitUrl})`
  return [head, when, sha, run.cancelled ? 'cancelled' : ''].filter((p) => p !== '').join(' · ')
}

function headerCell(t: FunctionTrend): string {
  const basis = t.basis === 'recommended' ? 'recommended' : 'current size'
  const base = t.baseName === null ? '' : `<br><sub>base: ${t.baseName}</sub>`
  return `${t.name}<br><sub>${formatMb(t.size)} · ${basis}</sub>${base}`
}

/** The newest (or oldest) earlier run with a point for the function; null when none has. */
function earlierPoint(t: FunctionTrend, newest: boolean): number | null {
  const earlier = t.points.slice(0, -1)
  const order = earlier.map((_, i) => i)
  if (newest) order.reverse()
  return order.find((i) => earlier[i].mean !== null) ?? null
}

/** This run against an earlier run's point; the run compared with is named when not `usual`. */
function changeCell(
  t: FunctionTrend,
  runs: readonly TrendRun[],
  newest: boolean,
  usual: number
): string {
  const now = t.points.at(-1)!.mean
  const i = earlierPoint(t, newest)
  if (now === null || i === null) return '—'
  const then = t.points[i].mean!
  const text = then === 0 ? '—' : formatChange(now / then - 1)
  return i === usual ? text : `${text}<br><sub>vs ${runs[i].ref}</sub>`
}

function rangeCell(t: FunctionTrend): string {
  const earlier = t.points.slice(0, -1).flatMap((p) => (p.mean === null ? [] : [p.mean]))
  if (earlier.length < 2) return '—'
  return `${formatMs(Math.min(...earlier))}–${ms(Math.max(...earlier))}`
}

function table(fns: FunctionTrend[], runs: readonly TrendRun[]): string {
  const notes = new Notes()
  const head =
    `| Run | ${fns.map(headerCell).join(' | ')} |\n` + `|:---|${fns.map(() => '---:').join('|')}|`
  const rows = runs.map((run, r) => {
    const cells = fns.map((t) => {
      const p = t.points[r]
      // One superscript for several notes: `<sup>2,3</sup>`, not a "23".
      const refs = p.notes
        .map((n) => notes.ref(n))
        .join('')
        .replaceAll('</sup><sup>', ',')
      if (p.mean === null) return `—${refs}`
      return run.isThis ? `**${ms(p.mean)}**${refs}` : `${ms(p.mean)}${refs}`
    })
    return `| ${runCell(run)} | ${cells.join(' | ')} |`
  })
  const last = runs.length - 2
  const derived = [
    `| Δ vs previous (${runs[last].ref}) | ${fns.map((t) => changeCell(t, runs, true, last)).join(' | ')} |`
  ]
  // With one earlier run, the oldest is the previous and there is no range.
  if (last > 0) {
    derived.push(
      `| Δ vs oldest (${runs[0].ref}) | ${fns.map((t) => changeCell(t, runs, false, 0)).join(' | ')} |`,
      `| Earlier runs, range | ${fns.map(rangeCell).join(' | ')} |`
    )
  }
  const noteText = notes.render()
  return `${head}\n${[...rows, ...derived].join('\n')}${noteText === '' ? '' : `\n\n${noteText}`}`
}

function intro(earlier: number, found: number): string {
  const runs =
    found > earlier
      ? `newest ${earlier} of ${found} earlier runs`
      : `last ${plural(earlier, 'run')}`
  return (
    `Mean warm billed duration over the base branch’s ${runs} and this run, at each function’s ` +
    'balanced recommendation in this run (else its current size) — the same size in every run, so ' +
    'that the points compare like with like. The changes are between means, untested: the ' +
    'comparison tests this run against its baseline.'
  )
}

/**
 * The section, or '' when there is no earlier run. `window` is oldest first, as
 * {@link historyWindow} gives it.
 */
export function historySection(
  results: Results,
  window: readonly HistoryRun[],
  options: HistoryOptions
): string {
  if (window.length === 0) return ''
  const trend = buildTrend(results, window, options.runUrl)
  const parts = [
    '### Trend on the base branch',
    intro(window.length, Math.max(options.found, window.length))
  ]
  const groups = chunk(trend.functions, TABLE_COLUMNS)
  groups.forEach((fns, i) => {
    const caption =
      groups.length > 1
        ? `<sub>Functions ${i * TABLE_COLUMNS + 1}–${i * TABLE_COLUMNS + fns.length} of ${trend.functions.length}</sub>\n\n`
        : ''
    parts.push(caption + table(fns, trend.runs))
  })
  if (trend.absent.length > 0) {
    parts.push(
      `Not in any earlier run of the base branch (new, or renamed: a \`baseline-map\` pairs renamed functions): ${trend.absent.join(', ')}.`
    )
  }
  if (options.charts) {
    const charted = trend.functions.filter(
      (t) => t.points.filter((p) => p.mean !== null).length >= 2
    )
    const few = trend.functions.filter((t) => !charted.includes(t)).map((t) => t.name)
    const shown = charted.slice(0, MAX_CHARTS)
    for (const t of shown) parts.push(trendChart(t, trend.runs))
    if (charted.length > shown.length) {
      parts.push(
        `The trend charts show the first ${shown.length} of ${charted.length} functions; the table shows all.`
      )
    }
    if (few.length > 0) parts.push(`No trend chart (fewer than two points): ${few.join(', ')}.`)
  }
  return parts.join('\n\n')
}

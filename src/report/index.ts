/**
 * Results → the markdown of the pull-request comment and job summary. Pure: no I/O.
 *
 * Reading order is the reviewer's: the verdict, one summary line, the article's table
 * (duration per memory size and function), the recommendation, cost, charts, failures, and
 * per-function details folded away.
 */
import type { HistoryRun } from '../model/history.js'
import type { Results } from '../model/results.js'
import { DEFAULT_MAX_LENGTH, firstThatFits, largestThatFits } from './budget.js'
import { charts } from './chart.js'
import { renderComparison } from './comparison.js'
import { coldStartSection } from './cold-starts.js'
import { allDetails } from './details.js'
import { samplingLine } from './sampling.js'
import { formatCount, plural } from './format.js'
import { historySection, historyWindow } from './history.js'
import { recommendationTable } from './recommendations.js'
import { ERROR_MESSAGE_MAX, failedSection, footer, summaryLine, TITLE, wallTime } from './frame.js'
import { costTables, durationTables } from './tables.js'
import { compareVerdictLine } from './verdict.js'
import { buildView, type View } from './view.js'

export interface ReportOptions {
  /** Expected invocations a month; defaults to results.settings.monthlyInvocations. */
  monthlyInvocations?: number
  /** Link to the workflow run; defaults to results.runUrl. */
  runUrl?: string
  /** Wall time of the run; defaults to finishedAt − startedAt. */
  wallTimeMs?: number
  /** Placed right after the summary line; defaults to the section of `results.comparison`. */
  comparisonSection?: string
  /**
   * E.g. "**2 regressions** against main": the very first line under the title; defaults to the
   * verdict of `results.comparison`.
   */
  verdictLine?: string
  /** Default 65,000 (GitHub's limit is 65,536; the publisher adds a marker line). */
  maxLength?: number
  /**
   * Earlier runs of the base branch (`baseline: auto` with `history`), in any order — e.g.
   * newest first, as the artifacts are listed: the trend orders them by `createdAt`, oldest
   * first, this run last. Absent or empty: no trend section.
   */
  history?: HistoryRun[]
}

/** How much the report shows; the size budget walks from the richest layout to the leanest. */
interface Layout {
  details: 'full' | 'compact' | 'none'
  charts: boolean
  compactCells: boolean
  /** Functions shown in the tables and failures listed (the rest are counted in a note). */
  limit: number
  comparison: boolean
  errorMessageMax: number
  /** Earlier runs in the trend, the newest kept (0: no trend section). */
  historyRuns: number
}

function compose(
  view: View,
  options: ReportOptions,
  layout: Layout,
  history: HistoryRun[]
): string {
  const { results } = view
  const wall = options.wallTimeMs ?? wallTime(results)
  const sections: string[] = [TITLE]
  if (options.verdictLine) sections.push(options.verdictLine)
  sections.push(summaryLine(view, wall))
  const sampling = samplingLine(results)
  if (sampling !== '') sections.push(sampling)
  if (options.comparisonSection && layout.comparison) sections.push(options.comparisonSection)

  const left: string[] = []
  if (view.columns.length > 0) {
    const tableOptions = { compact: layout.compactCells, limit: layout.limit }
    sections.push('### Duration by memory size', durationTables(view, tableOptions))
    const recommendations = recommendationTable(view, layout.limit)
    if (recommendations !== '') sections.push('### Recommendation', recommendations)
    sections.push('### Cost by memory size', costTables(view, tableOptions))
    const cold = coldStartSection(view, layout.limit)
    if (cold !== '') sections.push('### Cold starts', cold)
    if (layout.charts) {
      const chartText = charts(view)
      if (chartText !== '') sections.push('### Charts', chartText)
    } else {
      left.push('the charts')
    }
  } else {
    sections.push('Nothing was measured.')
  }
  const failed = failedSection(
    { ...view, failed: view.failed.slice(0, layout.limit) },
    layout.errorMessageMax
  )
  if (failed !== '') sections.push(failed)
  const shownRuns = Math.min(layout.historyRuns, history.length)
  if (shownRuns > 0) {
    const trend = historySection(results, history.slice(-shownRuns), {
      charts: layout.charts,
      runUrl: options.runUrl ?? results.runUrl,
      found: options.history?.length ?? 0
    })
    if (trend !== '') sections.push(trend)
  }
  if (shownRuns === 0 && history.length > 0) {
    left.push('the trend over the base branch’s earlier runs')
  } else if (shownRuns < history.length) {
    left.push(`the trend’s ${plural(history.length - shownRuns, 'oldest run')}`)
  }
  if (layout.details !== 'none') {
    const details = allDetails(view, layout.details)
    if (details !== '') sections.push('### Details per function', details)
    if (layout.details === 'compact') left.push('some columns of the per-function details')
  } else if (view.columns.length > 0) {
    left.push('the per-function details')
  }
  const hidden = Math.max(view.columns.length, view.failed.length) - layout.limit
  if (hidden > 0) {
    left.push(`${formatCount(hidden)} of ${formatCount(view.results.functions.length)} functions`)
  }
  if (options.comparisonSection && !layout.comparison) left.push('the baseline comparison')
  if (left.length > 0) {
    sections.push(
      `ℹ️ To stay within GitHub’s comment size limit, this comment leaves out ${listing(left)}. ` +
        'The results file (the `results-file` output) has every figure.'
    )
  }
  sections.push(footer(view, options.runUrl ?? results.runUrl))
  return sections.join('\n\n') + '\n'
}

/** Renders the report; its length never exceeds `maxLength` (default 65,000). */
export function renderReport(results: Results, given: ReportOptions = {}): string {
  const { comparison } = results
  const options: ReportOptions = {
    ...given,
    verdictLine: given.verdictLine ?? (comparison && compareVerdictLine(comparison)),
    comparisonSection: given.comparisonSection ?? (comparison && renderComparison(comparison))
  }
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH
  const monthly = options.monthlyInvocations ?? results.settings.monthlyInvocations ?? null
  const view = buildView(results, monthly)
  const all = Math.max(view.columns.length, view.failed.length, 1)
  const history = historyWindow(options.history ?? [])
  const base: Layout = {
    details: 'full',
    charts: true,
    compactCells: false,
    limit: all,
    comparison: true,
    errorMessageMax: ERROR_MESSAGE_MAX,
    historyRuns: history.length
  }
  const lean: Layout = {
    ...base,
    details: 'none',
    charts: false,
    compactCells: true,
    errorMessageMax: 160
  }
  const render = (layout: Layout): string => compose(view, options, layout, history)
  const fitted = firstThatFits(
    [
      base,
      { ...base, details: 'compact' },
      { ...base, details: 'none' },
      { ...base, details: 'none', charts: false },
      lean
    ],
    render,
    maxLength
  )
  if (fitted !== null) return fitted
  // The trend shrinks to its newest runs, then goes, before any function leaves the tables.
  if (history.length > 1) {
    const shrunk = largestThatFits(
      history.length - 1,
      (k) => render({ ...lean, historyRuns: k }),
      maxLength
    )
    if (shrunk !== null) return shrunk.text
  }
  const trendless: Layout = { ...lean, historyRuns: 0 }
  const withoutTrend = firstThatFits([trendless], render, maxLength)
  if (withoutTrend !== null) return withoutTrend
  for (const comparison of [true, false]) {
    const split = largestThatFits(
      all,
      (k) => render({ ...trendless, comparison, limit: k }),
      maxLength
    )
    if (split !== null) return split.text
  }
  return fallback(view, options, maxLength)
}

/** Last resort (only absurd inputs reach it): the head of the report and why it stops there. */
function fallback(view: View, options: ReportOptions, maxLength: number): string {
  const text =
    [
      TITLE,
      ...(options.verdictLine ? [options.verdictLine] : []),
      summaryLine(view, options.wallTimeMs ?? wallTime(view.results)),
      'ℹ️ The report is too long for a comment. The results file (the `results-file` output) has every figure.'
    ].join('\n\n') + '\n'
  return text.length <= maxLength ? text : `${TITLE}\n\nThe report is too long for a comment.\n`
}

/** "a", "a and b", "a, b and c". */
function listing(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`
}

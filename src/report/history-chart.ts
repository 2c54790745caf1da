/**
 * The trend of one function as a mermaid `xychart-beta` line: a point per run that measured it
 * at the trend's size, oldest first, this run last.
 *
 * A chart per function, not a line per function in one chart: xychart needs a value at every x
 * for every line, and runs miss different functions; and each function keeps a y axis of its
 * own (from 0, as the report's other charts), so a 300 ms function's drift is not flattened by a
 * 3 s one beside it. A run without a point is left out of the x axis — the labels (#1, #2, #4)
 * show the gap — and the text under the chart names it: a missing value is never drawn as 0.
 */
import { formatMb } from './format.js'
import { mermaidChart, PALETTE } from './chart.js'
import type { FunctionTrend, TrendRun } from './history-trend.js'

/** Lower than mermaid’s default 500 px: a chart a function, and a trend reads as well flatter. */
const HEIGHT = 320

/** The chart of one function's trend with its caption, or '' with fewer than two points. */
export function trendChart(trend: FunctionTrend, runs: readonly TrendRun[]): string {
  const shown = runs.map((run, i) => ({ run, mean: trend.points[i].mean }))
  const points = shown.filter((p): p is { run: TrendRun; mean: number } => p.mean !== null)
  if (points.length < 2) return ''
  const chart = mermaidChart({
    title: `Mean warm billed duration at ${trend.size} MB`,
    xTitle: 'Run',
    labels: points.map((p) => p.run.axis),
    yTitle: 'ms',
    lines: [points.map((p) => p.mean)],
    // The palette's first colour (blue): mermaid's default first line is near-white.
    colours: [PALETTE[0].hex],
    height: HEIGHT
  })
  const gaps = shown.filter((p) => p.mean === null).map((p) => p.run.ref)
  const caption = `**${trend.name}** at ${formatMb(trend.size)}`
  const note =
    gaps.length === 0
      ? ''
      : `\n\nNo point in ${gaps.join(', ')} (see the table): left out of the x axis, never drawn as 0.`
  return `${caption}\n\n${chart}${note}`
}

/**
 * Mermaid `xychart-beta` line charts of duration and cost against memory, a line per function.
 *
 * xychart needs a value at every x for every line, and has no legend. A missing value is never
 * drawn as 0: the charted matrix is made complete by leaving out whichever function or memory
 * size loses the fewest measured points (ties keep every function), and the text under the
 * chart says what was left out and why. The legend is written in words, with the colours set
 * explicitly (mermaid's default palettes start with near-white lines).
 */
import type { FunctionResult } from '../model/results.js'
import { escapeText } from './escape.js'
import { formatMb } from './format.js'
import { type View, chunk, costAt, labelOf, meanAt } from './view.js'

/** Line colours, matched to the emoji squares the legend uses. */
export const PALETTE = [
  { hex: '#0969da', name: 'blue', square: '🟦' },
  { hex: '#e16f24', name: 'orange', square: '🟧' },
  { hex: '#1a7f37', name: 'green', square: '🟩' },
  { hex: '#8250df', name: 'purple', square: '🟪' },
  { hex: '#cf222e', name: 'red', square: '🟥' },
  { hex: '#8c5a2b', name: 'brown', square: '🟫' }
] as const

/** Charts beyond this many functions would be a wall of lines nobody reads. */
const MAX_CHARTED_FUNCTIONS = PALETTE.length * 4

/** The complete matrix that can be charted, and what had to be left out of it. */
export interface ChartSelection {
  functions: FunctionResult[]
  sizes: number[]
  /** Plain-text reasons (names escaped), one per left-out function or size. */
  leftOut: string[]
}

/** No price at all (a region without a published Lambda price): charted for duration only. */
function unpriced(fn: FunctionResult): boolean {
  return fn.tiers.every((t) => t.costPerInvocation === null)
}

function hasPoint(fn: FunctionResult, size: number): boolean {
  return meanAt(fn, size) !== null && (unpriced(fn) || costAt(fn, size) !== null)
}

/** Chooses the functions and sizes to chart so that every line has a value at every size. */
export function selectForChart(view: View): ChartSelection {
  const leftOut: string[] = []
  let fns = view.columns.filter((f) => {
    const points = view.sizes.filter((s) => hasPoint(f, s)).length
    if (points < 2) {
      leftOut.push(`${escapeText(f.displayName)} (warm figures at fewer than two sizes)`)
    }
    return points >= 2
  })
  let sizes = view.sizes.filter((s) => {
    const anyone = fns.some((f) => hasPoint(f, s))
    if (!anyone && fns.length > 0) leftOut.push(`${formatMb(s)} (no warm figure for any function)`)
    return anyone
  })
  for (;;) {
    const missingByFn = fns.map((f) => sizes.filter((s) => !hasPoint(f, s)))
    const missingBySize = sizes.map((s) => fns.filter((f) => !hasPoint(f, s)))
    if (missingByFn.every((m) => m.length === 0)) break
    // Points lost by removing a function (its present ones), or a size (those present at it).
    let worstFn = -1
    let fnLoss = Infinity
    missingByFn.forEach((m, i) => {
      const loss = sizes.length - m.length
      if (m.length > 0 && loss < fnLoss) [worstFn, fnLoss] = [i, loss]
    })
    let worstSize = -1
    let sizeLoss = Infinity
    missingBySize.forEach((m, i) => {
      const loss = fns.length - m.length
      if (m.length > 0 && loss < sizeLoss) [worstSize, sizeLoss] = [i, loss]
    })
    if (worstSize >= 0 && sizeLoss <= fnLoss && sizes.length > 2) {
      const names = missingBySize[worstSize].map((f) => escapeText(f.displayName)).join(', ')
      leftOut.push(`${formatMb(sizes[worstSize])} (no warm figure for ${names})`)
      sizes = sizes.filter((_, i) => i !== worstSize)
    } else {
      const absent = missingByFn[worstFn].map((s) => formatMb(s)).join(', ')
      leftOut.push(`${escapeText(fns[worstFn].displayName)} (no warm figure at ${absent})`)
      fns = fns.filter((_, i) => i !== worstFn)
    }
  }
  if (fns.length === 0) sizes = []
  return { functions: fns, sizes, leftOut }
}

/** A round axis maximum at or above `value`: 1, 2, 2.5 or 5 × a power of ten. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1
  const power = 10 ** Math.floor(Math.log10(value))
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= value) return Number((step * power).toPrecision(12))
  }
  return 10 * power
}

/** A number as mermaid's grammar wants it: plain decimal, no exponent, no separators. */
export function plainNumber(value: number, significant = 4): string {
  const rounded = Number(value.toPrecision(significant))
  if (Math.abs(rounded) >= 1e-6 || rounded === 0)
    return String(rounded).includes('e') ? rounded.toFixed(6) : String(rounded)
  return rounded.toFixed(12).replace(/0+$/, '')
}

/** One mermaid `xychart-beta` line chart; numbers written plainly, the y axis from 0. */
export interface MermaidChart {
  title: string
  xTitle: string
  /** Numbers (memory sizes) as they are; text labels are quoted. */
  labels: readonly (number | string)[]
  yTitle: string
  lines: readonly (readonly number[])[]
  /** The lines' colours, in order. Default: the palette below. */
  colours?: readonly string[]
  /** px; mermaid's default (500) when left out. */
  height?: number
}

/** The fenced mermaid block of a chart. */
export function mermaidChart(chart: MermaidChart): string {
  const max = Math.max(...chart.lines.flat())
  const palette = (chart.colours ?? PALETTE.map((p) => p.hex)).join(', ')
  const height = chart.height === undefined ? '' : `"xyChart": {"height": ${chart.height}}, `
  const labels = chart.labels.map((l) => (typeof l === 'number' ? String(l) : `"${l}"`))
  return [
    '```mermaid',
    `%%{init: {${height}"themeVariables": {"xyChart": {"plotColorPalette": "${palette}"}}}}%%`,
    'xychart-beta',
    `  title "${chart.title}"`,
    `  x-axis "${chart.xTitle}" [${labels.join(', ')}]`,
    `  y-axis "${chart.yTitle}" 0 --> ${plainNumber(niceCeiling(max * 1.05), 6)}`,
    ...chart.lines.map((values) => `  line [${values.map((v) => plainNumber(v)).join(', ')}]`),
    '```'
  ].join('\n')
}

function legend(fns: FunctionResult[]): string {
  const items = fns.map(
    (f, i) => `${PALETTE[i].square} ${PALETTE[i].name}: ${escapeText(labelOf(f))}`
  )
  return `Lines, in order: ${items.join(' · ')}`
}

/** Both charts (duration, then cost) with their legends, or '' when nothing can be charted. */
export function charts(view: View): string {
  const selection = selectForChart(view)
  const parts: string[] = []
  const charted = selection.functions.slice(0, MAX_CHARTED_FUNCTIONS)
  const groups = chunk(charted, PALETTE.length)
  groups.forEach((fns, index) => {
    const suffix = groups.length > 1 ? ` (${index + 1}/${groups.length})` : ''
    const durations = fns.map((f) => selection.sizes.map((s) => meanAt(f, s)!))
    // An unpriced function has no cost line; the others keep their legend's colours.
    const priced = fns.map((f, i) => ({ f, colour: PALETTE[i].hex })).filter((p) => !unpriced(p.f))
    const costs = priced.map(({ f }) => selection.sizes.map((s) => costAt(f, s)! * 1_000_000))
    parts.push(
      legend(fns),
      mermaidChart({
        title: `Mean warm billed duration${suffix}`,
        xTitle: 'Memory (MB)',
        labels: selection.sizes,
        yTitle: 'ms',
        lines: durations
      })
    )
    if (priced.length > 0) {
      parts.push(
        mermaidChart({
          title: `Cost per 1M invocations${suffix}`,
          xTitle: 'Memory (MB)',
          labels: selection.sizes,
          yTitle: 'USD',
          lines: costs,
          colours: priced.map((p) => p.colour)
        })
      )
    }
  })
  const notes: string[] = []
  if (selection.leftOut.length > 0) {
    notes.push(
      `Not charted, so that no missing value is drawn as 0: ${selection.leftOut.join('; ')}. The tables above show them.`
    )
  }
  const noCost = charted.filter(unpriced).map((f) => escapeText(labelOf(f)))
  if (noCost.length > 0) {
    notes.push(
      `No cost line for ${noCost.join(', ')}: no published Lambda price is known for its region.`
    )
  }
  if (selection.functions.length > charted.length) {
    notes.push(
      `The charts show the first ${charted.length} of ${selection.functions.length} functions; the tables show all.`
    )
  }
  if (parts.length === 0 && notes.length === 0) return ''
  return [...parts, ...notes].join('\n\n')
}

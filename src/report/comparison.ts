/**
 * The comparison with the baseline as markdown: significant changes first, each with its
 * numbers, then every pair at a glance. The verdict line itself (`compareVerdictLine`) belongs
 * at the very top of the comment; this is the section that backs it up.
 */
import type { Comparison, TierComparison } from '../model/results.js'
import { baselineName } from './verdict.js'
import { escapeText } from './escape.js'
import { MINUS, NBSP, formatChange, formatMb, formatMs, plural } from './format.js'

/** Most significant changes listed row by row; the rest stay visible in the matrix below. */
const MAX_CHANGE_ROWS = 20
/** Up to this many pairs, every pair gets a full row; above it, a compact matrix. */
const MAX_FULL_ROWS = 30
/** Function columns per matrix table, as in the main tables. */
const MATRIX_COLUMNS = 8

/** The comparison section of the report. */
export function renderComparison(c: Comparison): string {
  const parts = [`### Compared with ${baselineName(c)}`]
  if (c.live) {
    parts.push(
      'Each function and its baseline were measured in this run, side by side: at every memory ' +
        'size both were set to it, then invoked in lockstep with the same concurrency, so a drift ' +
        'of Lambda’s speed during the run falls on both alike.'
    )
  }
  parts.push(ruleLine(c))
  const changes = c.tiers
    .filter((t) => t.verdict === 'regression' || t.verdict === 'improvement')
    .sort(bySeverity)
  if (changes.length > 0) {
    const shown = changes.slice(0, MAX_CHANGE_ROWS)
    let table = `${ROW_HEADER}\n${shown.map((t) => row(t, c)).join('\n')}`
    if (changes.length > shown.length) {
      table += `\n\n… and ${plural(changes.length - shown.length, 'more significant change')}, in the table of every pair below.`
    }
    parts.push(table)
  }
  const rest = c.tiers.filter((t) => t.verdict !== 'regression' && t.verdict !== 'improvement')
  if (c.tiers.length > 0) parts.push(everyPair(c, rest, changes.length))
  const unmatched = unmatchedLines(c)
  if (unmatched !== '') parts.push(unmatched)
  return parts.join('\n\n') + '\n'
}

function ruleLine(c: Comparison): string {
  return (
    `<sub>A **regression** is a pair (function, memory size) whose warm billed durations are ` +
    `significantly slower (Mann–Whitney U, two-sided, p${NBSP}<${NBSP}${c.alpha}) *and* whose 95${NBSP}% ` +
    `interval of the change in mean reaches past +${c.thresholdPct}${NBSP}% (a slowdown of that size ` +
    `is not ruled out); an improvement likewise faster. ✱ marks p${NBSP}<${NBSP}${c.alpha}; the ` +
    `interval is a bootstrap interval of the ratio of means.</sub>`
  )
}

const ROW_HEADER =
  '| | Function | Memory | Baseline | Current | Δ mean | 95 % interval | p | Δ cost |\n' +
  '|:---|:---|---:|---:|---:|---:|---:|---:|---:|'

/** Regressions first, the largest first; then improvements, the largest first. */
function bySeverity(a: TierComparison, b: TierComparison): number {
  if (a.verdict !== b.verdict) return a.verdict === 'regression' ? -1 : 1
  const ra = a.ratio ?? 1
  const rb = b.ratio ?? 1
  return a.verdict === 'regression' ? rb - ra : ra - rb
}

function row(t: TierComparison, c: Comparison): string {
  const label =
    t.verdict === 'regression'
      ? '🔴 **regression**'
      : t.verdict === 'improvement'
        ? '🟢 improvement'
        : t.verdict === 'insufficient-data'
          ? `too few samples (${t.baselineSamples} → ${t.currentSamples})`
          : t.pValue !== null && t.pValue < c.alpha
            ? `within ${c.thresholdPct}${NBSP}%`
            : 'no significant change'
  return `| ${[
    label,
    name(t),
    formatMb(t.memorySize),
    ms(t.baselineMean),
    ms(t.currentMean),
    delta(t.ratio),
    interval(t.ratioCi),
    pValue(t.pValue, c.alpha),
    t.costRatio === null ? '—' : formatChange(t.costRatio - 1)
  ].join(' | ')} |`
}

/** The current name, and the baseline's when a map paired two different names. */
function name(t: TierComparison): string {
  const current = escapeText(t.functionName)
  return t.baselineFunctionName === t.functionName
    ? current
    : `${current} <sub>vs ${escapeText(t.baselineFunctionName)}</sub>`
}

function ms(value: number | null): string {
  return value === null ? '—' : `${formatMs(value)}${NBSP}ms`
}

/** ▲ slower, ▼ faster. */
function delta(ratio: number | null): string {
  if (ratio === null) return '—'
  const text = formatChange(ratio - 1)
  if (text.startsWith('+')) return `▲${NBSP}${text}`
  if (text.startsWith(MINUS)) return `▼${NBSP}${text}`
  return text
}

function interval(ci: [number, number] | null): string {
  if (ci === null) return '—'
  return `${formatChange(ci[0] - 1)} … ${formatChange(ci[1] - 1)}`
}

function pValue(p: number | null, alpha: number): string {
  if (p === null) return '—'
  const text = p < 0.001 ? `<${NBSP}0.001` : Number(p.toPrecision(2)).toString()
  return p < alpha ? `${text}${NBSP}✱` : text
}

/** Every pair that is not a significant change: full rows when few, else a matrix. */
function everyPair(c: Comparison, rest: TierComparison[], changes: number): string {
  const untested = rest.filter((t) => t.verdict === 'insufficient-data').length
  const counts = [`${rest.length - untested} without significant change`]
  if (untested > 0) counts.push(`${untested} with too few samples to test`)
  if (c.tiers.length <= MAX_FULL_ROWS) {
    if (rest.length === 0) return ''
    const body = `${ROW_HEADER}\n${rest.map((t) => row(t, c)).join('\n')}`
    return details(`The other ${plural(rest.length, 'pair')}: ${counts.join(', ')}`, body)
  }
  const summary =
    `Every pair: change of the mean warm billed duration (${plural(changes, 'significant change')}, ` +
    `${counts.join(', ')})`
  return details(summary, matrix(c))
}

function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`
}

/** Rows are memory sizes and columns functions, as in the main tables. */
function matrix(c: Comparison): string {
  const functions = [...new Set(c.tiers.map((t) => t.functionName))]
  const sizes = [...new Set(c.tiers.map((t) => t.memorySize))].sort((a, b) => a - b)
  const byKey = new Map(c.tiers.map((t) => [`${t.functionName}\u0000${t.memorySize}`, t]))
  const tables: string[] = []
  for (let i = 0; i < functions.length; i += MATRIX_COLUMNS) {
    const fns = functions.slice(i, i + MATRIX_COLUMNS)
    const head =
      `| Memory | ${fns.map((f) => escapeText(f)).join(' | ')} |\n` +
      `|:---|${fns.map(() => '---:').join('|')}|`
    const rows = sizes.map((size) => {
      const cells = fns.map((f) => matrixCell(byKey.get(`${f}\u0000${size}`), c.alpha))
      return `| ${formatMb(size)} | ${cells.join(' | ')} |`
    })
    tables.push(`${head}\n${rows.join('\n')}`)
  }
  return (
    tables.join('\n\n') +
    `\n\n<sub>**▲** regression, **▼** improvement, ✱ p${NBSP}<${NBSP}${c.alpha}, ` +
    `n/a too few samples to test, — not measured on both sides.</sub>`
  )
}

function matrixCell(t: TierComparison | undefined, alpha: number): string {
  if (t === undefined) return '—'
  if (t.verdict === 'insufficient-data' || t.ratio === null) return 'n/a'
  const text = formatChange(t.ratio - 1)
  const mark = t.pValue !== null && t.pValue < alpha ? `${NBSP}✱` : ''
  // Regressions and improvements are significant by definition: no ✱, to save room.
  if (t.verdict === 'regression') return `**▲${NBSP}${text}**`
  if (t.verdict === 'improvement') return `**▼${NBSP}${text}**`
  return `${text}${mark}`
}

function unmatchedLines(c: Comparison): string {
  const lines: string[] = []
  const names = (list: string[]) => list.map(escapeText).join(', ')
  if (c.unmatched.functions.length > 0) {
    lines.push(`- Not in the baseline: ${names(c.unmatched.functions)}`)
  }
  if (c.unmatched.baselineFunctions.length > 0) {
    lines.push(`- In the baseline only: ${names(c.unmatched.baselineFunctions)}`)
  }
  const sizes = c.unmatched.memorySizes
  const side = (s: 'current' | 'baseline') =>
    sizes
      .filter((m) => m.side === s)
      .map((m) => `${escapeText(m.functionName)} at ${formatMb(m.memorySize)}`)
      .join(', ')
  if (sizes.some((m) => m.side === 'current')) {
    lines.push(`- Memory sizes measured in this run only: ${side('current')}`)
  }
  if (sizes.some((m) => m.side === 'baseline')) {
    lines.push(`- Memory sizes measured in the baseline only: ${side('baseline')}`)
  }
  if (lines.length === 0) return ''
  return `Not compared (no partner on the other side; a \`baseline-map\` pairs renamed functions):\n\n${lines.join('\n')}`
}

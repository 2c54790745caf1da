/** One-line summaries of a comparison: the comment's first line and the step's failure message. */
import type { Comparison, TierComparison } from '../model/results.js'
import { formatMs, plural } from './format.js'

/**
 * The day the baseline ran, `YYYY-MM-DD`, or null: it comes from a file, so anything but a date
 * (markup, a fake comment marker) is left out of the comment rather than escaped into it.
 */
function baselineDate(c: Comparison): string | null {
  return /^\d{4}-\d{2}-\d{2}/.exec(c.baselineStartedAt)?.[0] ?? null
}

/** `the baseline of 2026-11-24`, or `the live baselines measured in this run`. */
export function baselineName(c: Comparison): string {
  if (c.live) return 'the live baselines measured in this run'
  const date = baselineDate(c)
  return `the baseline${date === null ? '' : ` of ${date}`}`
}

/**
 * The verdict at the top of the comment, e.g.
 * `**2 regressions**, 1 improvement against the baseline of 2026-11-24`.
 */
export function compareVerdictLine(c: Comparison): string {
  const of = `against ${baselineName(c)}`
  if (c.tiers.length === 0) {
    return `Nothing to compare ${of}: no function and memory size matched`
  }
  const parts: string[] = []
  if (c.regressions > 0) parts.push(`**${plural(c.regressions, 'regression')}**`)
  if (c.improvements > 0) parts.push(plural(c.improvements, 'improvement'))
  const untested = c.tiers.filter((t) => t.verdict === 'insufficient-data').length
  const note =
    untested === 0
      ? ''
      : ` (${untested} of ${plural(c.tiers.length, 'pair')} had too few samples to test)`
  if (parts.length === 0) return `No significant change ${of}${note}`
  return `${parts.join(', ')} ${of}${note}`
}

/**
 * One pair with its numbers, for logs and the failure message, e.g.
 * `my-fn @ 1024 MB: 100 → 121 ms (+21.0 %, 95 % CI +18.2 % … +23.9 %, p = 1.2e-9)`.
 */
export function describeTier(t: TierComparison): string {
  const means =
    t.baselineMean !== null && t.currentMean !== null
      ? `${formatMs(t.baselineMean)} → ${formatMs(t.currentMean)} ms`
      : 'no warm measurement on one side'
  const details: string[] = []
  if (t.ratio !== null) details.push(formatPercentChange(t.ratio))
  if (t.ratioCi !== null) {
    details.push(
      `95 % CI ${formatPercentChange(t.ratioCi[0])} … ${formatPercentChange(t.ratioCi[1])}`
    )
  }
  if (t.pValue !== null) details.push(`p = ${formatP(t.pValue)}`)
  if (t.verdict === 'insufficient-data') {
    details.push(`${t.baselineSamples} vs ${t.currentSamples} samples: too few to test`)
  }
  return `${t.functionName} @ ${t.memorySize} MB: ${means} (${details.join(', ')})`
}

/** Each regression described, for the step's failure message. */
export function regressionMessages(c: Comparison): string[] {
  return c.tiers.filter((t) => t.verdict === 'regression').map(describeTier)
}

/** A ratio as a signed percent change: 1.123 → `+12.3 %`. */
function formatPercentChange(ratio: number): string {
  const pct = (ratio - 1) * 100
  const rounded = Math.abs(pct) < 0.05 ? 0 : pct
  return `${rounded > 0 ? '+' : rounded < 0 ? '-' : '±'}${Math.abs(rounded).toFixed(1)} %`
}

/** A p-value to two significant digits, small ones in exponent form. */
function formatP(p: number): string {
  if (p >= 0.001)
    return p
      .toPrecision(2)
      .replace(/(\.\d*?)0+$/, '$1')
      .replace(/\.$/, '')
  if (p < 1e-99) return '< 1e-99'
  return p.toExponential(1)
}

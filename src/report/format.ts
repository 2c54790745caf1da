/**
 * Human number formatting for the report: thousands separators, sensible decimals, a real
 * minus sign (U+2212). Done by hand rather than with Intl so the output is identical on every
 * runner, whatever its locale or ICU data.
 */

/** U+2212, the typographic minus: `-5` reads as a hyphen next to a number in a table. */
export const MINUS = '\u2212'
/** No-break space between a number and its unit, so `38 %` never wraps inside a table cell. */
export const NBSP = '\u00a0'

/** Adds thousands separators to the integer part of a plain decimal string ("1234.5" → "1,234.5"). */
function groupThousands(digits: string): string {
  const [int, frac] = digits.split('.')
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return frac === undefined ? grouped : `${grouped}.${frac}`
}

/** A number with a fixed count of decimals, thousands separators and a real minus sign. */
export function formatNumber(value: number, decimals = 0): string {
  if (!Number.isFinite(value)) return '—'
  const rounded = Math.abs(value).toFixed(decimals)
  const sign = value < 0 && Number(rounded) !== 0 ? MINUS : ''
  return sign + groupThousands(rounded)
}

/** An integer count with thousands separators: 12345 → "12,345". */
export function formatCount(value: number): string {
  return formatNumber(Math.round(value), 0)
}

/**
 * Milliseconds with the decimals that matter at that scale: 1,234 · 231 · 45.3 · 3.14.
 * Billed durations are whole ms, so means above 100 ms gain nothing from decimals.
 */
export function formatMs(ms: number): string {
  const abs = Math.abs(ms)
  const decimals = abs >= 100 ? 0 : abs >= 10 ? 1 : 2
  return formatNumber(ms, decimals)
}

/**
 * US dollars: two decimals from $1 up ("$2.08", "$1,234.50"), two significant digits below
 * ("$0.42", "$0.0000021"), never exponent notation.
 */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd)) return '—'
  const sign = usd < 0 ? MINUS : ''
  const abs = Math.abs(usd)
  if (abs === 0) return '$0'
  if (abs >= 1) return `${sign}$${groupThousands(abs.toFixed(2))}`
  // Two significant digits; rounding first so 0.0995 becomes "0.10", not "0.100".
  const rounded = Number(abs.toPrecision(2))
  if (rounded >= 1) return `${sign}$${rounded.toFixed(2)}`
  const decimals = Math.min(20, 1 - Math.floor(Math.log10(rounded)))
  return `${sign}$${rounded.toFixed(decimals)}`
}

/** Memory in MB, without separators as AWS writes it: "1024 MB". */
export function formatMb(mb: number): string {
  return `${Math.round(mb)}${NBSP}MB`
}

/** A signed relative change in percent: "−38 %", "+5 %", "±0 %". */
export function formatChange(fraction: number): string {
  const percent = fraction * 100
  const abs = Math.abs(percent)
  const text = abs.toFixed(abs < 10 ? 1 : 0).replace(/\.0$/, '')
  if (Number(text) === 0) return `±0${NBSP}%`
  return `${percent < 0 ? MINUS : '+'}${text}${NBSP}%`
}

/** A share in percent, unsigned: 0.25 → "25 %". */
export function formatPercent(fraction: number): string {
  const percent = fraction * 100
  return `${formatNumber(percent, percent !== 0 && Math.abs(percent) < 1 ? 1 : 0)}${NBSP}%`
}

/** A wall time: "850 ms", "42 s", "1 min 12 s", "1 h 3 min". */
export function formatWallTime(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—'
  if (ms < 1000) return `${Math.round(ms)}${NBSP}ms`
  const totalSeconds = Math.round(ms / 1000)
  if (totalSeconds < 60) return `${totalSeconds}${NBSP}s`
  const hours = Math.floor(totalSeconds / 3600)
  const minutes = Math.floor((totalSeconds % 3600) / 60)
  const seconds = totalSeconds % 60
  if (hours > 0) return `${hours}${NBSP}h ${minutes}${NBSP}min`
  return seconds === 0 ? `${minutes}${NBSP}min` : `${minutes}${NBSP}min ${seconds}${NBSP}s`
}

/** "1 function", "3 functions". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`
}

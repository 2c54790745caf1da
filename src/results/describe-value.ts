/** Values from a file, described without quoting what may be large or private. */

/** What a value is, short: never the content of a large string, array or object. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(shorten(value))
  if (Array.isArray(value))
    return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`
  if (typeof value === 'object' && value !== null) return 'an object'
  return String(value)
}

export function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}…` : text
}

/**
 * Lambda's own REPORT record, read from the 4 KB log tail of an invocation or from a
 * CloudWatch Logs event, in both log formats:
 *
 * - Text: `REPORT RequestId: <id>\tDuration: 3.01 ms\tBilled Duration: 4 ms\t…\t`
 * - JSON: `{"type":"platform.report","record":{"requestId":…,"status":…,"metrics":{…}}}`
 *
 * Lessons from aws-lambda-power-tuning, whose parser this one must beat:
 * - Fields are looked up by label, one by one, never by position or by a regex that wants a
 *   decimal point (theirs reads `Duration: 3 ms` as 0).
 * - A missing optional field is normal (cold-start and SnapStart fields; their issue #305
 *   threw on every warm JSON invocation), but a missing required field means the record was
 *   cut or is not a REPORT: we answer null (unmeasured, then the CloudWatch fallback), never 0.
 * - JSON lines sit among application lines, empty lines and a first line cut in half; each
 *   line is parsed on its own and a bad one is skipped (their #253, #261).
 * - Only the record of the invocation's own request id counts.
 *
 * And from the REPORT records people publish (test/fixtures/reports/public-corpus.json): a
 * copied record has its tabs turned into runs of spaces (terminals, browsers, `sam local`,
 * several pages of AWS's own documentation), or tabs and spaces mixed, and it follows other text
 * on its line — a timestamp, a log stream name, a table's `|`, or an application line written
 * without a line break. Such a record reads exactly as the tab-separated one: the record starts
 * at `REPORT RequestId: ` wherever it is on the line, and the fields are read one after another,
 * each a known label, `: ` and a value ending at a tab, a space or the end of the line.
 */
import type { ReportRecord } from '../model/measurement.js'

const TEXT_PREFIX = 'REPORT RequestId: '

/** Decodes X-Amz-Log-Result (base64 of the last 4 KB of the log); '' when absent. */
export function decodeLogResult(b64: string | undefined): string {
  if (!b64) return ''
  // Node's decoder skips characters outside the alphabet instead of throwing, and a tail
  // cut inside a multi-byte character only costs a replacement character at the start.
  return Buffer.from(b64, 'base64').toString('utf8')
}

/**
 * Finds the REPORT (Text) or platform.report (JSON) record of `requestId` in a decoded log
 * tail (which may start mid-line) and parses it. Returns null when absent or cut off.
 */
export function findReport(tail: string, requestId: string): ReportRecord | null {
  // A line never holds a line break, so neither can an id found on one.
  if (!tail || !requestId || /[\r\n]/.test(requestId)) return null
  // Called once per invocation on a 4 KB tail. The REPORT is an invocation's last record and
  // the application's own lines often carry the id too (Node's console, Python's logging), so
  // the search runs from the end and only the lines holding the id are cut out and parsed.
  let tried = tail.length + 1 // start of the earliest line tried so far
  for (let at = tail.lastIndexOf(requestId); at >= 0;) {
    if (at < tried) {
      const start = startOfLine(tail, at)
      tried = start
      const record = parseReportLine(tail.slice(start, endOfLine(tail, at)))
      if (record && record.requestId === requestId) return record
    }
    at = at > 0 ? tail.lastIndexOf(requestId, at - 1) : -1
  }
  return null
}

const LF = 10
const CR = 13

/** Where the line holding `at` starts (after a \n or \r), scanning only that line. */
function startOfLine(text: string, at: number): number {
  let i = at
  while (i > 0 && text.charCodeAt(i - 1) !== LF && text.charCodeAt(i - 1) !== CR) i--
  return i
}

/** Where the line holding `at` ends (its \n or \r, or the end of the text). */
function endOfLine(text: string, at: number): number {
  let i = at
  while (i < text.length && text.charCodeAt(i) !== LF && text.charCodeAt(i) !== CR) i++
  return i
}

/**
 * Parses the REPORT / platform.report record in one CloudWatch Logs event message (a Text
 * REPORT event may carry an X-Ray line after it). The caller matches `requestId`.
 */
export function parseReportMessage(message: string): ReportRecord | null {
  if (!message) return null
  for (const line of message.split(/\r?\n|\r/)) {
    const record = parseReportLine(line)
    if (record) return record
  }
  return null
}

/** Parses one log line in either format; null when it is not a complete REPORT record. */
export function parseReportLine(line: string): ReportRecord | null {
  if (!line.includes(TEXT_PREFIX) && !line.includes('platform.report')) return null
  const trimmed = line.trim()
  if (trimmed.startsWith('{') && trimmed.includes('platform.report')) {
    const record = parseJsonReport(trimmed)
    if (record) return record
  }
  // The record is the last thing on its line, so the last `REPORT RequestId: ` is tried
  // first: an application line that merely mentions a REPORT (another request's) comes before.
  // Each try reads only up to the next one: a record never holds another.
  for (let at = line.lastIndexOf(TEXT_PREFIX), end = line.length; at >= 0;) {
    const record = parseTextReport(line.slice(at + 'REPORT '.length, end))
    if (record) return record
    end = at
    at = at > 0 ? line.lastIndexOf(TEXT_PREFIX, at - 1) : -1
  }
  // A platform.report after other text on its line (`sam logs`, `aws logs tail`).
  const json = line.indexOf('{"time":')
  return json > 0 && line.includes('platform.report')
    ? parseJsonReport(line.slice(json).trim())
    : null
}

type NumericField = Exclude<keyof ReportRecord, 'requestId' | 'status' | 'errorType'>

/**
 * The numeric fields, each with its Text label and unit, and whether a record without it is cut
 * short. The JSON metrics keys are the field names themselves.
 */
const FIELDS: readonly (readonly [NumericField, string, 'ms' | 'MB', boolean])[] = [
  ['durationMs', 'Duration', 'ms', true],
  ['billedDurationMs', 'Billed Duration', 'ms', true],
  ['memorySizeMB', 'Memory Size', 'MB', true],
  ['maxMemoryUsedMB', 'Max Memory Used', 'MB', true],
  ['initDurationMs', 'Init Duration', 'ms', false],
  ['restoreDurationMs', 'Restore Duration', 'ms', false],
  ['billedRestoreDurationMs', 'Billed Restore Duration', 'ms', false]
]

/**
 * Builds a record from one format's lookup of each numeric field; null when a required one is
 * missing (a cut record). Empty strings for status and error type count as absent.
 */
function buildRecord(
  requestId: unknown,
  lookup: (field: NumericField, label: string, unit: 'ms' | 'MB') => number | undefined,
  status: unknown,
  errorType: unknown
): ReportRecord | null {
  if (typeof requestId !== 'string' || !requestId) return null
  const record: Partial<Record<NumericField, number>> = {}
  for (const [field, label, unit, required] of FIELDS) {
    const value = lookup(field, label, unit)
    if (value === undefined && required) return null
    if (value !== undefined) record[field] = value
  }
  const result = { requestId, ...record } as ReportRecord
  if (typeof status === 'string' && status) result.status = status
  if (typeof errorType === 'string' && errorType) result.errorType = errorType
  return result
}

/** The labels of a Text REPORT, longest first where one ends another (`Billed Duration`). */
const TEXT_LABELS = [
  'RequestId',
  'Billed Restore Duration',
  'Restore Duration',
  'Billed Duration',
  'Init Duration',
  'Duration',
  'Max Memory Used',
  'Memory Size',
  'Status',
  'Error Type'
]

/**
 * One field where the scan stands: a known label, `: `, and its value — a number and its unit,
 * or (request id, status, error type) one word — followed by whitespace or the end.
 */
const FIELD = new RegExp(
  `(${TEXT_LABELS.join('|')}): (\\d+(?:\\.\\d+)? (?:ms|MB)|\\S+)(?=\\s|$)`,
  'y'
)
const WHITESPACE = /\s*/y

/**
 * `Label: value` pairs of a Text REPORT (the text after `REPORT `), first occurrence of a label
 * wins. Fields follow each other after tabs or spaces. At text that is not a known field — an
 * unknown field (`XRAY TraceId`, a future one), a value cut short or mangled, a table's `|` —
 * the scan skips to the next tab, as a tab-separated record has one field between two tabs, and
 * without one it stops. So a field is only ever read whole, from its own label.
 */
function textFields(body: string): Map<string, string> {
  const fields = new Map<string, string>()
  let at = 0
  while (at < body.length) {
    WHITESPACE.lastIndex = at
    WHITESPACE.exec(body)
    FIELD.lastIndex = WHITESPACE.lastIndex
    const match = FIELD.exec(body)
    if (match) {
      if (!fields.has(match[1])) fields.set(match[1], match[2])
      at = FIELD.lastIndex
      continue
    }
    const tab = body.indexOf('\t', WHITESPACE.lastIndex)
    if (tab < 0) break
    at = tab + 1
  }
  return fields
}

/** `3.01 ms` → 3.01; anything else (a word where a number belongs, a wrong unit) → undefined. */
function withUnit(value: string | undefined, unit: 'ms' | 'MB'): number | undefined {
  if (value === undefined) return undefined
  const match = /^(\d+(?:\.\d+)?) (ms|MB)$/.exec(value)
  if (!match || match[2] !== unit) return undefined
  return Number(match[1])
}

/** Parses the text after `REPORT ` (it starts with `RequestId: `). */
function parseTextReport(body: string): ReportRecord | null {
  const fields = textFields(body)
  return buildRecord(
    fields.get('RequestId'),
    (_, label, unit) => withUnit(fields.get(label), unit),
    fields.get('Status'),
    fields.get('Error Type')
  )
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function metric(metrics: Record<string, unknown>, key: string): number | undefined {
  const value = metrics[key]
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined
}

function parseJsonReport(line: string): ReportRecord | null {
  let parsed: unknown
  try {
    parsed = JSON.parse(line)
  } catch {
    return null // a line cut at the start of the tail, or an application line
  }
  if (!isObject(parsed) || parsed.type !== 'platform.report' || !isObject(parsed.record)) {
    return null
  }
  const { requestId, metrics, status, errorType } = parsed.record
  if (!isObject(metrics)) return null
  return buildRecord(requestId, (field) => metric(metrics, field), status, errorType)
}

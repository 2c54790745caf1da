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
 */
import type { ReportRecord } from './measurement.js'

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
  if (!tail || !requestId || !tail.includes(requestId)) return null
  for (const line of tail.split(/\r?\n|\r/)) {
    if (!line.includes(requestId)) continue
    const record = parseReportLine(line)
    if (record && record.requestId === requestId) return record
  }
  return null
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
  const trimmed = line.trim()
  if (trimmed.startsWith(TEXT_PREFIX)) return parseTextReport(trimmed)
  if (trimmed.startsWith('{') && trimmed.includes('platform.report'))
    return parseJsonReport(trimmed)
  return null
}

/** `Label: value` pairs of a Text REPORT line, first occurrence of a label wins. */
function textFields(line: string): Map<string, string> {
  const fields = new Map<string, string>()
  for (const part of line.slice('REPORT '.length).split('\t')) {
    const colon = part.indexOf(': ')
    if (colon <= 0) continue
    const label = part.slice(0, colon).trim()
    if (!fields.has(label)) fields.set(label, part.slice(colon + 2).trim())
  }
  return fields
}

/** `3.01 ms` → 3.01; anything else (a value cut short, a wrong unit) → undefined. */
function withUnit(value: string | undefined, unit: 'ms' | 'MB'): number | undefined {
  if (value === undefined) return undefined
  const match = /^(\d+(?:\.\d+)?) (ms|MB)$/.exec(value)
  if (!match || match[2] !== unit) return undefined
  return Number(match[1])
}

function parseTextReport(line: string): ReportRecord | null {
  const fields = textFields(line)
  const requestId = fields.get('RequestId')
  const durationMs = withUnit(fields.get('Duration'), 'ms')
  const billedDurationMs = withUnit(fields.get('Billed Duration'), 'ms')
  const memorySizeMB = withUnit(fields.get('Memory Size'), 'MB')
  const maxMemoryUsedMB = withUnit(fields.get('Max Memory Used'), 'MB')
  if (
    !requestId ||
    durationMs === undefined ||
    billedDurationMs === undefined ||
    memorySizeMB === undefined ||
    maxMemoryUsedMB === undefined
  ) {
    return null
  }
  const record: ReportRecord = {
    requestId,
    durationMs,
    billedDurationMs,
    memorySizeMB,
    maxMemoryUsedMB
  }
  const init = withUnit(fields.get('Init Duration'), 'ms')
  if (init !== undefined) record.initDurationMs = init
  const restore = withUnit(fields.get('Restore Duration'), 'ms')
  if (restore !== undefined) record.restoreDurationMs = restore
  const billedRestore = withUnit(fields.get('Billed Restore Duration'), 'ms')
  if (billedRestore !== undefined) record.billedRestoreDurationMs = billedRestore
  const status = fields.get('Status')
  if (status) record.status = status
  const errorType = fields.get('Error Type')
  if (errorType) record.errorType = errorType
  return record
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
  if (typeof requestId !== 'string' || !requestId || !isObject(metrics)) return null
  const durationMs = metric(metrics, 'durationMs')
  const billedDurationMs = metric(metrics, 'billedDurationMs')
  const memorySizeMB = metric(metrics, 'memorySizeMB')
  const maxMemoryUsedMB = metric(metrics, 'maxMemoryUsedMB')
  if (
    durationMs === undefined ||
    billedDurationMs === undefined ||
    memorySizeMB === undefined ||
    maxMemoryUsedMB === undefined
  ) {
    return null
  }
  const record: ReportRecord = {
    requestId,
    durationMs,
    billedDurationMs,
    memorySizeMB,
    maxMemoryUsedMB
  }
  const init = metric(metrics, 'initDurationMs')
  if (init !== undefined) record.initDurationMs = init
  const restore = metric(metrics, 'restoreDurationMs')
  if (restore !== undefined) record.restoreDurationMs = restore
  const billedRestore = metric(metrics, 'billedRestoreDurationMs')
  if (billedRestore !== undefined) record.billedRestoreDurationMs = billedRestore
  if (typeof status === 'string' && status) record.status = status
  if (typeof errorType === 'string' && errorType) record.errorType = errorType
  return record
}

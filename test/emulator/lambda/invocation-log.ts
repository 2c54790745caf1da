/** The log lines one invocation writes, in Lambda's Text and JSON formats (aws-facts.md). */

/** What the invocation did, as the REPORT states it. */
export interface InvocationFacts {
  requestId: string
  version: string
  logFormat: 'Text' | 'JSON'
  systemLogLevel: string
  /** Wall clock (epoch ms) of the START and REPORT lines. */
  startedAt: number
  endedAt: number
  durationMs: number
  billedDurationMs: number
  memorySizeMB: number
  maxMemoryUsedMB: number
  initDurationMs?: number
  restoreDurationMs?: number
  billedRestoreDurationMs?: number
  status: 'success' | 'error' | 'timeout'
  errorType?: string
  errorMessage?: string
  timeoutSeconds: number
  logBytes: number
  runtime: string
  region: string
  cold: boolean
  /**
   * Lambda Managed Instances: the platform.report carries durationMs and spans, but no billed
   * duration and no memory (the instances are what is paid for).
   */
  managedInstances?: boolean
}

/** One CloudWatch event. */
interface LogLine {
  timestamp: number
  message: string
}

/** The events for the log group, and the invocation's own log (what the tail is cut from). */
export interface InvocationLog {
  events: LogLine[]
  /** START .. REPORT, as the tail would carry it in full. */
  invocationText: string
  /** The same without the REPORT record (for tails that lose it). */
  invocationTextWithoutReport: string
}

const TAIL_BYTES = 4096

/** Base64 of the last 4 KB of the invocation's log — it may start mid-line, as on Lambda. */
export function tailOf(text: string): string {
  const bytes = Buffer.from(text, 'utf8')
  return bytes.subarray(Math.max(0, bytes.length - TAIL_BYTES)).toString('base64')
}

const iso = (ms: number): string => new Date(ms).toISOString()
const fixed2 = (n: number): string => n.toFixed(2)
const round3 = (n: number): number => Math.round(n * 1000) / 1000

const appCache = new Map<number, string[]>()

/** Application lines: realistic filler adding up to about `bytes` bytes (cached per size). */
function appMessages(bytes: number): string[] {
  let cached = appCache.get(bytes)
  if (!cached) {
    cached = makeAppMessages(bytes)
    if (appCache.size > 100) appCache.clear()
    appCache.set(bytes, cached)
  }
  return cached
}

function makeAppMessages(bytes: number): string[] {
  const out: string[] = []
  let total = 0
  for (let i = 0; total < bytes; i++) {
    const msg = `processed batch ${i}: fetched ${(i * 7) % 50} objects from s3://example-bucket/input/part-${String(i).padStart(5, '0')}.json`
    out.push(msg)
    total += msg.length + 64
  }
  return out
}

function runtimeVersion(runtime: string): string {
  const [lang, ver] = /^([a-z]+)([\d.x]+)$/.exec(runtime)?.slice(1) ?? [runtime, '']
  return `${lang}:${ver}.v36`
}

/** Builds every line of one invocation, byte for byte as Lambda writes them. */
export function buildInvocationLog(f: InvocationFacts): InvocationLog {
  return f.logFormat === 'JSON' ? jsonLog(f) : textLog(f)
}

function textLog(f: InvocationFacts): InvocationLog {
  const t0 = f.startedAt
  const t1 = f.endedAt
  const id = f.requestId
  const events: LogLine[] = []
  if (f.cold) {
    const rv = runtimeVersion(f.runtime)
    const kind = f.restoreDurationMs !== undefined ? 'RESTORE_START' : 'INIT_START'
    events.push({
      timestamp: t0,
      message: `${kind} Runtime Version: ${rv}\tRuntime Version ARN: arn:aws:lambda:${f.region}::runtime:0d6f7d8e41b5f0ea2c1d1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c6\n`
    })
    if (f.restoreDurationMs !== undefined) {
      events.push({
        timestamp: t0,
        message: `RESTORE_REPORT Restore Duration: ${fixed2(f.restoreDurationMs)} ms\n`
      })
    }
  }
  const first = events.length
  events.push({ timestamp: t0, message: `START RequestId: ${id} Version: ${f.version}\n` })
  const at = iso(t0)
  for (const m of appMessages(f.logBytes)) {
    events.push({ timestamp: t0, message: `[INFO]\t${at}\t${id}\t${m}\n` })
  }
  if (f.status === 'error') {
    events.push({
      timestamp: t1,
      message: `[ERROR] ${f.errorType}: ${f.errorMessage}\nTraceback (most recent call last):\n  File "/var/task/lambda_function.py", line 42, in lambda_handler\n    raise ${f.errorType}("${f.errorMessage}")\n`
    })
  }
  if (f.status === 'timeout') {
    events.push({
      timestamp: t1,
      message: `${iso(t1)} ${id} Task timed out after ${fixed2(f.timeoutSeconds)} seconds\n`
    })
  }
  events.push({ timestamp: t1, message: `END RequestId: ${id}\n` })
  let report = `REPORT RequestId: ${id}\tDuration: ${fixed2(f.durationMs)} ms\tBilled Duration: ${f.billedDurationMs} ms\tMemory Size: ${f.memorySizeMB} MB\tMax Memory Used: ${f.maxMemoryUsedMB} MB\t`
  if (f.initDurationMs !== undefined) report += `Init Duration: ${fixed2(f.initDurationMs)} ms\t`
  if (f.restoreDurationMs !== undefined) {
    report += `Restore Duration: ${fixed2(f.restoreDurationMs)} ms\tBilled Restore Duration: ${f.billedRestoreDurationMs} ms\t`
  }
  if (f.status === 'timeout') report += 'Status: timeout\t'
  events.push({ timestamp: t1, message: report + '\n' })
  const own = events.slice(first)
  const text = own.map((e) => e.message).join('')
  const withoutReport = own
    .slice(0, -1)
    .map((e) => e.message)
    .join('')
  return { events, invocationText: text, invocationTextWithoutReport: withoutReport }
}

function jsonLog(f: InvocationFacts): InvocationLog {
  const t0 = f.startedAt
  const t1 = f.endedAt
  const id = f.requestId
  const platform = f.systemLogLevel !== 'WARN'
  const events: LogLine[] = []
  if (f.cold && platform) {
    const restore = f.restoreDurationMs
    events.push({
      timestamp: t0,
      message: JSON.stringify({
        time: iso(t0),
        type: restore !== undefined ? 'platform.restoreStart' : 'platform.initStart',
        record: {
          ...(restore !== undefined ? {} : { initializationType: 'on-demand', phase: 'init' }),
          runtimeVersion: runtimeVersion(f.runtime),
          runtimeVersionArn: `arn:aws:lambda:${f.region}::runtime:0d6f7d8e41b5f0ea2c1d1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c6`
        }
      })
    })
    if (restore !== undefined) {
      events.push({
        timestamp: t0,
        message: JSON.stringify({
          time: iso(t0),
          type: 'platform.restoreReport',
          record: { status: 'success', metrics: { durationMs: restore } }
        })
      })
    }
  }
  const first = events.length
  if (platform) {
    events.push({
      timestamp: t0,
      message: `{"time":"${iso(t0)}","type":"platform.start","record":{"requestId":"${id}","version":"${f.version}"}}`
    })
  }
  for (const m of appMessages(f.logBytes)) {
    events.push({
      timestamp: t0,
      message: `{"timestamp":"${iso(t0)}","level":"INFO","message":"${m}","logger":"root","requestId":"${id}"}`
    })
  }
  if (f.status === 'error') {
    events.push({
      timestamp: t1,
      message: JSON.stringify({
        timestamp: iso(t1),
        level: 'ERROR',
        message: f.errorMessage,
        logger: 'root',
        requestId: id,
        errorType: f.errorType,
        stackTrace: ['  File "/var/task/lambda_function.py", line 42, in lambda_handler\n']
      })
    })
  }
  if (f.status === 'timeout') {
    events.push({
      timestamp: t1,
      message: `{"timestamp":"${iso(t1)}","level":"ERROR","message":"Task timed out after ${fixed2(f.timeoutSeconds)} seconds","requestId":"${id}"}`
    })
  }
  let hasReport = false
  if (platform) {
    const metrics: Record<string, number> = f.managedInstances
      ? { durationMs: f.durationMs }
      : {
          durationMs: f.durationMs,
          billedDurationMs: f.billedDurationMs,
          memorySizeMB: f.memorySizeMB,
          maxMemoryUsedMB: f.maxMemoryUsedMB
        }
    if (f.initDurationMs !== undefined) metrics.initDurationMs = f.initDurationMs
    if (f.restoreDurationMs !== undefined) {
      metrics.restoreDurationMs = f.restoreDurationMs
      metrics.billedRestoreDurationMs = f.billedRestoreDurationMs ?? 0
    }
    const record: Record<string, unknown> = { requestId: id, status: f.status, metrics }
    if (f.managedInstances) {
      record.spans = [
        { name: 'responseLatency', start: iso(t0), durationMs: round3(f.durationMs * 0.9) },
        { name: 'responseDuration', start: iso(t1), durationMs: 0.1 }
      ]
    }
    if (f.status !== 'success') record.errorType = f.errorType
    events.push({
      timestamp: t1,
      message: JSON.stringify({ time: iso(t1), type: 'platform.report', record })
    })
    hasReport = true
  }
  const own = events.slice(first)
  const join = (list: LogLine[]): string => list.map((e) => e.message + '\n').join('')
  return {
    events,
    invocationText: join(own),
    invocationTextWithoutReport: join(hasReport ? own.slice(0, -1) : own)
  }
}

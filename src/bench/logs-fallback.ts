/**
 * The CloudWatch Logs fallback: REPORT records of invocations whose log tail did not carry one
 * (a tail cut short, a function that logs a lot after its handler returned, a custom setup).
 *
 * One FilterLogEvents scan per round covers a whole tier: the function's log group, the tier's
 * time window, a filter pattern that only lets REPORT / platform.report records through, every
 * page followed; request ids are matched here. Rounds repeat with backoff until every record is
 * found or the deadline passes (logs arrive with a delay). It runs in the background while the
 * next tier is measured.
 */
import {
  FilterLogEventsCommand,
  type CloudWatchLogsClient,
  type FilterLogEventsCommandInput
} from '@aws-sdk/client-cloudwatch-logs'
import { errorName, isAccessDenied, isTransient } from '../aws/errors.js'
import type { Clock } from '../core/clock.js'
import { errorMessage, isAbort } from '../core/errors.js'
import { retry, TryAgain } from '../core/retry.js'
import type { ReportRecord } from '../model/measurement.js'
import { parseReportMessage } from './report-record.js'

/** Slack around the tier's window: the runner's clock and Lambda's need not agree. */
const CLOCK_SLACK_MS = 60_000
/** A scan never follows more pages than this (a service answering tokens forever). */
const MAX_PAGES = 10_000

export interface LogsLookup {
  logs: CloudWatchLogsClient
  functionName: string
  logGroup: string
  logFormat: 'Text' | 'JSON'
  requestIds: readonly string[]
  /** Epoch ms: the tier's first request and last answer. */
  startedAt: number
  finishedAt: number
  /** Ends the polling early (cancellation); what was found so far is returned. */
  signal?: AbortSignal
  /** How long to wait for late records (LMB_LOGS_DEADLINE_MS). */
  deadlineMs: number
  clock: Clock
  warn: (message: string) => void
}

/** The filter pattern that selects Lambda's REPORT records in each log format. */
function reportFilterPattern(format: 'Text' | 'JSON'): string {
  return format === 'JSON' ? '{ $.type = "platform.report" }' : '"REPORT RequestId"'
}

/** A log group that does not exist yet (the first logs still on their way), or a passing failure. */
function worthAnotherRound(error: unknown): boolean {
  return isTransient(error) || errorName(error) === 'ResourceNotFoundException'
}

/** Finds the REPORT records of `requestIds`; those not found are absent from the map. */
export async function fetchReportsFromLogs(lookup: LogsLookup): Promise<Map<string, ReportRecord>> {
  const found = new Map<string, ReportRecord>()
  const wanted = new Set(lookup.requestIds)
  if (wanted.size === 0) return found
  const { clock, signal } = lookup
  const base: FilterLogEventsCommandInput = {
    ...(lookup.logGroup.startsWith('arn:')
      ? { logGroupIdentifier: lookup.logGroup }
      : { logGroupName: lookup.logGroup }),
    startTime: lookup.startedAt - CLOCK_SLACK_MS,
    endTime: lookup.finishedAt + CLOCK_SLACK_MS,
    filterPattern: reportFilterPattern(lookup.logFormat)
  }
  try {
    await retry(
      async () => {
        await scan(lookup.logs, base, wanted, found, signal)
        if (wanted.size > 0) throw new TryAgain(`${wanted.size} record(s) not delivered yet`)
      },
      {
        retryable: worthAnotherRound,
        deadline: clock.now() + lookup.deadlineMs,
        backoff: { baseMs: 1_000, capMs: 8_000 },
        signal,
        clock
      }
    )
  } catch (error) {
    if (isAbort(error) || signal?.aborted) return found
    lookup.warn(`${lookup.functionName}: ${whyUnmeasured(error, lookup, wanted.size)}`)
  }
  return found
}

/** Why `left` invocations stay unmeasured, after `error` ended the lookup. */
function whyUnmeasured(error: unknown, lookup: LogsLookup, left: number): string {
  if (isAccessDenied(error)) {
    return `logs:FilterLogEvents was denied on ${lookup.logGroup}, so ${left} invocation(s) whose log tail had no REPORT are counted as unmeasured (grant logs:FilterLogEvents on the log group to measure them): ${errorMessage(error)}`
  }
  if (!(error instanceof TryAgain) && !worthAnotherRound(error)) {
    return `FilterLogEvents on ${lookup.logGroup} failed (${errorName(error)}: ${errorMessage(error)}); ${left} invocation(s) counted as unmeasured`
  }
  const why =
    error instanceof TryAgain ? '' : ` (last error: ${errorName(error)}: ${errorMessage(error)})`
  return `${left} REPORT record(s) were not in ${lookup.logGroup} before the deadline${why}; counted as unmeasured (if SystemLogLevel is WARN, Lambda writes no REPORT at all)`
}

/** One pass over the window, every page, moving matches from `wanted` to `found`. */
async function scan(
  logs: CloudWatchLogsClient,
  base: FilterLogEventsCommandInput,
  wanted: Set<string>,
  found: Map<string, ReportRecord>,
  signal?: AbortSignal
): Promise<void> {
  let nextToken: string | undefined
  for (let page = 0; page < MAX_PAGES; page++) {
    const out = await logs.send(new FilterLogEventsCommand({ ...base, nextToken }), {
      abortSignal: signal
    })
    for (const event of out.events ?? []) {
      const record = event.message ? parseReportMessage(event.message) : null
      if (record && wanted.delete(record.requestId)) found.set(record.requestId, record)
    }
    // Pages may be empty yet carry a token: only a missing (or repeated) token ends the scan.
    if (!out.nextToken || out.nextToken === nextToken || wanted.size === 0) return
    nextToken = out.nextToken
  }
}

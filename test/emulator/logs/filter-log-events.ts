/** FilterLogEvents and DescribeLogStreams, with CloudWatch's uneven pagination. */
import { logsError } from '../api-error.js'
import type { Context } from '../context.js'
import { compileFilterPattern } from './filter-pattern.js'
import type { LogGroup } from './store.js'

/** Most events examined per call: like the real service, a call may stop early with a token. */
const SCAN_BUDGET = 20_000

interface Token {
  /** Last examined event's seq. */
  s: number
  /** Pages served so far in this pagination. */
  p: number
  g: string
}

function encode(t: Token): string {
  return Buffer.from(JSON.stringify(t)).toString('base64url')
}

function decode(raw: unknown, group: LogGroup): Token | undefined {
  if (raw === undefined || raw === null) return undefined
  try {
    const t = JSON.parse(Buffer.from(String(raw), 'base64url').toString('utf8')) as Token
    if (typeof t.s === 'number' && t.g === group.name) return t
  } catch {
    // falls through to the error below
  }
  throw logsError('InvalidParameterException', 'The specified nextToken is invalid.')
}

/** The group named by logGroupName or logGroupIdentifier, or ResourceNotFoundException. */
function groupOf(ctx: Context, body: Record<string, unknown>): LogGroup {
  const id = (body.logGroupIdentifier ?? body.logGroupName) as string | undefined
  if (!id) {
    throw logsError(
      'InvalidParameterException',
      'Either logGroupName or logGroupIdentifier must be specified.'
    )
  }
  const group = ctx.logs.resolve(id)
  if (!group)
    throw logsError('ResourceNotFoundException', 'The specified log group does not exist.')
  return group
}

/** FilterLogEvents. */
export function filterLogEvents(ctx: Context, body: Record<string, unknown>): unknown {
  const group = groupOf(ctx, body)
  const names = body.logStreamNames as string[] | undefined
  const prefix = body.logStreamNamePrefix as string | undefined
  if (names && prefix) {
    throw logsError(
      'InvalidParameterException',
      'logStreamNames and logStreamNamePrefix are mutually exclusive'
    )
  }
  const nameSet = names ? new Set(names) : undefined
  const start = typeof body.startTime === 'number' ? body.startTime : -Infinity
  const end = typeof body.endTime === 'number' ? body.endTime : Infinity
  const limit = typeof body.limit === 'number' ? body.limit : 10_000
  if (limit < 1 || limit > 10_000) {
    throw logsError(
      'InvalidParameterException',
      `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000`
    )
  }
  const match = compileFilterPattern(body.filterPattern as string | undefined)
  const token = decode(body.nextToken, group)
  const pageNo = token ? token.p + 1 : 0
  let size = Math.min(limit, ctx.pageSize)
  // Like the real service, some pages come back short or empty yet still carry a token.
  if (pageNo % 5 === 3) size = 0
  else if (pageNo % 3 === 1) size = Math.max(1, Math.floor(size / 2))
  const now = Date.now()
  const events = group.events
  let i = token ? group.indexAfter(token.s) : 0
  const out: unknown[] = []
  let scanned = 0
  let lastSeq = token?.s ?? 0
  for (; i < events.length && out.length < size && scanned < SCAN_BUDGET; i++, scanned++) {
    const e = events[i]
    lastSeq = e.seq
    if (e.ingestionTime > now) continue
    if (e.timestamp < start || e.timestamp > end) continue
    if (nameSet ? !nameSet.has(e.logStreamName) : prefix && !e.logStreamName.startsWith(prefix)) {
      continue
    }
    if (!match(e.message)) continue
    out.push({
      logStreamName: e.logStreamName,
      timestamp: e.timestamp,
      message: e.message,
      ingestionTime: e.ingestionTime,
      eventId: `${e.timestamp}${String(e.seq).padStart(43, '0')}`
    })
  }
  const result: Record<string, unknown> = { events: out, searchedLogStreams: [] }
  if (i < events.length) result.nextToken = encode({ s: lastSeq, p: pageNo, g: group.name })
  return result
}

/** DescribeLogStreams. */
export function describeLogStreams(ctx: Context, body: Record<string, unknown>): unknown {
  const group = groupOf(ctx, body)
  const prefix = body.logStreamNamePrefix as string | undefined
  const orderBy = (body.orderBy as string | undefined) ?? 'LogStreamName'
  if (prefix && orderBy === 'LastEventTime') {
    throw logsError(
      'InvalidParameterException',
      'Cannot order by LastEventTime with a logStreamNamePrefix.'
    )
  }
  const limit = Math.min(Number(body.limit ?? 50) || 50, 50)
  let streams = [...group.streams.values()].filter(
    (s) => !prefix || s.logStreamName.startsWith(prefix)
  )
  streams.sort((a, b) =>
    orderBy === 'LastEventTime'
      ? (a.lastEventTimestamp ?? 0) - (b.lastEventTimestamp ?? 0)
      : a.logStreamName < b.logStreamName
        ? -1
        : 1
  )
  if (body.descending === true) streams.reverse()
  const from = body.nextToken ? Number(Buffer.from(String(body.nextToken), 'base64url')) : 0
  const pageItems = streams.slice(from, from + limit)
  streams = pageItems
  const result: Record<string, unknown> = {
    logStreams: streams.map((s) => ({
      ...s,
      arn: `${group.arn}:log-stream:${s.logStreamName}`,
      uploadSequenceToken: '49039859' + String(s.creationTime).padStart(48, '0')
    }))
  }
  if (from + limit < group.streams.size && pageItems.length === limit) {
    result.nextToken = Buffer.from(String(from + limit)).toString('base64url')
  }
  return result
}

/** DescribeLogGroups (prefix only). */
export function describeLogGroups(ctx: Context, body: Record<string, unknown>): unknown {
  const prefix = (body.logGroupNamePrefix as string | undefined) ?? ''
  return {
    logGroups: [...ctx.logs.groups.values()]
      .filter((g) => g.name.startsWith(prefix))
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((g) => ({
        logGroupName: g.name,
        creationTime: g.creationTime,
        metricFilterCount: 0,
        arn: `${g.arn}:*`,
        logGroupArn: g.arn,
        storedBytes: 0,
        logGroupClass: 'STANDARD'
      }))
  }
}

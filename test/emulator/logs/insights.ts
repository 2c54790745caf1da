/**
 * Logs Insights, the subset a Lambda benchmark uses: `fields`, `filter` (=, !=, <, >, like,
 * in, and/or/not, ispresent), `sort`, `limit`, over the fields Insights discovers in Lambda
 * logs (`@type`, `@requestId`, `@duration`, `@billedDuration`, `@memorySize` and
 * `@maxMemoryUsed` in MB × 1,000,000, `@initDuration`) and in JSON messages (dotted keys).
 */
import { randomUUID } from 'node:crypto'
import { logsError } from '../api-error.js'
import type { Context } from '../context.js'
import type { LogGroup, StoredEvent } from './store.js'

type Row = Map<string, string>
type Cond = (row: Row) => boolean

interface Query {
  groups: LogGroup[]
  start: number
  end: number
  limit: number
  fields?: string[]
  filters: Cond[]
  sort?: { field: string; desc: boolean }
  polls: number
  status: string
  results?: { field: string; value: string }[][]
  stats?: { recordsMatched: number; recordsScanned: number; bytesScanned: number }
}

const queries = new WeakMap<Context, Map<string, Query>>()

function malformed(message: string): Error {
  return logsError('MalformedQueryException', message)
}

function insightsTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '')
}

/** The fields Insights discovers in one event. */
function discoverFields(group: LogGroup, accountId: string, e: StoredEvent): Row {
  const row: Row = new Map([
    ['@timestamp', insightsTime(e.timestamp)],
    ['@message', e.message],
    ['@logStream', e.logStreamName],
    ['@log', `${accountId}:${group.name}`],
    ['@ingestionTime', insightsTime(e.ingestionTime)]
  ])
  const msg = e.message
  if (msg.startsWith('REPORT RequestId: ')) {
    row.set('@type', 'REPORT')
    for (const part of msg.trimEnd().split('\t')) {
      const m =
        /^(REPORT RequestId|Duration|Billed Duration|Memory Size|Max Memory Used|Init Duration): (\S+)/.exec(
          part
        )
      if (!m) continue
      const v = Number(m[2])
      if (m[1] === 'REPORT RequestId') row.set('@requestId', m[2])
      else if (m[1] === 'Duration') row.set('@duration', String(v))
      else if (m[1] === 'Billed Duration') row.set('@billedDuration', String(v))
      else if (m[1] === 'Memory Size') row.set('@memorySize', String(v * 1_000_000))
      else if (m[1] === 'Max Memory Used') row.set('@maxMemoryUsed', String(v * 1_000_000))
      else if (m[1] === 'Init Duration') row.set('@initDuration', String(v))
    }
  } else if (msg.startsWith('START RequestId: ') || msg.startsWith('END RequestId: ')) {
    row.set('@type', msg.startsWith('START') ? 'START' : 'END')
    row.set('@requestId', msg.split(' ')[2].trim())
  } else if (msg.startsWith('{')) {
    try {
      flatten(JSON.parse(msg), '', row)
    } catch {
      // not JSON after all: only the standard fields
    }
  }
  return row
}

function flatten(value: unknown, prefix: string, row: Row): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, row)
  } else if (prefix) {
    row.set(prefix, typeof value === 'string' ? value : JSON.stringify(value))
  }
}

// --- query parsing -------------------------------------------------------------------------

function splitPipes(q: string): string[] {
  const out: string[] = []
  let cur = ''
  let quote: string | null = null
  for (const ch of q) {
    if (quote) {
      if (ch === quote) quote = null
    } else if (ch === '"' || ch === "'" || ch === '/') {
      quote = ch === '/' && !/like\s*$/i.test(cur) ? null : ch
    } else if (ch === '|') {
      out.push(cur.trim())
      cur = ''
      continue
    }
    cur += ch
  }
  out.push(cur.trim())
  return out.filter((c) => c !== '')
}

function tokenize(s: string): string[] {
  const re =
    /\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\/(?:[^/\\]|\\.)*\/|!=|<=|>=|=|<|>|\(|\)|\[|\]|,|[^\s()=<>!,[\]]+)/g
  const out: string[] = []
  let last = 0
  for (let m = re.exec(s); m; m = re.exec(s)) {
    out.push(m[1])
    last = re.lastIndex
  }
  if (s.slice(last).trim() !== '') throw malformed(`unexpected input: ${s.slice(last)}`)
  return out
}

function literal(tok: string): string {
  if (/^["']/.test(tok)) return tok.slice(1, -1).replace(/\\(.)/g, '$1')
  return tok
}

function parseFilter(text: string): Cond {
  const t = tokenize(text)
  let i = 0
  const peek = (): string | undefined => t[i]
  const next = (): string => {
    const tok = t[i++]
    if (tok === undefined) throw malformed(`incomplete filter: ${text}`)
    return tok
  }
  const or = (): Cond => {
    let left = and()
    while (peek()?.toLowerCase() === 'or') {
      next()
      const l = left
      const r = and()
      left = (row) => l(row) || r(row)
    }
    return left
  }
  const and = (): Cond => {
    let left = not()
    while (peek()?.toLowerCase() === 'and') {
      next()
      const l = left
      const r = not()
      left = (row) => l(row) && r(row)
    }
    return left
  }
  const not = (): Cond => {
    if (peek()?.toLowerCase() === 'not') {
      next()
      const inner = not()
      return (row) => !inner(row)
    }
    return atom()
  }
  const atom = (): Cond => {
    const tok = next()
    if (tok === '(') {
      const e = or()
      if (next() !== ')') throw malformed('unbalanced parentheses')
      return e
    }
    if (tok.toLowerCase() === 'ispresent') {
      if (next() !== '(') throw malformed('ispresent needs a field')
      const f = next()
      if (next() !== ')') throw malformed('ispresent needs a field')
      return (row) => row.has(f)
    }
    const field = tok
    let op = next().toLowerCase()
    let negate = false
    if (op === 'not') {
      negate = true
      op = next().toLowerCase()
    }
    let cond: Cond
    if (op === 'like' || op === '=~') {
      const pat = next()
      const re = pat.startsWith('/')
        ? new RegExp(pat.slice(1, -1))
        : new RegExp(literal(pat).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      cond = (row) => re.test(row.get(field) ?? '')
    } else if (op === 'in') {
      if (next() !== '[') throw malformed('in needs a list')
      const values = new Set<string>()
      for (let tk = next(); tk !== ']'; tk = next()) if (tk !== ',') values.add(literal(tk))
      cond = (row) => values.has(row.get(field) ?? '\u0000')
    } else if (['=', '!=', '<', '>', '<=', '>='].includes(op)) {
      const raw = next()
      const value = literal(raw)
      const num = Number(value)
      const numeric = !/^["']/.test(raw) && !Number.isNaN(num)
      cond = (row) => {
        const v = row.get(field)
        if (v === undefined) return false
        const a: number | string = numeric ? Number(v) : v
        const b: number | string = numeric ? num : value
        switch (op) {
          case '=':
            return a === b
          case '!=':
            return a !== b
          case '<':
            return a < b
          case '>':
            return a > b
          case '<=':
            return a <= b
          default:
            return a >= b
        }
      }
    } else {
      throw malformed(`unsupported operator: ${op}`)
    }
    return negate ? (row) => !cond(row) : cond
  }
  const cond = or()
  if (i !== t.length) throw malformed(`unexpected token: ${t[i]}`)
  return cond
}

function parseQuery(q: Query, text: string): void {
  for (const command of splitPipes(text)) {
    const m = /^(\w+)\s*([\s\S]*)$/.exec(command)
    if (!m) throw malformed(`cannot parse: ${command}`)
    const [, name, rest] = m
    switch (name.toLowerCase()) {
      case 'fields':
        q.fields = [...(q.fields ?? []), ...rest.split(',').map((f) => f.trim())].filter(Boolean)
        break
      case 'display':
        q.fields = rest.split(',').map((f) => f.trim())
        break
      case 'filter':
        q.filters.push(parseFilter(rest))
        break
      case 'sort': {
        const [field, dir] = rest.trim().split(/\s+/)
        q.sort = { field, desc: (dir ?? 'asc').toLowerCase() === 'desc' }
        break
      }
      case 'limit':
        q.limit = Math.min(q.limit, Number(rest.trim()) || q.limit)
        break
      default:
        throw malformed(`unsupported command in this emulator: ${name}`)
    }
  }
}

// --- operations ----------------------------------------------------------------------------

/** StartQuery: times in epoch seconds. */
export function startQuery(ctx: Context, body: Record<string, unknown>): unknown {
  const names = [
    ...((body.logGroupNames as string[] | undefined) ?? []),
    ...((body.logGroupIdentifiers as string[] | undefined) ?? []),
    ...(body.logGroupName ? [body.logGroupName as string] : [])
  ]
  if (names.length === 0) {
    throw logsError('InvalidParameterException', 'Log group name or identifier is required.')
  }
  const groups = names.map((n) => {
    const g = ctx.logs.resolve(n)
    if (!g) {
      throw logsError(
        'ResourceNotFoundException',
        `Log group '${n}' does not exist for account ID '${ctx.accountId}' (Service: CloudWatchLogs, Status Code: 400)`
      )
    }
    return g
  })
  const q: Query = {
    groups,
    start: Number(body.startTime) * 1000,
    end: Number(body.endTime) * 1000 + 999,
    limit: Math.min(Number(body.limit ?? 10_000) || 10_000, 10_000),
    filters: [],
    polls: 0,
    status: 'Scheduled'
  }
  parseQuery(q, String(body.queryString ?? ''))
  const id = randomUUID()
  let all = queries.get(ctx)
  if (!all) {
    all = new Map()
    queries.set(ctx, all)
  }
  all.set(id, q)
  return { queryId: id }
}

function run(ctx: Context, q: Query): void {
  const now = Date.now()
  let rows: Row[] = []
  let scanned = 0
  let bytes = 0
  for (const g of q.groups) {
    for (const e of g.events) {
      if (e.ingestionTime > now || e.timestamp < q.start || e.timestamp > q.end) continue
      scanned++
      bytes += e.message.length
      const row = discoverFields(g, ctx.accountId, e)
      if (q.filters.every((f) => f(row))) rows.push(row)
    }
  }
  const matched = rows.length
  if (q.sort) {
    const { field, desc } = q.sort
    rows.sort((a, b) => {
      const x = a.get(field) ?? ''
      const y = b.get(field) ?? ''
      const nx = Number(x)
      const ny = Number(y)
      const c =
        !Number.isNaN(nx) && !Number.isNaN(ny) && x !== '' && y !== ''
          ? nx - ny
          : x < y
            ? -1
            : x > y
              ? 1
              : 0
      return desc ? -c : c
    })
  }
  rows = rows.slice(0, q.limit)
  const fields = q.fields ?? ['@timestamp', '@message']
  q.results = rows.map((row, n) => [
    ...fields.filter((f) => row.has(f)).map((f) => ({ field: f, value: row.get(f)! })),
    { field: '@ptr', value: Buffer.from(`ptr:${n}:${row.get('@timestamp')}`).toString('base64') }
  ])
  q.stats = { recordsMatched: matched, recordsScanned: scanned, bytesScanned: bytes }
}

/** GetQueryResults: Running on the first poll, Complete after. */
export function getQueryResults(ctx: Context, body: Record<string, unknown>): unknown {
  const q = queries.get(ctx)?.get(String(body.queryId))
  if (!q) throw logsError('ResourceNotFoundException', 'Query does not exist.')
  q.polls++
  if (q.status === 'Complete' || q.status === 'Cancelled') {
    // answer as before
  } else if (q.polls === 1) {
    q.status = 'Running'
  } else {
    run(ctx, q)
    q.status = 'Complete'
  }
  return {
    status: q.status,
    results: q.status === 'Complete' ? q.results : [],
    statistics: q.stats ?? { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 }
  }
}

/** StopQuery. */
export function stopQuery(ctx: Context, body: Record<string, unknown>): unknown {
  const q = queries.get(ctx)?.get(String(body.queryId))
  if (!q) throw logsError('ResourceNotFoundException', 'Query does not exist.')
  const running = q.status === 'Running' || q.status === 'Scheduled'
  if (running) q.status = 'Cancelled'
  return { success: running }
}

/** The group names a logs request names (for fault lookup), without failing. */
export function groupNamesOf(body: Record<string, unknown>): string[] {
  const one = (body.logGroupIdentifier ?? body.logGroupName) as string | undefined
  return [
    ...(one ? [one] : []),
    ...((body.logGroupNames as string[] | undefined) ?? []),
    ...((body.logGroupIdentifiers as string[] | undefined) ?? [])
  ].map((n) => /log-group:(.+?)(:\*)?$/.exec(n)?.[1] ?? n)
}

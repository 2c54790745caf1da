/** The HTTP server: routes Lambda (REST-JSON), CloudWatch Logs (JSON 1.1) and /__emulator. */
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { ApiError, lambdaErrors, logsError } from './api-error.js'
import type { Context, Request, Response } from './context.js'
import { DropConnection, json } from './context.js'
import { applyFaults, Hang } from './faults.js'
import { controlPlane } from './lambda/api.js'
import { invoke } from './lambda/invoke.js'
import { parseFunctionName } from './lambda/names.js'
import { lambdaRoute, type LambdaRoute } from './lambda/routes.js'
import { describeLogGroups, describeLogStreams, filterLogEvents } from './logs/filter-log-events.js'
import { getQueryResults, groupNamesOf, startQuery, stopQuery } from './logs/insights.js'
import { handleControl, type Controls } from './control-endpoints.js'
import type { CallRecord } from './journal.js'

async function handleLambda(
  ctx: Context,
  route: LambdaRoute | undefined,
  req: Request
): Promise<Response> {
  if (!route) throw lambdaErrors.unknownOperation()
  if (route.operation === 'ListFunctions') {
    return json(200, {
      Functions: [...ctx.functions.values()].map((f) => (f.settle(), f.configuration()))
    })
  }
  const parsed = parseFunctionName(route.functionName ?? '')
  const base = `arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:`
  if (!parsed) throw lambdaErrors.notFound(base + (route.functionName ?? ''))
  const queryQualifier = req.query.get('Qualifier') ?? undefined
  if (parsed.qualifier && queryQualifier && parsed.qualifier !== queryQualifier) {
    throw lambdaErrors.invalidParameter(
      'The derived qualifier from the function name does not match the specified qualifier.'
    )
  }
  const qualifier = parsed.qualifier ?? queryQualifier
  req.notes.functionName = parsed.name
  req.notes.qualifier = qualifier
  const fn = ctx.functions.get(parsed.name)
  if (!fn) throw lambdaErrors.notFound(base + parsed.name + (qualifier ? `:${qualifier}` : ''))
  const held = fn.holds.get(route.operation)
  if (held) await held
  fn.settle()
  applyFaults(ctx, fn, route.operation, qualifier ? `${fn.arn}:${qualifier}` : fn.arn)
  if (route.operation === 'Invoke') return invoke(ctx, fn, qualifier, req)
  const response = await controlPlane(ctx, route.operation, fn, qualifier, route.aliasName, req)
  // A lost answer to a request that took effect: the caller cannot tell it from a lost request.
  const drop = fn.faults.dropConnection
  if (drop?.afterApplying && drop.operation === route.operation && drop.count > 0) {
    drop.count--
    throw new DropConnection()
  }
  return response
}

const LOGS_OPS: Record<string, (ctx: Context, body: Record<string, unknown>) => unknown> = {
  FilterLogEvents: filterLogEvents,
  DescribeLogStreams: describeLogStreams,
  DescribeLogGroups: describeLogGroups,
  StartQuery: startQuery,
  GetQueryResults: getQueryResults,
  StopQuery: stopQuery
}

function handleLogs(ctx: Context, operation: string, req: Request): Response {
  const handler = LOGS_OPS[operation]
  if (!handler) throw logsError('UnknownOperationException', `Unknown operation ${operation}`)
  let body: Record<string, unknown>
  try {
    body = req.body.length ? (JSON.parse(req.body.toString('utf8')) as Record<string, unknown>) : {}
  } catch {
    throw logsError('SerializationException', 'Invalid JSON')
  }
  const groups = groupNamesOf(body)
  req.notes.logGroup = groups[0]
  for (const fn of ctx.functions.values()) {
    if (groups.includes(fn.settings.LoggingConfig.LogGroup)) {
      const group = fn.settings.LoggingConfig.LogGroup
      req.notes.functionName ??= fn.name
      applyFaults(
        ctx,
        fn,
        operation,
        `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:${group}:log-stream:`
      )
    }
  }
  return {
    status: 200,
    headers: { 'Content-Type': 'application/x-amz-json-1.1' },
    body: JSON.stringify(handler(ctx, body))
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/** What one request needs besides itself: the shared state and who is closing sockets. */
interface Connection {
  ctx: Context
  controls: Controls
  /** True when the emulator itself destroyed the socket (stop or pause). */
  closedByServer(socket: Socket): boolean
}

async function handle(
  { ctx, controls, closedByServer }: Connection,
  raw: IncomingMessage,
  res: ServerResponse,
  receivedAt: number
): Promise<void> {
  const target = raw.url ?? '/'
  const q = target.indexOf('?')
  const req: Request = {
    method: raw.method ?? 'GET',
    path: q < 0 ? target : target.slice(0, q),
    query: new URLSearchParams(q < 0 ? '' : target.slice(q + 1)),
    headers: raw.headers,
    body: await readBody(raw),
    notes: {}
  }
  const amzTarget = raw.headers['x-amz-target']
  const isLogs = typeof amzTarget === 'string' && amzTarget.startsWith('Logs_20140328.')
  const isControl = req.path.startsWith('/__emulator/')
  const service = isLogs ? 'logs' : 'lambda'
  const route = isLogs || isControl ? undefined : lambdaRoute(req.method, req.path)
  const operation = isLogs
    ? (amzTarget as string).slice('Logs_20140328.'.length)
    : (route?.operation ?? 'Unknown')
  let answer: Response
  try {
    answer = isControl
      ? handleControl(ctx, controls, req)
      : isLogs
        ? handleLogs(ctx, operation, req)
        : await handleLambda(ctx, route, req)
  } catch (err) {
    if (err instanceof DropConnection) {
      record(ctx, service, operation, req, receivedAt, 0, 'ConnectionDropped')
      raw.socket.destroy()
      return
    }
    // The socket stays in EmulatorServer's set, so stop() still closes it.
    if (err instanceof Hang) {
      const call = record(ctx, service, operation, req, receivedAt, 0, 'Hung')
      watchClose(ctx, call, raw.socket, closedByServer)
      if (err.afterHeaders) {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 1024 })
        res.write('{"Configuration":{')
      }
      return
    }
    let e: ApiError
    if (err instanceof ApiError) e = err
    else {
      console.error('emulator: internal error', err)
      e = isLogs
        ? logsError('ServiceUnavailableException', String(err), 500)
        : lambdaErrors.service()
    }
    answer = {
      status: e.status,
      headers: {
        'Content-Type': isLogs ? 'application/x-amz-json-1.1' : 'application/json',
        'x-amzn-ErrorType': e.code,
        'x-amzn-RequestId': randomUUID(),
        ...e.headers
      },
      body: JSON.stringify(e.body)
    }
  }
  if (!isControl) {
    const code = answer.headers['x-amzn-ErrorType']
    record(ctx, service, operation, req, receivedAt, answer.status, code)
  }
  if (!answer.headers['x-amzn-RequestId']) answer.headers['x-amzn-RequestId'] = randomUUID()
  res.writeHead(answer.status, {
    ...answer.headers,
    'Content-Length': Buffer.byteLength(answer.body)
  })
  res.end(answer.body)
}

function record(
  ctx: Context,
  service: 'lambda' | 'logs',
  operation: string,
  req: Request,
  receivedAt: number,
  status: number,
  errorCode: string | undefined
): CallRecord {
  const call: CallRecord = { at: Date.now(), receivedAt, service, operation, status }
  const { functionName, qualifier, logGroup } = req.notes
  if (functionName) call.functionName = functionName
  if (qualifier) call.qualifier = qualifier
  if (logGroup) call.logGroup = logGroup
  if (errorCode) call.errorCode = errorCode
  ctx.journal.call(call)
  return call
}

/**
 * Journals when and by whom a Hung call's connection ended. The client's close (its FIN, or a
 * reset) is read before any later request of the same client, and 'end' / 'error' are emitted
 * before the next socket's data is processed, so `closedAt` ≤ the `receivedAt` of a retry sent
 * after the close, however slow the machine.
 */
function watchClose(
  ctx: Context,
  call: CallRecord,
  socket: Socket,
  closedByServer: (s: Socket) => boolean
): void {
  const closed = (): void => ctx.journal.closed(call, closedByServer(socket) ? 'server' : 'client')
  if (socket.destroyed) return closed()
  socket.once('end', closed).once('error', closed).once('close', closed)
}

/** A listening server that can go away for a while and come back on the same port. */
export class EmulatorServer {
  private server: Server
  private readonly sockets = new Set<Socket>()
  /** Sockets the emulator destroyed itself (a Hung call's end is then the server's). */
  private readonly destroyedHere = new WeakSet<Socket>()
  port = 0

  constructor(ctx: Context, controls: Controls) {
    this.server = this.create(ctx, controls)
  }

  private create(ctx: Context, controls: Controls): Server {
    const connection: Connection = {
      ctx,
      controls,
      closedByServer: (s) => this.destroyedHere.has(s)
    }
    const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
      handle(connection, req, res, Date.now()).catch((err: unknown) => {
        console.error('emulator: failed to answer', err)
        res.destroy()
      })
    })
    server.on('connection', (s: Socket) => {
      this.sockets.add(s)
      s.on('close', () => this.sockets.delete(s))
    })
    return server
  }

  /** Listens on 127.0.0.1 (port 0 = a free one). */
  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject)
        const addr = this.server.address()
        this.port = typeof addr === 'object' && addr ? addr.port : port
        resolve(this.port)
      })
    })
  }

  /** Stops accepting and drops every open connection. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      for (const s of this.sockets) {
        this.destroyedHere.add(s)
        s.destroy()
      }
      this.sockets.clear()
      if (!this.server.listening) return resolve()
      this.server.close(() => resolve())
    })
  }

  /**
   * Gone (connections refused) for `ms`, or until `until` settles — e.g. once a test has seen
   * a call refused, so that no guessed delay decides whether it was — then back on the same
   * port. Not listening by the time this returns its promise.
   */
  async pause(until: number | Promise<unknown>, ctx: Context, controls: Controls): Promise<void> {
    await this.close()
    if (typeof until === 'number') await new Promise((r) => setTimeout(r, until))
    else await until.catch(() => undefined)
    this.server = this.create(ctx, controls)
    await this.listen(this.port)
  }
}

/** The HTTP server: routes Lambda (REST-JSON), CloudWatch Logs (JSON 1.1) and /__emulator. */
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { ApiError, callerArn, lambdaErrors, logsError } from './api-error.js'
import type { Context, Request, Response } from './context.js'
import { DropConnection, json } from './context.js'
import type { LambdaFunction } from './lambda/function-state.js'
import { controlPlane } from './lambda/api.js'
import { invoke } from './lambda/invoke.js'
import { parseFunctionName } from './lambda/names.js'
import { iamAction, lambdaRoute, type LambdaRoute } from './lambda/routes.js'
import { describeLogGroups, describeLogStreams, filterLogEvents } from './logs/filter-log-events.js'
import { getQueryResults, groupNamesOf, startQuery, stopQuery } from './logs/insights.js'
import type { FaultSpec, PerformanceModel } from './types.js'
import type { CallRecord } from './journal.js'

/** Hooks the control endpoints call (implemented by the Emulator object). */
export interface Controls {
  setFaults(name: string, faults: FaultSpec): void
  setModel(name: string, patch: Partial<PerformanceModel>): void
}

/**
 * Thrown to leave a request unanswered on its open socket (FaultSpec.hang); with `afterHeaders`
 * a 200 head and the start of a body are sent first, and the rest never comes.
 */
class Hang extends Error {
  constructor(readonly afterHeaders = false) {
    super('hang')
  }
}

/** Applies the function's injected faults for this operation (may throw). */
function applyFaults(ctx: Context, fn: LambdaFunction, operation: string, resource: string): void {
  const f = fn.faults
  if (
    f.dropConnection?.operation === operation &&
    f.dropConnection.count > 0 &&
    !f.dropConnection.afterApplying
  ) {
    f.dropConnection.count--
    throw new DropConnection()
  }
  if (f.hang?.operation === operation && (f.hang.after ?? 0) > 0) {
    f.hang.after = (f.hang.after ?? 0) - 1
  } else if (f.hang?.operation === operation && f.hang.count > 0) {
    f.hang.count--
    throw new Hang(f.hang.afterHeaders)
  }
  if (f.accessDenied?.includes(operation)) {
    if (resource.startsWith('arn:aws:logs')) {
      throw new ApiError(400, 'AccessDeniedException', {
        __type: 'AccessDeniedException',
        message: `User: ${callerArn(ctx.accountId)} is not authorized to perform: logs:${operation} on resource: ${resource} because no identity-based policy allows the logs:${operation} action`
      })
    }
    throw lambdaErrors.accessDenied(ctx.accountId, iamAction(operation), resource)
  }
  if (f.serviceErrors?.operation === operation && (f.serviceErrors.after ?? 0) > 0) {
    f.serviceErrors.after = (f.serviceErrors.after ?? 0) - 1
  } else if (f.serviceErrors?.operation === operation && f.serviceErrors.count > 0) {
    f.serviceErrors.count--
    if (resource.startsWith('arn:aws:logs')) {
      throw logsError(
        'ServiceUnavailableException',
        'The service cannot complete the request.',
        500
      )
    }
    throw lambdaErrors.service()
  }
  if (operation === 'Invoke' && f.setupFailure) throw lambdaErrors.setupFailure(f.setupFailure)
}

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

function handleControl(ctx: Context, controls: Controls, req: Request): Response {
  const body = req.body.length
    ? (JSON.parse(req.body.toString('utf8')) as Record<string, unknown>)
    : {}
  if (req.method === 'GET' && req.path === '/__emulator/health') {
    const cpu = process.cpuUsage()
    return json(200, { ok: true, cpuMs: Math.round((cpu.user + cpu.system) / 1000) })
  }
  if (req.method === 'GET' && req.path === '/__emulator/journal') return json(200, ctx.journal)
  if (req.method === 'POST' && req.path === '/__emulator/faults') {
    controls.setFaults(String(body.name), body.faults as FaultSpec)
    return json(200, { ok: true })
  }
  if (req.method === 'POST' && req.path === '/__emulator/model') {
    controls.setModel(String(body.name), body.patch as Partial<PerformanceModel>)
    return json(200, { ok: true })
  }
  return json(404, { message: 'unknown emulator endpoint' })
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

async function handle(
  ctx: Context,
  controls: Controls,
  raw: IncomingMessage,
  res: ServerResponse
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
      record(ctx, service, operation, req, 0, 'ConnectionDropped')
      raw.socket.destroy()
      return
    }
    // The socket stays in EmulatorServer's set, so stop() still closes it.
    if (err instanceof Hang) {
      record(ctx, service, operation, req, 0, 'Hung')
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
  if (!isControl)
    record(ctx, service, operation, req, answer.status, answer.headers['x-amzn-ErrorType'])
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
  status: number,
  errorCode: string | undefined
): void {
  const call: CallRecord = { at: Date.now(), service, operation, status }
  const { functionName, qualifier, logGroup } = req.notes
  if (functionName) call.functionName = functionName
  if (qualifier) call.qualifier = qualifier
  if (logGroup) call.logGroup = logGroup
  if (errorCode) call.errorCode = errorCode
  ctx.journal.call(call)
}

/** A listening server that can go away for a while and come back on the same port. */
export class EmulatorServer {
  private server: Server
  private readonly sockets = new Set<Socket>()
  port = 0

  constructor(ctx: Context, controls: Controls) {
    this.server = this.create(ctx, controls)
  }

  private create(ctx: Context, controls: Controls): Server {
    const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
      handle(ctx, controls, req, res).catch((err: unknown) => {
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
      for (const s of this.sockets) s.destroy()
      this.sockets.clear()
      if (!this.server.listening) return resolve()
      this.server.close(() => resolve())
    })
  }

  /** Gone for `ms` (connections refused), then back on the same port. */
  async pause(ms: number, ctx: Context, controls: Controls): Promise<void> {
    await this.close()
    await new Promise((r) => setTimeout(r, ms))
    this.server = this.create(ctx, controls)
    await this.listen(this.port)
  }
}

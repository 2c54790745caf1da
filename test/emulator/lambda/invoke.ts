/** Invoke: execution environments, reserved concurrency, logs, tail, journal. */
import { createHash, randomUUID } from 'node:crypto'
import { ApiError, lambdaErrors } from '../api-error.js'
import type { Context, Request, Response } from '../context.js'
import { driftFactor, json } from '../context.js'
import type { LambdaFunction, Settings } from './function-state.js'
import { coldStartOf, EnvironmentPool, runFigures } from './execution.js'
import { buildInvocationLog, tailOf } from './invocation-log.js'
import { resolveVersion } from './api.js'

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

function header(req: Request, name: string): string | undefined {
  const v = req.headers[name]
  return Array.isArray(v) ? v[0] : v
}

/** The model's `payloadFactor`: the event's field of that name when a positive number, else 1. */
function payloadFactorOf(field: string | undefined, body: Buffer): number {
  if (!field) return 1
  try {
    const event = JSON.parse(body.toString('utf8')) as Record<string, unknown> | null
    const value = typeof event === 'object' && event !== null ? event[field] : undefined
    return typeof value === 'number' && value > 0 ? value : 1
  } catch {
    return 1
  }
}

function poolOf(ctx: Context, fn: LambdaFunction): EnvironmentPool {
  let pool = ctx.pools.get(fn.name)
  if (!pool) {
    pool = new EnvironmentPool()
    ctx.pools.set(fn.name, pool)
  }
  return pool
}

/** Handles Invoke (RequestResponse, Event, DryRun). */
export async function invoke(
  ctx: Context,
  fn: LambdaFunction,
  qualifier: string | undefined,
  req: Request
): Promise<Response> {
  // Lambda Managed Instances: an unqualified invoke runs $LATEST.PUBLISHED, the newest version.
  const managed = fn.capacityProviderConfig !== undefined && qualifier === undefined
  const version = managed
    ? (fn.latestPublished?.version ?? '$LATEST')
    : resolveVersion(fn, qualifier)
  const executedVersion = managed ? '$LATEST.PUBLISHED' : version
  const state = fn.stateOf(version === '$LATEST' ? undefined : fn.versions.get(version))
  if (state !== 'Active') {
    throw lambdaErrors.conflict(
      `The operation cannot be performed at this time. The function is currently in the following state: ${state}`
    )
  }
  const type = header(req, 'x-amz-invocation-type') ?? 'RequestResponse'
  if (req.body.length > (type === 'Event' ? 1_048_576 : 6_291_456)) {
    throw new ApiError(413, 'RequestTooLargeException', {
      Type: 'User',
      message: `Request must be smaller than ${type === 'Event' ? 1048576 : 6291456} bytes for the InvokeFunction operation`
    })
  }
  if (type === 'DryRun') return { status: 204, headers: {}, body: '' }
  if (fn.reservedConcurrency !== undefined && fn.inFlight >= fn.reservedConcurrency) {
    throw lambdaErrors.tooManyRequests()
  }
  const settings: Settings = version === '$LATEST' ? fn.active : fn.versions.get(version)!.settings
  const generation = version === '$LATEST' ? fn.activeGeneration : 0
  const key = `${version === '$LATEST' ? '$LATEST' : 'v' + version}#${generation}`
  const pool = poolOf(ctx, fn)
  if (version === '$LATEST' && pool.latestGeneration !== generation) {
    pool.discard('$LATEST#')
    pool.latestGeneration = generation
  }
  let env = pool.take(key)
  const cold = env === undefined
  env ??= pool.create(key, version, generation, fn.random)
  const startedAt = Date.now()
  const figures = runFigures(
    fn,
    settings,
    cold && coldStartOf(version, settings),
    driftFactor(ctx.timeDrift, startedAt),
    payloadFactorOf(fn.model.payloadFactor, req.body)
  )
  const payloadSha256 = createHash('sha256').update(req.body).digest('hex')
  const requestId = randomUUID()

  fn.inFlight++
  const run = async (): Promise<void> => {
    try {
      if (ctx.timeScale > 0) {
        const total =
          figures.durationMs + (figures.initDurationMs ?? figures.restoreDurationMs ?? 0)
        await sleep(total * ctx.timeScale)
      }
    } finally {
      fn.inFlight--
    }
  }
  const finish = (): ReturnType<typeof buildInvocationLog> => {
    const endedAt = Math.max(Date.now(), startedAt)
    // A timed-out sandbox is reset; environments of an older configuration are not reused.
    const stale = version === '$LATEST' && generation !== fn.activeGeneration
    if (figures.status !== 'timeout' && !stale && ctx.functions.get(fn.name) === fn) {
      pool.release(env)
    }
    const log = buildInvocationLog({
      requestId,
      version: executedVersion,
      logFormat: settings.LoggingConfig.LogFormat,
      systemLogLevel: settings.LoggingConfig.SystemLogLevel ?? 'INFO',
      startedAt,
      endedAt,
      ...figures,
      memorySizeMB: settings.MemorySize,
      timeoutSeconds: settings.Timeout,
      logBytes: fn.model.logBytes ?? 100,
      runtime: settings.Runtime,
      region: ctx.region,
      cold,
      managedInstances: fn.capacityProviderConfig !== undefined
    })
    ctx.logs.append(
      settings.LoggingConfig.LogGroup,
      env.logStream,
      log.events,
      Date.now() + ctx.logDeliveryDelayMs
    )
    ctx.journal.invocation({
      requestId,
      functionName: fn.name,
      version: executedVersion,
      memorySize: settings.MemorySize,
      durationMs: figures.durationMs,
      billedDurationMs: figures.billedDurationMs,
      ...(figures.initDurationMs !== undefined ? { initDurationMs: figures.initDurationMs } : {}),
      ...(figures.restoreDurationMs !== undefined
        ? {
            restoreDurationMs: figures.restoreDurationMs,
            billedRestoreDurationMs: figures.billedRestoreDurationMs
          }
        : {}),
      maxMemoryUsedMB: figures.maxMemoryUsedMB,
      payloadSha256,
      cold,
      variables: { ...(settings.Environment?.Variables ?? {}) },
      error: figures.errorType ?? null,
      status: figures.status,
      logGroup: settings.LoggingConfig.LogGroup,
      logStream: env.logStream,
      startedAt,
      at: endedAt
    })
    return log
  }

  if (type === 'Event') {
    void run().then(finish)
    return { status: 202, headers: { 'x-amzn-RequestId': requestId }, body: '' }
  }
  if (ctx.timeScale > 0) await run()
  else fn.inFlight--
  const log = finish()

  const headers: Record<string, string> = {
    'x-amzn-RequestId': requestId,
    'X-Amz-Executed-Version': executedVersion,
    'X-Amzn-Trace-Id': `Root=1-${Math.floor(startedAt / 1000).toString(16)}-${requestId.replace(/-/g, '').slice(0, 24)};Sampled=0;Lineage=1:${requestId.slice(0, 8)}:0`
  }
  if ((header(req, 'x-amz-log-type') ?? 'None') === 'Tail') {
    headers['X-Amz-Log-Result'] = tailOf(
      fn.faults.tailWithoutReport ? log.invocationTextWithoutReport : log.invocationText
    )
  }
  if (figures.status === 'success') {
    return json(200, { statusCode: 200, body: '{"ok": true}' }, headers)
  }
  headers['X-Amz-Function-Error'] = 'Unhandled'
  if (figures.status === 'timeout') {
    return json(
      200,
      {
        errorType: 'Sandbox.Timedout',
        errorMessage: `RequestId: ${requestId} Error: Task timed out after ${settings.Timeout.toFixed(2)} seconds`
      },
      headers
    )
  }
  return json(
    200,
    {
      errorMessage: figures.errorMessage,
      errorType: figures.errorType,
      requestId,
      stackTrace: ['  File "/var/task/lambda_function.py", line 42, in lambda_handler\n']
    },
    headers
  )
}

/** Lambda's REST-JSON control plane: configuration, versions, aliases (Invoke is in invoke.ts). */
import { randomUUID } from 'node:crypto'
import { ApiError, lambdaErrors } from '../api-error.js'
import type { Context, Request, Response } from '../context.js'
import { json } from '../context.js'
import type { AliasRecord, LambdaFunction, Settings } from './function-state.js'

const PAGE = 50

function bodyOf(req: Request): Record<string, unknown> {
  if (req.body.length === 0) return {}
  try {
    return JSON.parse(req.body.toString('utf8')) as Record<string, unknown>
  } catch {
    throw new ApiError(400, 'SerializationException', { Type: 'User', message: 'Invalid JSON' })
  }
}

function rangeCheck(field: string, value: unknown, min: number, max: number): void {
  if (value === undefined) return
  const n = Number(value)
  if (!Number.isInteger(n) || n < min) {
    throw lambdaErrors.invalidParameter(
      `1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: Member must have value greater than or equal to ${min}`
    )
  }
  if (n > max) {
    throw lambdaErrors.invalidParameter(
      `1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: Member must have value less than or equal to ${max}`
    )
  }
}

function notReady(fn: LambdaFunction): ApiError | undefined {
  if (fn.state === 'Active') return undefined
  return lambdaErrors.conflict(
    `The operation cannot be performed at this time. The function is currently in the following state: ${fn.state}`
  )
}

/** Resolves a qualifier ($LATEST, version, alias) to a version string, or throws 404. */
export function resolveVersion(fn: LambdaFunction, qualifier: string | undefined): string {
  if (qualifier === undefined || qualifier === '$LATEST') return '$LATEST'
  const alias = fn.aliases.get(qualifier)
  if (alias) return alias.FunctionVersion
  if (fn.versions.has(qualifier)) return qualifier
  throw lambdaErrors.notFound(`${fn.arn}:${qualifier}`)
}

function aliasShape(fn: LambdaFunction, a: AliasRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    AliasArn: `${fn.arn}:${a.Name}`,
    Name: a.Name,
    FunctionVersion: a.FunctionVersion,
    Description: a.Description,
    RevisionId: a.RevisionId
  }
  if (a.RoutingConfig) out.RoutingConfig = a.RoutingConfig
  return out
}

function page<T>(items: T[], req: Request): { items: T[]; next?: string } {
  const start = Number(req.query.get('Marker') ?? '0') || 0
  const max = Math.min(Number(req.query.get('MaxItems') ?? PAGE) || PAGE, PAGE)
  const slice = items.slice(start, start + max)
  return start + max < items.length ? { items: slice, next: String(start + max) } : { items: slice }
}

/** Handles every Lambda operation except Invoke. */
export function controlPlane(
  ctx: Context,
  operation: string,
  fn: LambdaFunction,
  qualifier: string | undefined,
  aliasName: string | undefined,
  req: Request
): Response {
  switch (operation) {
    case 'GetFunction': {
      const version = resolveVersion(fn, qualifier)
      const body: Record<string, unknown> = {
        Configuration: fn.configuration(version),
        Code: {
          RepositoryType: 'S3',
          Location: `https://awslambda-${ctx.region}-tasks.s3.${ctx.region}.amazonaws.com/snapshots/${ctx.accountId}/${fn.name}-${fn.revisionId}`
        },
        Tags: {}
      }
      if (fn.reservedConcurrency !== undefined) {
        body.Concurrency = { ReservedConcurrentExecutions: fn.reservedConcurrency }
      }
      return json(200, body)
    }
    case 'GetFunctionConfiguration':
      return json(200, fn.configuration(resolveVersion(fn, qualifier)))
    case 'UpdateFunctionConfiguration':
      return json(200, updateConfiguration(fn, bodyOf(req)))
    case 'PublishVersion': {
      const body = bodyOf(req)
      if (body.RevisionId !== undefined && body.RevisionId !== fn.revisionId) {
        throw lambdaErrors.preconditionFailed()
      }
      const blocked = notReady(fn)
      if (blocked) throw blocked
      if (fn.updating) throw lambdaErrors.updateInProgress(fn.arn)
      const v = fn.publish(typeof body.Description === 'string' ? body.Description : '')
      return json(201, fn.configuration(v.version))
    }
    case 'ListVersionsByFunction': {
      const all = ['$LATEST', ...fn.versions.keys()].map((v) => fn.configuration(v))
      const p = page(all, req)
      return json(200, { Versions: p.items, ...(p.next ? { NextMarker: p.next } : {}) })
    }
    case 'DeleteFunction': {
      if (qualifier === undefined) {
        ctx.functions.delete(fn.name)
        ctx.pools.delete(fn.name)
        return json(204, undefined)
      }
      if (qualifier === '$LATEST') {
        throw lambdaErrors.invalidParameter(
          '$LATEST version cannot be deleted without deleting the function.'
        )
      }
      if (!fn.versions.has(qualifier)) throw lambdaErrors.notFound(`${fn.arn}:${qualifier}`)
      const users = [...fn.aliases.values()].filter((a) => a.FunctionVersion === qualifier)
      if (users.length > 0) {
        throw lambdaErrors.conflict(
          `Unable to delete version because the following aliases reference it: [${users.map((a) => a.Name).join(', ')}]`
        )
      }
      fn.versions.delete(qualifier)
      ctx.pools.get(fn.name)?.discard(`v${qualifier}#`)
      return json(204, undefined)
    }
    case 'CreateAlias': {
      const body = bodyOf(req)
      const name = String(body.Name ?? '')
      const version = String(body.FunctionVersion ?? '')
      if (!/^(?!^[0-9]+$)[a-zA-Z0-9-_]+$/.test(name)) {
        throw lambdaErrors.invalidParameter(
          `1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)`
        )
      }
      if (fn.aliases.has(name))
        throw lambdaErrors.conflict(`Alias already exists: ${fn.arn}:${name}`)
      if (version !== '$LATEST' && !fn.versions.has(version)) {
        throw lambdaErrors.notFound(`${fn.arn}:${version}`)
      }
      const alias: AliasRecord = {
        Name: name,
        FunctionVersion: version,
        Description: typeof body.Description === 'string' ? body.Description : '',
        RevisionId: randomUUID(),
        RoutingConfig: body.RoutingConfig
      }
      fn.aliases.set(name, alias)
      return json(201, aliasShape(fn, alias))
    }
    case 'ListAliases': {
      const wanted = req.query.get('FunctionVersion')
      const all = [...fn.aliases.values()]
        .filter((a) => !wanted || a.FunctionVersion === wanted)
        .map((a) => aliasShape(fn, a))
      const p = page(all, req)
      return json(200, { Aliases: p.items, ...(p.next ? { NextMarker: p.next } : {}) })
    }
    case 'GetAlias':
    case 'UpdateAlias':
    case 'DeleteAlias': {
      const alias = fn.aliases.get(aliasName ?? '')
      if (!alias) throw lambdaErrors.aliasNotFound(`${fn.arn}:${aliasName}`)
      if (operation === 'GetAlias') return json(200, aliasShape(fn, alias))
      if (operation === 'DeleteAlias') {
        fn.aliases.delete(alias.Name)
        return json(204, undefined)
      }
      const body = bodyOf(req)
      if (body.RevisionId !== undefined && body.RevisionId !== alias.RevisionId) {
        throw lambdaErrors.preconditionFailed()
      }
      if (body.FunctionVersion !== undefined) {
        const v = String(body.FunctionVersion)
        if (v !== '$LATEST' && !fn.versions.has(v)) throw lambdaErrors.notFound(`${fn.arn}:${v}`)
        alias.FunctionVersion = v
      }
      if (typeof body.Description === 'string') alias.Description = body.Description
      if (body.RoutingConfig !== undefined) alias.RoutingConfig = body.RoutingConfig
      alias.RevisionId = randomUUID()
      return json(200, aliasShape(fn, alias))
    }
    case 'GetFunctionConcurrency':
      return json(
        200,
        fn.reservedConcurrency === undefined
          ? {}
          : { ReservedConcurrentExecutions: fn.reservedConcurrency }
      )
    case 'PutFunctionConcurrency': {
      const body = bodyOf(req)
      rangeCheck('reservedConcurrentExecutions', body.ReservedConcurrentExecutions, 0, 1000)
      fn.reservedConcurrency = Number(body.ReservedConcurrentExecutions)
      return json(200, { ReservedConcurrentExecutions: fn.reservedConcurrency })
    }
    case 'DeleteFunctionConcurrency':
      fn.reservedConcurrency = undefined
      return json(204, undefined)
  }
  throw lambdaErrors.unknownOperation()
}

function updateConfiguration(
  fn: LambdaFunction,
  body: Record<string, unknown>
): Record<string, unknown> {
  rangeCheck('memorySize', body.MemorySize, 128, 10240)
  rangeCheck('timeout', body.Timeout, 1, 900)
  const logging = body.LoggingConfig as Partial<Settings['LoggingConfig']> | undefined
  if (logging?.LogFormat !== undefined && !['Text', 'JSON'].includes(logging.LogFormat)) {
    throw lambdaErrors.invalidParameter(
      `1 validation error detected: Value '${logging.LogFormat}' at 'loggingConfig.logFormat' failed to satisfy constraint: Member must satisfy enum value set: [JSON, Text]`
    )
  }
  if (body.RevisionId !== undefined && body.RevisionId !== fn.revisionId) {
    throw lambdaErrors.preconditionFailed()
  }
  const blocked = notReady(fn)
  if (blocked) throw blocked
  if (fn.updating) throw lambdaErrors.updateInProgress(fn.arn)
  const next: Settings = structuredClone(fn.settings)
  if (body.MemorySize !== undefined) next.MemorySize = Number(body.MemorySize)
  if (body.Timeout !== undefined) next.Timeout = Number(body.Timeout)
  if (typeof body.Description === 'string') next.Description = body.Description
  if (typeof body.Handler === 'string') next.Handler = body.Handler
  if (typeof body.Runtime === 'string') next.Runtime = body.Runtime
  if (typeof body.Role === 'string') next.Role = body.Role
  if (body.Environment !== undefined) {
    const variables = (body.Environment as { Variables?: Record<string, string> }).Variables ?? {}
    // Lambda's refusal quotes the whole set, values included, as the real one does.
    const measured = JSON.stringify(variables)
    if (Buffer.byteLength(measured, 'utf8') > 4096) {
      throw lambdaErrors.invalidParameter(
        `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${measured}`
      )
    }
    // An empty set of variables reads back as no Environment at all.
    if (Object.keys(variables).length > 0) next.Environment = { Variables: variables }
    else delete next.Environment
  }
  if (body.EphemeralStorage !== undefined) {
    next.EphemeralStorage = body.EphemeralStorage as { Size: number }
  }
  if (body.TracingConfig !== undefined) next.TracingConfig = body.TracingConfig as { Mode: string }
  if (body.SnapStart !== undefined) {
    const applyOn = (body.SnapStart as { ApplyOn?: string }).ApplyOn ?? 'None'
    next.SnapStart = { ApplyOn: applyOn, OptimizationStatus: applyOn === 'None' ? 'Off' : 'On' }
  }
  if (logging) {
    const format = logging.LogFormat ?? next.LoggingConfig.LogFormat
    next.LoggingConfig = {
      LogFormat: format,
      LogGroup: logging.LogGroup ?? next.LoggingConfig.LogGroup,
      ...(format === 'JSON'
        ? {
            ApplicationLogLevel:
              logging.ApplicationLogLevel ?? next.LoggingConfig.ApplicationLogLevel ?? 'INFO',
            SystemLogLevel: logging.SystemLogLevel ?? next.LoggingConfig.SystemLogLevel ?? 'INFO'
          }
        : {})
    }
  }
  fn.startUpdate(next)
  return fn.configuration()
}

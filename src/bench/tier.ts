/**
 * One tier: a function at a memory size (the qualifier that runs it, how many invocations), what
 * its run gave, and the invocation of it until one is taken.
 *
 * An invocation is *taken* when Lambda answered it and its REPORT (if in the tail) shows the
 * tier's memory. Throttled or unanswered attempts are tried again with a growing, jittered delay
 * and never counted; an invocation that ran on the previous configuration is run again.
 */
import { InvokeCommand, type InvokeCommandInput, type LambdaClient } from '@aws-sdk/client-lambda'
import { abandonOnAbort } from '../aws/abandon.js'
import { isThrottling, isTransient } from '../aws/errors.js'
import type { ObserveThrottles } from '../aws/throttle-observer.js'
import type { Clock } from '../core/clock.js'
import { abortError, BenchmarkError, isAbort } from '../core/errors.js'
import { retry, type Backoff, type RetryOptions } from '../core/retry.js'
import type { Invocation } from '../model/measurement.js'
import type { MeanPrecision } from '../stats/precision.js'
import { decodeLogResult, findReport } from './report-record.js'

/** A function as the pool invokes it. */
export interface PoolFunction {
  /** The Invoke client of the function's region. */
  lambda: LambdaClient
  observeThrottles: ObserveThrottles
  /** FunctionName as sent (name or ARN, unqualified). */
  identifier: string
  functionName: string
}

/** A tier to run: a function at a memory size, the qualifier that runs it, how many. */
export interface TierSpec {
  fn: PoolFunction
  memorySize: number
  /** A published version number; absent = $LATEST. */
  qualifier?: string
  count: number
  /** `cold-starts`: invocations in addition to the measured ones, each on a fresh environment. */
  forced?: boolean
}

/** What one tier's invocations gave. */
export interface TierRun {
  memorySize: number
  /** Taken invocations in completion order; `report` null = to be looked up in the logs. */
  invocations: Invocation[]
  /** Throttled attempts (429), the SDK's own retries included. */
  throttles: number
  /** Invocations that ran at the previous memory size and were run again. */
  staleRuns: number
  /** Epoch ms of the first request and of the last answer: the logs fallback's time window. */
  startedAt: number
  finishedAt: number
  /** False when cancelled before all `count` were taken. */
  complete: boolean
  /** Forced cold starts (TierSpec.forced): never in the warm figures. */
  forced?: boolean
}

/** A tier being run. */
export interface LiveTier {
  spec: TierSpec
  run: TierRun
  warnedStale: boolean
  /** Its warm successful billed durations so far, for adaptive sampling's stop. */
  precision: MeanPrecision
}

/** An event the pool sends: its name (in a payload set), weight and encoded body. */
export interface PoolPayload {
  /** Absent for the single event of `payload`/`payload-file`: invocations then carry no name. */
  name?: string
  weight: number
  body: Uint8Array
}

/** What every invocation of a pool shares. */
export interface InvokeContext {
  /** The pool's stop: cancellation, or another invocation's fatal error. */
  stop: AbortSignal
  clock: Clock
  stallDeadlineMs: number
  /** When an invocation was last taken, by anyone in the pool: the stall deadline runs from it. */
  progress: { last: number }
  warn: (message: string) => void
}

/** A function error's type: the body's `errorType`, else the header (`Unhandled`). */
function functionErrorType(header: string, payload: Uint8Array | undefined): string {
  if (payload && payload.length > 0 && payload.length < 262_144) {
    try {
      const body = JSON.parse(Buffer.from(payload).toString('utf8')) as { errorType?: unknown }
      if (typeof body?.errorType === 'string' && body.errorType) return body.errorType
    } catch {
      // not JSON: the header says enough
    }
  }
  return header
}

/** Throttled after the SDK's own retries: back off longer than the SDK did. */
const THROTTLED: Backoff = { baseMs: 500, capMs: 10_000 }
const UNANSWERED: Backoff = { baseMs: 250, capMs: 10_000 }

/** The retry of a pool's invocations: transient errors, until no invocation was taken for the stall deadline. */
export function poolRetry(ctx: InvokeContext): RetryOptions {
  return {
    retryable: isTransient,
    deadline: () => ctx.progress.last + ctx.stallDeadlineMs,
    backoff: (error) => (isThrottling(error) ? THROTTLED : UNANSWERED),
    signal: ctx.stop,
    clock: ctx.clock
  }
}

/**
 * One answered invocation of `tier`. An answer from the configuration before the update (an old
 * environment) is no failure, so it is not retried: it is simply run again, at once, and bounded
 * by count.
 */
async function answered(
  tier: LiveTier,
  payload: PoolPayload,
  ctx: InvokeContext
): Promise<Invocation> {
  const { run, spec } = tier
  const { fn, memorySize, count, qualifier } = spec
  for (;;) {
    if (ctx.stop.aborted) throw abortError()
    const input: InvokeCommandInput = {
      FunctionName: fn.identifier,
      InvocationType: 'RequestResponse',
      LogType: 'Tail',
      Payload: payload.body,
      ...(qualifier ? { Qualifier: qualifier } : {})
    }
    fn.observeThrottles(input, () => run.throttles++)
    // No send options: they would bypass the client's middleware cache (abandon.ts).
    const out = await abandonOnAbort(fn.lambda.send(new InvokeCommand(input)), ctx.stop)
    const requestId = out.$metadata.requestId ?? ''
    const report = findReport(decodeLogResult(out.LogResult), requestId)
    if (!report || report.memorySizeMB === memorySize) {
      ctx.progress.last = ctx.clock.now()
      return {
        requestId,
        memorySize,
        functionError: out.FunctionError ? functionErrorType(out.FunctionError, out.Payload) : null,
        report,
        fromLogs: false,
        ...(payload.name !== undefined ? { payload: payload.name } : {})
      }
    }
    run.staleRuns++
    if (!tier.warnedStale) {
      tier.warnedStale = true
      ctx.warn(
        qualifier
          ? `${fn.functionName} @ ${memorySize} MB: version ${qualifier} reported ${report.memorySizeMB} MB; such invocations are not counted and are run again`
          : `${fn.functionName} @ ${memorySize} MB: an invocation ran at ${report.memorySizeMB} MB after the update had completed; such invocations are not counted and are run again`
      )
    }
    if (run.staleRuns > count + 100) {
      throw new BenchmarkError(
        `${fn.functionName} keeps running at ${report.memorySizeMB} MB instead of ${memorySize} MB: did something else change it?`
      )
    }
  }
}

/** One invocation of `tier`, tried until taken; the stall deadline names why nothing was taken. */
export async function invokeUntilTaken(
  tier: LiveTier,
  payload: PoolPayload,
  ctx: InvokeContext,
  retryOptions: RetryOptions
): Promise<Invocation> {
  try {
    return await retry(() => answered(tier, payload, ctx), retryOptions)
  } catch (error) {
    if (isAbort(error) || !isTransient(error)) throw error
    throw new BenchmarkError(
      `${tier.spec.fn.functionName} @ ${tier.spec.memorySize} MB: no invocation succeeded for ${Math.round(ctx.stallDeadlineMs / 1000)} s, every attempt was ${isThrottling(error) ? 'throttled (is its reserved concurrency 0, or the account limit reached?)' : 'unanswered'}`
    )
  }
}

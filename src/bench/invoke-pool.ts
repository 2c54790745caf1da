/**
 * Measured invocations: for each tier (a memory size, the qualifier that runs it, how many),
 * exactly `count` of them, at most `concurrency` in flight over all tiers, through a pool of
 * workers that pull from counters (no array of pending promises). Each free worker takes the
 * next tier in round-robin order, so every size advances at the same pace and a drift over time
 * falls on all sizes alike (isolation: versions); slower sizes simply hold more of the slots.
 *
 * An invocation is *taken* when Lambda answered it and its REPORT (if in the tail) shows the
 * tier's memory. Throttled or unanswered attempts are tried again with a growing, jittered
 * delay and never counted; an invocation that ran on the previous configuration is run again.
 */
import { setMaxListeners } from 'node:events'
import { InvokeCommand, type InvokeCommandInput, type LambdaClient } from '@aws-sdk/client-lambda'
import { abandonOnAbort } from '../aws/abandon.js'
import { describeAwsError, isThrottling, isTransient } from '../aws/errors.js'
import type { ObserveThrottles } from '../aws/throttle-observer.js'
import type { Clock } from '../core/clock.js'
import { abortError, BenchmarkError, isAbort } from '../core/errors.js'
import { retry, type Backoff } from '../core/retry.js'
import type { Invocation } from '../model/measurement.js'
import { decodeLogResult, findReport } from './report-record.js'

export interface PoolOptions {
  /** The Invoke client of the function's region. */
  lambda: LambdaClient
  observeThrottles: ObserveThrottles
  /** FunctionName as sent (name or ARN, unqualified). */
  identifier: string
  functionName: string
  concurrency: number
  payload: Uint8Array
  /** Aborts the run: no new invocation starts, in-flight requests are abandoned. */
  signal: AbortSignal
  /**
   * How long a run may go without a single taken invocation while every attempt is throttled
   * or unanswered (LMB_STALL_DEADLINE_MS): reserved concurrency 0 would otherwise loop forever.
   */
  stallDeadlineMs: number
  clock: Clock
  warn: (message: string) => void
}

/** One tier of a run: a memory size, the qualifier that runs it, how many. */
export interface TierSpec {
  memorySize: number
  /** A published version number; absent = $LATEST. */
  qualifier?: string
  count: number
}

/** What one memory size's invocations gave. */
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
}

/**
 * A run that ended with an error (stall deadline, stale-run bound, a non-retryable answer): the
 * invocations already taken come with it, since results cover everything measured.
 */
export class TierFailure extends BenchmarkError {
  constructor(
    message: string,
    readonly runs: TierRun[]
  ) {
    super(message)
    this.name = 'TierFailure'
  }
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
const backoffFor = (error: unknown): Backoff => (isThrottling(error) ? THROTTLED : UNANSWERED)

/** A tier being run: its spec, its counters, its result. */
interface Tier {
  spec: TierSpec
  claimed: number
  warnedStale: boolean
  run: TierRun
}

/** Runs the tiers through one pool. Throws TierFailure (with what was taken) when one fails. */
export async function runTiers(
  options: PoolOptions,
  specs: readonly TierSpec[]
): Promise<TierRun[]> {
  const { lambda, signal, clock } = options
  const startedAt = clock.now()
  const tiers: Tier[] = specs.map((spec) => ({
    spec,
    claimed: 0,
    warnedStale: false,
    run: {
      memorySize: spec.memorySize,
      invocations: [],
      throttles: 0,
      staleRuns: 0,
      startedAt,
      finishedAt: startedAt,
      complete: false
    }
  }))
  // Stops the other workers when one hits an error that ends the run.
  const stop = new AbortController()
  // Every request in flight listens to it: as many listeners as the pool is wide.
  setMaxListeners(0, stop.signal)
  const forward = (): void => stop.abort()
  signal.addEventListener('abort', forward, { once: true })
  // An already aborted signal never fires 'abort' again.
  if (signal.aborted) stop.abort()
  let fatal: unknown
  let lastProgress = clock.now()
  let turn = 0
  const total = specs.reduce((n, spec) => n + spec.count, 0)
  let claimedTotal = 0
  const retryOptions = {
    retryable: isTransient,
    deadline: () => lastProgress + options.stallDeadlineMs,
    backoff: backoffFor,
    signal: stop.signal,
    clock
  }

  /** The next tier with invocations left to claim, round robin. */
  const nextTier = (): Tier | undefined => {
    for (let i = 0; i < tiers.length; i++) {
      const tier = tiers[(turn + i) % tiers.length]
      if (tier.claimed < tier.spec.count) {
        turn = (turn + i + 1) % tiers.length
        return tier
      }
    }
    return undefined
  }

  /**
   * One answered invocation of `tier`. An answer from the configuration before the update (an
   * old environment) is no failure, so it is not retried: it is simply run again, at once, and
   * bounded by count.
   */
  const answered = async (tier: Tier): Promise<Invocation> => {
    const { run } = tier
    const { memorySize, count, qualifier } = tier.spec
    for (;;) {
      if (stop.signal.aborted) throw abortError()
      const input: InvokeCommandInput = {
        FunctionName: options.identifier,
        InvocationType: 'RequestResponse',
        LogType: 'Tail',
        Payload: options.payload,
        ...(qualifier ? { Qualifier: qualifier } : {})
      }
      options.observeThrottles(input, () => run.throttles++)
      // No send options: they would bypass the client's middleware cache (abandon.ts).
      const out = await abandonOnAbort(lambda.send(new InvokeCommand(input)), stop.signal)
      const requestId = out.$metadata.requestId ?? ''
      const report = findReport(decodeLogResult(out.LogResult), requestId)
      if (!report || report.memorySizeMB === memorySize) {
        lastProgress = clock.now()
        return {
          requestId,
          memorySize,
          functionError: out.FunctionError
            ? functionErrorType(out.FunctionError, out.Payload)
            : null,
          report,
          fromLogs: false
        }
      }
      run.staleRuns++
      if (!tier.warnedStale) {
        tier.warnedStale = true
        options.warn(
          qualifier
            ? `${options.functionName} @ ${memorySize} MB: version ${qualifier} reported ${report.memorySizeMB} MB; such invocations are not counted and are run again`
            : `${options.functionName} @ ${memorySize} MB: an invocation ran at ${report.memorySizeMB} MB after the update had completed; such invocations are not counted and are run again`
        )
      }
      if (run.staleRuns > count + 100) {
        throw new BenchmarkError(
          `${options.functionName} keeps running at ${report.memorySizeMB} MB instead of ${memorySize} MB: did something else change it?`
        )
      }
    }
  }

  /** One invocation, tried until taken; the stall deadline names why nothing was taken. */
  const invokeOne = async (tier: Tier): Promise<Invocation> => {
    try {
      return await retry(() => answered(tier), retryOptions)
    } catch (error) {
      if (isAbort(error) || !isTransient(error)) throw error
      throw new BenchmarkError(
        `${options.functionName} @ ${tier.spec.memorySize} MB: no invocation succeeded for ${Math.round(options.stallDeadlineMs / 1000)} s, every attempt was ${isThrottling(error) ? 'throttled (is its reserved concurrency 0, or the account limit reached?)' : 'unanswered'}`
      )
    }
  }

  const worker = async (): Promise<void> => {
    while (claimedTotal < total && !stop.signal.aborted) {
      const tier = nextTier()
      if (!tier) return
      tier.claimed++
      claimedTotal++
      try {
        tier.run.invocations.push(await invokeOne(tier))
      } catch (error) {
        if (!isAbort(error) && !stop.signal.aborted) {
          fatal ??= error
          stop.abort()
        }
        return
      }
    }
  }

  try {
    const workers: Promise<void>[] = []
    for (let i = 0; i < Math.min(options.concurrency, total); i++) workers.push(worker())
    await Promise.all(workers)
  } finally {
    signal.removeEventListener('abort', forward)
    const finishedAt = clock.now()
    for (const tier of tiers) tier.run.finishedAt = finishedAt
  }
  for (const tier of tiers) tier.run.complete = tier.run.invocations.length === tier.spec.count
  const runs = tiers.map((tier) => tier.run)
  if (fatal !== undefined) {
    const message =
      fatal instanceof BenchmarkError
        ? fatal.message
        : describeAwsError(fatal, 'lambda:InvokeFunction', options.functionName)
    throw new TierFailure(message, runs)
  }
  return runs
}

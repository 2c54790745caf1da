/**
 * One memory size's measured invocations: exactly `count` of them, at most `concurrency` in
 * flight, through a pool of workers that pull from a counter (no array of pending promises).
 *
 * An invocation is *taken* when Lambda answered it and its REPORT (if in the tail) shows the
 * tier's memory. Throttled or unanswered attempts are tried again with a growing, jittered
 * delay and never counted; an invocation that ran on the previous configuration is run again.
 */
import { setMaxListeners } from 'node:events'
import { InvokeCommand, type InvokeCommandInput, type LambdaClient } from '@aws-sdk/client-lambda'
import { abandonOnAbort } from '../aws/abandon.js'
import { describeAwsError, isAbort, isThrottling, isTransient } from '../aws/errors.js'
import { observeThrottles } from '../aws/throttle-observer.js'
import { BenchmarkError } from './configure.js'
import { backoffDelay, envMs, sleep } from './backoff.js'
import type { Invocation } from './measurement.js'
import { decodeLogResult, findReport } from './report-record.js'

export interface TierRunOptions {
  lambda: LambdaClient
  /** FunctionName as sent (name or ARN, unqualified). */
  identifier: string
  functionName: string
  memorySize: number
  count: number
  concurrency: number
  payload: Uint8Array
  /** Aborts the tier: no new invocation starts, in-flight requests are abandoned. */
  signal: AbortSignal
  warn: (message: string) => void
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

/**
 * How long a tier may go without a single taken invocation while every attempt is throttled
 * or unanswered (LMB_STALL_DEADLINE_MS): reserved concurrency 0 would otherwise loop forever.
 */
const stallDeadline = (): number => envMs('LMB_STALL_DEADLINE_MS', 300_000)

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

/** One tier of an interleaved run: a memory size, the qualifier that runs it, how many. */
export interface TierSpec {
  memorySize: number
  /** A published version number; absent = $LATEST. */
  qualifier?: string
  count: number
}

/** Runs one tier's invocations. Throws BenchmarkError when the function cannot be invoked. */
export async function runTier(options: TierRunOptions): Promise<TierRun> {
  const { memorySize, count } = options
  const [run] = await runTiers(options, [{ memorySize, count }])
  return run
}

/**
 * Runs several tiers through one pool of `concurrency` workers (isolation: versions). Each free
 * worker takes the next tier in round-robin order, so every size advances at the same pace and a
 * drift over time (the account, the network) falls on all sizes alike; slower sizes simply hold
 * more of the slots. Throws BenchmarkError when the function cannot be invoked.
 */
export async function runTiers(
  options: Omit<TierRunOptions, 'memorySize' | 'count'>,
  specs: TierSpec[]
): Promise<TierRun[]> {
  const { lambda, signal } = options
  const startedAt = Date.now()
  const tiers = specs.map((spec) => ({
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
    } as TierRun
  }))
  type Tier = (typeof tiers)[number]
  // Stops the other workers when one hits an error that ends the run.
  const stop = new AbortController()
  // Every request in flight listens to it: as many listeners as the pool is wide.
  setMaxListeners(0, stop.signal)
  const forward = (): void => stop.abort()
  signal.addEventListener('abort', forward, { once: true })
  // An already aborted signal never fires 'abort' again.
  if (signal.aborted) stop.abort()
  let fatal: unknown
  let lastProgress = Date.now()
  const deadline = stallDeadline()
  let turn = 0
  const total = specs.reduce((n, spec) => n + spec.count, 0)
  let claimedTotal = 0

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

  /** One invocation, tried until taken; null when stopped. */
  const invokeOne = async (tier: Tier): Promise<Invocation | null> => {
    const { run } = tier
    const { memorySize, count } = tier.spec
    const onThrottle = (): void => {
      run.throttles++
    }
    for (let attempt = 0; !stop.signal.aborted; attempt++) {
      const input: InvokeCommandInput = {
        FunctionName: options.identifier,
        InvocationType: 'RequestResponse',
        LogType: 'Tail',
        Payload: options.payload,
        ...(tier.spec.qualifier ? { Qualifier: tier.spec.qualifier } : {})
      }
      observeThrottles(input, onThrottle)
      try {
        // No send options: they would bypass the client's middleware cache (abandon.ts).
        const out = await abandonOnAbort(lambda.send(new InvokeCommand(input)), stop.signal)
        const requestId = out.$metadata.requestId ?? ''
        const report = findReport(decodeLogResult(out.LogResult), requestId)
        if (report && report.memorySizeMB !== memorySize) {
          // Ran on the configuration before the update (an old environment): not this tier.
          run.staleRuns++
          if (!tier.warnedStale) {
            tier.warnedStale = true
            options.warn(
              tier.spec.qualifier
                ? `${options.functionName} @ ${memorySize} MB: version ${tier.spec.qualifier} reported ${report.memorySizeMB} MB; such invocations are not counted and are run again`
                : `${options.functionName} @ ${memorySize} MB: an invocation ran at ${report.memorySizeMB} MB after the update had completed; such invocations are not counted and are run again`
            )
          }
          if (run.staleRuns > count + 100) {
            throw new BenchmarkError(
              `${options.functionName} keeps running at ${report.memorySizeMB} MB instead of ${memorySize} MB: did something else change it?`
            )
          }
          continue
        }
        lastProgress = Date.now()
        return {
          requestId,
          memorySize,
          functionError: out.FunctionError
            ? functionErrorType(out.FunctionError, out.Payload)
            : null,
          report,
          fromLogs: false
        }
      } catch (error) {
        if (stop.signal.aborted || isAbort(error)) return null
        if (!isTransient(error)) throw error
        if (Date.now() - lastProgress > deadline) {
          throw new BenchmarkError(
            `${options.functionName} @ ${memorySize} MB: no invocation succeeded for ${Math.round(deadline / 1000)} s, every attempt was ${isThrottling(error) ? 'throttled (is its reserved concurrency 0, or the account limit reached?)' : 'unanswered'}`
          )
        }
        // Throttled after the SDK's own retries: back off longer than the SDK did.
        const base = isThrottling(error) ? 500 : 250
        await sleep(backoffDelay(attempt, base, 10_000), stop.signal)
      }
    }
    return null
  }

  const worker = async (): Promise<void> => {
    while (claimedTotal < total && !stop.signal.aborted) {
      const tier = nextTier()
      if (!tier) return
      tier.claimed++
      claimedTotal++
      try {
        const invocation = await invokeOne(tier)
        if (!invocation) return
        tier.run.invocations.push(invocation)
      } catch (error) {
        fatal ??= error
        stop.abort()
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
    const finishedAt = Date.now()
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

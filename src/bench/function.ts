/**
 * One function end to end: snapshot → for each memory size: set it, wait, invoke → restore.
 * The restore runs in `finally`: whatever happens (an API error, cancellation), a function we
 * changed is put back, and the tiers measured so far are kept.
 */
import type { LambdaClient } from '@aws-sdk/client-lambda'
import type { AwsClients } from '../aws/clients.js'
import { describeAwsError, isAbort } from '../aws/errors.js'
import type { FunctionTarget, Plan } from '../plan.js'
import type { Architecture, TierResult } from '../results.js'
import { summarizeTier } from '../stats/tier.js'
import {
  BenchmarkError,
  restoreMemory,
  setMemory,
  snapshotFunction,
  type FunctionSnapshot
} from './configure.js'
import { runTier, TierFailure, type TierRun } from './invoke.js'
import { fetchReportsFromLogs } from './logs.js'
import type { ReportRecord } from './measurement.js'
import type { RestoreLedger } from './state.js'
import { measureVersions } from './versions.js'
import { sizesCurrentLast } from './size-order.js'

/** Where progress lines and warnings go (core.info / core.warning in the action). */
export interface Logger {
  info(message: string): void
  warning(message: string): void
}

/** What one function's benchmark needs from the run. */
export interface FunctionContext {
  clients: AwsClients
  plan: Plan
  payload: Uint8Array
  signal: AbortSignal
  ledger: RestoreLedger
  log: Logger
}

/** One function's outcome, before display names and recommendations are added. */
export interface MeasuredFunction {
  functionArn: string
  functionName: string
  region: string
  accountId?: string
  architecture: Architecture
  originalMemorySize: number
  status: 'ok' | 'failed'
  error: string | null
  tiers: TierResult[]
}

/** A measured tier whose REPORTs may still be on their way from CloudWatch Logs. */
export interface PendingTier {
  run: TierRun
  logs?: Promise<Map<string, ReportRecord>>
  /** The run's summary for the progress line: final when no REPORT is awaited from the logs. */
  summary: TierResult
}

/** Benchmarks one function; never throws (a failure is reported in the result). */
export async function benchmarkFunction(
  target: FunctionTarget,
  ctx: FunctionContext
): Promise<MeasuredFunction> {
  const { plan, log, signal } = ctx
  const lambda = ctx.clients.lambda(target.region)
  const name = target.functionName
  const result: MeasuredFunction = {
    functionArn: target.identifier,
    functionName: name,
    region: target.region,
    accountId: target.accountId,
    architecture: 'x86_64',
    originalMemorySize: 0,
    status: 'ok',
    error: null,
    tiers: []
  }
  const fail = (message: string): void => {
    result.error = result.status === 'failed' ? `${result.error}; ${message}` : message
    result.status = 'failed'
    log.warning(`${name}: ${message}`)
  }

  let snapshot: FunctionSnapshot
  try {
    snapshot = await snapshotFunction(lambda, target.identifier, name, signal)
  } catch (error) {
    if (!isAbort(error)) fail(messageOf(error, 'lambda:GetFunction', name))
    return result
  }
  result.functionArn = snapshot.functionArn
  result.architecture = snapshot.architecture
  result.originalMemorySize = snapshot.memorySize

  const pending: PendingTier[] = []
  let changed = false
  try {
    const beforeChange = (): void => {
      if (!changed) {
        // Saved before the first change, so that the post step can undo it.
        ctx.ledger.remember(snapshot.functionArn, {
          identifier: target.identifier,
          functionName: name,
          region: target.region,
          originalMemorySize: snapshot.memorySize,
          revisionId: snapshot.revisionId,
          fingerprint: snapshot.fingerprint,
          sizes: plan.memorySizes,
          requestedMemory: snapshot.memorySize
        })
        changed = true
      }
    }
    if (plan.isolation === 'versions') {
      const tiers = await measureVersions(lambda, target, snapshot, ctx, {
        beforeChange,
        restoreNow: () => restore(lambda, target, snapshot, ctx, fail),
        collect: (run) => collectTier(run, target, snapshot, ctx),
        fail
      })
      pending.push(...tiers)
    } else {
      await measureTiers(lambda, target, snapshot, ctx, pending, beforeChange)
    }
  } catch (error) {
    if (!isAbort(error) && !signal.aborted) {
      fail(messageOf(error, 'lambda:UpdateFunctionConfiguration', name))
    }
  } finally {
    if (changed) await restore(lambda, target, snapshot, ctx, fail)
  }

  for (const tier of pending) result.tiers.push(await finishTier(tier, snapshot, target, log))
  result.tiers.sort((a, b) => a.memorySize - b.memorySize)
  return result
}

/**
 * The memory sizes in turn, the current one last (size-order.ts); `beforeChange` runs before
 * every memory change.
 */
async function measureTiers(
  lambda: LambdaClient,
  target: FunctionTarget,
  snapshot: FunctionSnapshot,
  ctx: FunctionContext,
  pending: PendingTier[],
  beforeChange: () => void
): Promise<void> {
  const { plan, log, signal } = ctx
  const name = target.functionName
  let memory = snapshot.memorySize
  let revision = snapshot.revisionId
  for (const size of sizesCurrentLast(plan.memorySizes, memory)) {
    if (signal.aborted) return
    if (memory !== size) {
      beforeChange()
      ctx.ledger.requesting(snapshot.functionArn, size)
      revision = await setMemory(lambda, snapshot, target.identifier, size, revision, signal)
      ctx.ledger.revision(snapshot.functionArn, revision)
      memory = size
    }
    if (signal.aborted) return
    log.info(
      `${name} @ ${size} MB: ${plan.invocations} invocations, up to ${plan.concurrency} in flight…`
    )
    let run: TierRun
    try {
      run = await runTier({
        lambda: ctx.clients.invoker(target.region),
        identifier: target.identifier,
        functionName: name,
        memorySize: size,
        count: plan.invocations,
        concurrency: plan.concurrency,
        payload: ctx.payload,
        signal,
        warn: (m) => log.warning(m)
      })
    } catch (error) {
      // What the tier took before it failed is kept, as for a cancelled one.
      if (error instanceof TierFailure) {
        for (const partial of error.runs) {
          if (partial.invocations.length > 0)
            pending.push(collectTier(partial, target, snapshot, ctx))
        }
      }
      if (error instanceof BenchmarkError || isAbort(error)) throw error
      throw new BenchmarkError(describeAwsError(error, 'lambda:InvokeFunction', name))
    }
    pending.push(collectTier(run, target, snapshot, ctx))
    if (!run.complete) return
  }
}

/**
 * A finished run as a pending tier: REPORTs missing from the tails are looked up in CloudWatch
 * Logs in the background (the next size is measured meanwhile); the progress line is logged.
 */
function collectTier(
  run: TierRun,
  target: FunctionTarget,
  snapshot: FunctionSnapshot,
  ctx: FunctionContext
): PendingTier {
  const { log, signal } = ctx
  const name = target.functionName
  const missing = run.invocations.filter((i) => i.report === null).map((i) => i.requestId)
  const summary = summarizeTier(
    run.memorySize,
    run.invocations,
    snapshot.architecture,
    target.region
  )
  const tier: PendingTier = { run, summary }
  if (missing.length > 0) {
    // In the background: the next memory size is measured while the logs arrive.
    tier.logs = fetchReportsFromLogs({
      logs: ctx.clients.logs(target.region),
      functionName: name,
      logGroup: snapshot.logGroup,
      logFormat: snapshot.logFormat,
      requestIds: missing,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      signal,
      warn: (m) => log.warning(m)
    })
  }
  log.info(progressLine(name, run, summary, missing.length))
  return tier
}

/** `fn @ 512 MB: 100 invocations in 4.2 s, mean 123 ms billed (warm), p90 130 ms, 3 cold, 0 errors`. */
function progressLine(name: string, run: TierRun, tier: TierResult, missing: number): string {
  const parts = [
    `${run.invocations.length} invocations in ${((run.finishedAt - run.startedAt) / 1000).toFixed(1)} s`
  ]
  if (tier.billedDuration) {
    parts.push(
      `mean ${round(tier.billedDuration.mean)} ms billed (warm)`,
      `p90 ${round(tier.billedDuration.p90)} ms`
    )
  } else if (missing < run.invocations.length) {
    parts.push('no warm successful invocation')
  }
  parts.push(`${tier.coldStarts} cold`, `${tier.errors} errors`)
  if (run.throttles > 0) parts.push(`${run.throttles} throttled attempts retried`)
  if (missing > 0) parts.push(`${missing} REPORTs awaited from CloudWatch Logs`)
  if (!run.complete) parts.push('stopped early')
  return `${name} @ ${run.memorySize} MB: ${parts.join(', ')}`
}

function round(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms.toFixed(1)
}

/** Merges the records found in the logs, then summarises the tier. */
async function finishTier(
  tier: PendingTier,
  snapshot: FunctionSnapshot,
  target: FunctionTarget,
  log: Logger
): Promise<TierResult> {
  const { run } = tier
  // Without logs to merge, the invocations are those the progress line summarised.
  let result = tier.summary
  if (tier.logs) {
    const found = await tier.logs
    let stale = 0
    for (const invocation of run.invocations) {
      if (invocation.report) continue
      const record = found.get(invocation.requestId)
      if (!record) continue
      // Ran at the previous memory size: too late to run it again, so it stays unmeasured.
      if (record.memorySizeMB !== run.memorySize) {
        stale++
        continue
      }
      invocation.report = record
      invocation.fromLogs = true
    }
    const fromLogs = run.invocations.filter((i) => i.fromLogs).length
    result = summarizeTier(run.memorySize, run.invocations, snapshot.architecture, target.region)
    const mean = result.billedDuration
      ? `, mean ${round(result.billedDuration.mean)} ms billed (warm)`
      : ''
    log.info(
      `${target.functionName} @ ${run.memorySize} MB: ${fromLogs} REPORTs read from CloudWatch Logs${mean}, ${result.unmeasured} unmeasured`
    )
    if (stale > 0) {
      log.warning(
        `${target.functionName} @ ${run.memorySize} MB: ${stale} invocation(s) whose REPORT came from CloudWatch Logs ran at another memory size; counted as unmeasured`
      )
    }
  }
  result.throttles = run.throttles
  return result
}

/** Puts the original memory back; a failure to do so fails the function and is left to post. */
async function restore(
  lambda: LambdaClient,
  target: FunctionTarget,
  snapshot: FunctionSnapshot,
  ctx: FunctionContext,
  fail: (message: string) => void
): Promise<void> {
  const { log, ledger } = ctx
  const name = target.functionName
  const saved = ledger.entry(snapshot.functionArn)
  // Already restored while the versions were measured (isolation: versions).
  if (!saved || saved.restored) return
  try {
    const outcome = await restoreMemory(lambda, saved)
    switch (outcome) {
      case 'restored':
        log.info(`${name}: memory restored to ${snapshot.memorySize} MB`)
        break
      case 'unchanged':
        log.info(`${name}: memory already at its original ${snapshot.memorySize} MB`)
        break
      case 'conflict':
        log.warning(
          `${name} was changed by someone else during the benchmark, so it was left as they set it; its original memory was ${snapshot.memorySize} MB`
        )
        break
      case 'gone':
        log.warning(`${name} was deleted during the benchmark; nothing to restore`)
        break
    }
    ledger.done(snapshot.functionArn)
  } catch (error) {
    fail(
      `could not restore the original ${snapshot.memorySize} MB (the post step will try again): ${messageOf(error, 'lambda:UpdateFunctionConfiguration', name)}`
    )
  }
}

function messageOf(error: unknown, action: string, functionName: string): string {
  if (error instanceof BenchmarkError) return error.message
  return describeAwsError(error, action, functionName)
}

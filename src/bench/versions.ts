/**
 * isolation: versions. Memory is a setting of $LATEST, so sizes on $LATEST are measured one after
 * another. Here each size is frozen into a published version instead (set memory → wait →
 * PublishVersion, one update at a time), $LATEST is put back while every version is measured
 * at once, interleaved through one pool, and the versions are deleted at the end — also from
 * the post step, through the saved state, when the main step could not.
 *
 * Only versions this run created are ever deleted: PublishVersion answers with an existing
 * version when nothing changed since it was published, so a version counts as ours only when it
 * carries this run's Description tag.
 */
import {
  DeleteFunctionCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  type LambdaClient
} from '@aws-sdk/client-lambda'
import { randomBytes } from 'node:crypto'
import { describeAwsError, errorMessage, errorName, isAbort, isTransient } from '../aws/errors.js'
import type { FunctionTarget } from '../plan.js'
import { backoffDelay, sleep } from './backoff.js'
import {
  BenchmarkError,
  deadlines,
  setMemory,
  whileConflicting,
  type FunctionSnapshot
} from './configure.js'
import type { FunctionContext, PendingTier } from './function.js'
import { runTiers, TierFailure, type TierRun } from './invoke.js'
import { sizesInChangeOrder } from './size-order.js'

/** A memory size frozen into a version. */
export interface PublishedSize {
  memorySize: number
  version: string
}

/** A tag unique to this run: the Description prefix of every version it publishes. */
export function newVersionTag(): string {
  return `lambda-memory-benchmark ${randomBytes(6).toString('hex')}`
}

/** PublishVersion of $LATEST as it is now; a 409 (an update still settling) is retried. */
async function publish(
  lambda: LambdaClient,
  identifier: string,
  revisionId: string,
  description: string,
  signal: AbortSignal
): Promise<{ version: string; memorySize?: number; ours: boolean }> {
  const out = await whileConflicting(
    () =>
      lambda.send(
        new PublishVersionCommand({
          FunctionName: identifier,
          Description: description,
          RevisionId: revisionId || undefined
        })
      ),
    signal
  )
  if (!out.Version) throw new BenchmarkError('PublishVersion returned no version number')
  return { version: out.Version, memorySize: out.MemorySize, ours: out.Description === description }
}

/**
 * Deletes versions (DeleteFunction with Qualifier); one already gone counts as deleted.
 * Throttling, 5xx and 409 are retried until the restore deadline. Returns what is left, with why.
 */
export async function deleteVersions(
  lambda: LambdaClient,
  identifier: string,
  versions: readonly string[],
  onDeleted: (version: string) => void,
  deadlineMs = deadlines.restore()
): Promise<{ version: string; error: unknown }[]> {
  const deadline = Date.now() + deadlineMs
  const left: { version: string; error: unknown }[] = []
  for (const version of versions) {
    for (let attempt = 0; ; attempt++) {
      try {
        await lambda.send(
          new DeleteFunctionCommand({ FunctionName: identifier, Qualifier: version })
        )
        onDeleted(version)
        break
      } catch (error) {
        if (errorName(error) === 'ResourceNotFoundException') {
          onDeleted(version)
          break
        }
        const retry = errorName(error) === 'ResourceConflictException' || isTransient(error)
        if (!retry || Date.now() > deadline) {
          left.push({ version, error })
          break
        }
        await sleep(Math.min(backoffDelay(attempt, 250, 5_000), deadline - Date.now()))
      }
    }
  }
  return left
}

/** The versions whose Description starts with `tag` (every page of ListVersionsByFunction). */
export async function findTaggedVersions(
  lambda: LambdaClient,
  identifier: string,
  tag: string
): Promise<string[]> {
  const found: string[] = []
  let marker: string | undefined
  for (let page = 0; page < 1_000; page++) {
    const out = await lambda.send(
      new ListVersionsByFunctionCommand({ FunctionName: identifier, Marker: marker })
    )
    for (const v of out.Versions ?? []) {
      if (v.Version && v.Version !== '$LATEST' && v.Description?.startsWith(`${tag} `)) {
        found.push(v.Version)
      }
    }
    if (!out.NextMarker || out.NextMarker === marker) break
    marker = out.NextMarker
  }
  return found
}

/**
 * One function in versions mode. `beforeChange` saves the state before the first change;
 * `restoreNow` puts $LATEST back (it runs while the versions are measured); `collect` turns a
 * finished run into a pending tier (log fallback, progress line). Versions we published are
 * deleted before this returns, whatever happened.
 */
export async function measureVersions(
  lambda: LambdaClient,
  target: FunctionTarget,
  snapshot: FunctionSnapshot,
  ctx: FunctionContext,
  hooks: {
    beforeChange: () => void
    restoreNow: () => Promise<void>
    collect: (run: TierRun) => PendingTier
    fail: (message: string) => void
  }
): Promise<PendingTier[]> {
  const { plan, log, signal, ledger } = ctx
  const name = target.functionName
  const key = snapshot.functionArn
  const tag = newVersionTag()
  const published: PublishedSize[] = []
  const ours: string[] = []
  let memory = snapshot.memorySize
  let revision = snapshot.revisionId
  let restoring: Promise<void> | undefined
  try {
    for (const size of sizesInChangeOrder(plan.memorySizes, memory)) {
      if (signal.aborted) return []
      hooks.beforeChange()
      ledger.publishing(key, tag)
      if (memory !== size) {
        ledger.requesting(key, size)
        revision = await setMemory(lambda, snapshot, target.identifier, size, revision, signal)
        ledger.revision(key, revision)
        memory = size
      }
      let out: Awaited<ReturnType<typeof publish>>
      try {
        out = await publish(lambda, target.identifier, revision, `${tag} ${size} MB`, signal)
      } catch (error) {
        if (isAbort(error) || signal.aborted) return []
        if (error instanceof BenchmarkError) throw error
        throw new BenchmarkError(describeAwsError(error, 'lambda:PublishVersion', name))
      }
      if (out.ours) {
        ours.push(out.version)
        ledger.published(key, out.version)
      }
      if (out.memorySize !== undefined && out.memorySize !== size) {
        throw new BenchmarkError(
          `${name}: version ${out.version} has ${out.memorySize} MB, not ${size} MB: did something else change the function?`
        )
      }
      published.push({ memorySize: size, version: out.version })
      log.info(`${name} @ ${size} MB: published as version ${out.version}`)
    }
    if (signal.aborted) return []
    // $LATEST is no longer needed: put it back while the versions are measured.
    restoring = hooks.restoreNow()
    const bySize = new Map(published.map((p) => [p.memorySize, p.version]))
    log.info(
      `${name}: ${plan.memorySizes.length} sizes × ${plan.invocations} invocations, interleaved, up to ${plan.concurrency} in flight…`
    )
    let runs: TierRun[]
    try {
      runs = await runTiers(
        {
          lambda: ctx.clients.invoker(target.region),
          identifier: target.identifier,
          functionName: name,
          concurrency: plan.concurrency,
          payload: ctx.payload,
          signal,
          warn: (m) => log.warning(m)
        },
        plan.memorySizes.map((size) => ({
          memorySize: size,
          qualifier: bySize.get(size),
          count: plan.invocations
        }))
      )
    } catch (error) {
      if (!(error instanceof TierFailure)) {
        if (error instanceof BenchmarkError || isAbort(error)) throw error
        throw new BenchmarkError(describeAwsError(error, 'lambda:InvokeFunction', name))
      }
      // The function failed, but what the sizes took before is kept, as for a cancelled run.
      hooks.fail(error.message)
      runs = error.runs
    }
    // Sizes with nothing measured (cancelled early) are left out, as in latest mode.
    return runs.filter((run) => run.invocations.length > 0).map((run) => hooks.collect(run))
  } finally {
    await restoring
    if (ours.length > 0) {
      const left = await deleteVersions(lambda, target.identifier, ours, (v) =>
        ledger.deleted(key, v)
      )
      if (left.length === 0) {
        log.info(`${name}: deleted the ${ours.length} version(s) it published`)
      } else {
        const why = left.map(
          (l) => `${l.version} (${errorName(l.error)}: ${errorMessage(l.error)})`
        )
        hooks.fail(
          `could not delete published version(s) ${why.join(', ')}; the post step will try again (grant lambda:DeleteFunction on the function's versions)`
        )
      }
    }
    if (ledger.entry(key)?.versions?.length === 0) ledger.versionsGone(key)
  }
}

/**
 * The post step's clean-up of one function's versions: those the state lists, and any carrying
 * the run's tag (one published just before the main step stopped, so never recorded) when
 * ListVersionsByFunction is allowed. Returns an error message, or null when none is left.
 */
export async function deleteLeftVersions(
  lambda: LambdaClient,
  saved: { identifier: string; functionName: string; versionTag?: string; versions?: string[] },
  log: { info(message: string): void; warning(message: string): void }
): Promise<string | null> {
  const versions = new Set(saved.versions ?? [])
  if (saved.versionTag) {
    try {
      for (const v of await findTaggedVersions(lambda, saved.identifier, saved.versionTag)) {
        versions.add(v)
      }
    } catch (error) {
      if (errorName(error) === 'ResourceNotFoundException') return null
      log.warning(
        `${saved.functionName}: could not list its versions (${describeAwsError(error, 'lambda:ListVersionsByFunction', saved.functionName)}); deleting the ${versions.size} recorded one(s) only`
      )
    }
  }
  if (versions.size === 0) return null
  const left = await deleteVersions(lambda, saved.identifier, [...versions], () => undefined)
  if (left.length === 0) {
    log.info(
      `${saved.functionName}: deleted version(s) ${[...versions].join(', ')} left by the main step`
    )
    return null
  }
  return `${saved.functionName}: could not delete version(s) ${left.map((l) => `${l.version} (${describeAwsError(l.error, 'lambda:DeleteFunction', saved.functionName)})`).join(', ')}`
}

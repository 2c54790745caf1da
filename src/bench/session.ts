/**
 * One function's run: its clients, its target, its snapshot and its entry in the restore ledger,
 * with the operations a strategy needs on them. Every change is recorded in the ledger before it
 * is made, so the post step can undo what a crash leaves; the restore happens once, whoever asks.
 */
import { describeAwsError, errorName, failureMessage } from '../aws/errors.js'
import { BenchmarkError, errorMessage, isAbort } from '../core/errors.js'
import { controlFor, type Control } from '../configure/control.js'
import { restoreFunction, restoreOutcomeLine } from '../configure/restore.js'
import { newMarkerValue, withMarker } from '../configure/environment.js'
import { coldStartRefusal, snapshotFunction, type FunctionSnapshot } from '../configure/snapshot.js'
import { applyChange, type ConfigurationChange } from '../configure/update.js'
import { deleteVersions } from '../configure/version-cleanup.js'
import { publishVersion, untilVersionActive, type PublishedVersion } from '../configure/versions.js'
import type { MeasuredFunction } from '../model/measurement.js'
import { measuredFunction, type Pairing } from './outcome.js'
import type { FunctionTarget } from '../model/plan.js'
import type { TierResult } from '../model/results.js'
import type { RunContext } from './run-context.js'
import type { PoolFunction, TierRun, TierSpec } from './tier.js'
import {
  finishTier,
  startTier,
  summarizeSize,
  type FinishedRun,
  type MeasuredTier,
  type TierContext
} from './measured-tier.js'

/** One function's benchmark in progress. */
export class FunctionSession {
  private memory: number
  private revision: string
  private changed = false
  /** True while $LATEST carries our cold-start marker. */
  private marked = false
  private restoring: Promise<void> | undefined
  /** Published versions this run has deleted already. */
  private readonly deleted = new Set<string>()
  private readonly measured: MeasuredTier[] = []
  private readonly errors: string[] = []
  private readonly tierContext: TierContext
  /** The function as the invocation pool addresses it. */
  readonly fn: PoolFunction

  private constructor(
    readonly run: RunContext,
    readonly target: FunctionTarget,
    readonly snapshot: FunctionSnapshot,
    private readonly control: Control
  ) {
    this.memory = snapshot.memorySize
    this.revision = snapshot.revisionId
    const warn = (m: string): void => run.log.warning(m)
    this.tierContext = {
      functionName: target.functionName,
      architecture: snapshot.architecture,
      region: target.region,
      log: run.log,
      ...(run.plan.payloads ? { payloads: run.plan.payloads.map((p) => p.name) } : {}),
      ...(run.plan.sampling ? { sampling: run.plan.sampling } : {}),
      logs: {
        logs: run.clients.logs(target.region),
        functionName: target.functionName,
        logGroup: snapshot.logGroup,
        logFormat: snapshot.logFormat,
        signal: run.signal,
        deadlineMs: run.settings.logsDeadlineMs,
        clock: run.clock,
        warn
      }
    }
    this.fn = {
      lambda: run.clients.invoker(target.region),
      observeThrottles: run.clients.observeThrottles,
      identifier: target.identifier,
      functionName: target.functionName
    }
  }

  /** Reads the function's configuration (snapshot.ts); throws when it cannot be benchmarked. */
  static async open(run: RunContext, target: FunctionTarget): Promise<FunctionSession> {
    const control = controlFor(run.clients.lambda(target.region), target, run)
    const snapshot = await snapshotFunction(control, run.signal)
    const refusal = run.plan.coldStarts > 0 ? coldStartRefusal(snapshot) : undefined
    if (refusal) throw new BenchmarkError(refusal)
    return new FunctionSession(run, target, snapshot, control)
  }

  get name(): string {
    return this.target.functionName
  }

  /** The memory size $LATEST has now (as far as our own changes go). */
  get memorySize(): number {
    return this.memory
  }

  /**
   * Sets $LATEST's memory and waits until Lambda has applied it; the environment goes back to
   * the original in the same update when a cold-start round had marked it.
   */
  async setMemory(size: number): Promise<void> {
    const environment = this.marked ? { environment: this.snapshot.environment } : {}
    await this.apply({ memorySize: size, ...environment })
    this.marked = false
  }

  /**
   * Gives $LATEST at `size` a new value of the cold-start marker: Lambda retires every
   * environment of the configuration before, so the next invocations each start a fresh one.
   */
  async freshen(size: number): Promise<void> {
    this.recordBeforeChange()
    this.run.ledger.marking(this.key)
    this.marked = true
    const environment = withMarker(this.snapshot.environment, newMarkerValue())
    await this.apply({ memorySize: size, environment })
  }

  private async apply(change: ConfigurationChange): Promise<void> {
    const { ledger } = this.run
    this.recordBeforeChange()
    ledger.requesting(this.key, change.memorySize)
    this.revision = await applyChange(
      this.control,
      this.snapshot.fingerprint,
      change,
      this.revision,
      this.run.signal
    )
    ledger.revision(this.key, this.revision)
    this.memory = change.memorySize
  }

  /** Publishes $LATEST as it is now, tagged `description` (which starts with the run's `tag`). */
  async publishVersion(tag: string, description: string): Promise<PublishedVersion> {
    this.recordBeforeChange()
    this.run.ledger.publishing(this.key, tag)
    let out: PublishedVersion
    try {
      out = await publishVersion(this.control, this.revision, description, this.run.signal)
    } catch (error) {
      if (isAbort(error) || error instanceof BenchmarkError) throw error
      throw new BenchmarkError(describeAwsError(error, 'lambda:PublishVersion', this.name))
    }
    if (out.ours) this.run.ledger.published(this.key, out.version)
    return out
  }

  /** Waits out a SnapStart version's snapshot (Pending), once it is recorded as ours. */
  async untilActive(version: string): Promise<void> {
    await untilVersionActive(this.control, version, this.run.signal)
  }

  /**
   * Deletes those of the versions this run published that are not deleted yet. `early`: a
   * version done with while others are still measured, whose failure is left to the last call;
   * what that one leaves fails the function (post retries).
   */
  async deleteVersions(versions: readonly string[], early = false): Promise<void> {
    const { ledger, log } = this.run
    const rest = versions.filter((v) => !this.deleted.has(v))
    const left = await deleteVersions(this.control, rest, (v) => {
      this.deleted.add(v)
      ledger.deleted(this.key, v)
    })
    if (early) return
    if (left.length > 0) {
      const why = left.map((l) => `${l.version} (${errorName(l.error)}: ${errorMessage(l.error)})`)
      this.fail(
        `could not delete published version(s) ${why.join(', ')}; the post step will try again (grant lambda:DeleteFunction on the function's versions)`
      )
    } else if (versions.length > 0) {
      log.info(`${this.name}: deleted the ${versions.length} version(s) it published`)
    }
    if (ledger.entry(this.key)?.versions?.length === 0) ledger.versionsGone(this.key)
  }

  /** This function's tier at `memorySize` ($LATEST, or the version `qualifier`), as planned. */
  tier(memorySize: number, qualifier?: string): TierSpec {
    const count = this.run.plan.invocations
    return { fn: this.fn, memorySize, count, ...(qualifier ? { qualifier } : {}) }
  }

  /** A round of `count` forced cold starts at `memorySize` ($LATEST, or the version `qualifier`). */
  coldRound(memorySize: number, count: number, qualifier?: string): TierSpec {
    return { fn: this.fn, memorySize, count, forced: true, ...(qualifier ? { qualifier } : {}) }
  }

  /** Keeps every run that took an invocation (its REPORTs still looked up in the logs). */
  keep(runs: readonly TierRun[]): void {
    for (const run of runs) {
      if (run.invocations.length > 0) this.measured.push(startTier(run, this.tierContext))
    }
  }

  /** Puts the original memory back, once; a failure fails the function and is left to post. */
  restore(): Promise<void> {
    if (!this.changed) return Promise.resolve()
    this.restoring ??= this.restoreOnce()
    return this.restoring
  }

  private async restoreOnce(): Promise<void> {
    const { ledger, log } = this.run
    const saved = ledger.entry(this.key)
    if (!saved) return
    const original = this.snapshot.memorySize
    try {
      const line = restoreOutcomeLine(
        this.name,
        original,
        await restoreFunction(this.control, saved)
      )
      if (line.warning) log.warning(line.text)
      else log.info(line.text)
      ledger.done(this.key)
    } catch (error) {
      this.fail(
        `could not restore the original ${original} MB (the post step will try again): ${failureMessage(error, 'lambda:UpdateFunctionConfiguration', this.name)}`
      )
    }
  }

  /**
   * Records what stopped the function's measurement, unless it was the cancellation; true when
   * it was a failure.
   */
  stoppedBy(error: unknown): boolean {
    if (isAbort(error) || this.run.signal.aborted) return false
    this.fail(failureMessage(error, 'lambda:UpdateFunctionConfiguration', this.name))
    return true
  }

  /** Marks the function failed; every message is kept, in order. */
  fail(message: string): void {
    this.errors.push(message)
    this.run.log.warning(`${this.name}: ${message}`)
  }

  /** What was measured, once the REPORTs awaited from CloudWatch Logs are in: a tier per size. */
  async result(pairing: Pairing = {}): Promise<MeasuredFunction> {
    const bySize = new Map<number, FinishedRun[]>()
    for (const tier of this.measured) {
      const finished = await finishTier(tier, this.tierContext)
      bySize.set(tier.run.memorySize, [...(bySize.get(tier.run.memorySize) ?? []), finished])
    }
    const tiers: TierResult[] = [...bySize]
      .map(([size, runs]) => summarizeSize(size, runs, this.tierContext))
      .sort((a, b) => a.memorySize - b.memorySize)
    return measuredFunction(this.target, this.snapshot, this.errors, tiers, pairing)
  }

  /** The function's ARN, as the results key it. */
  get functionArn(): string {
    return this.snapshot.functionArn
  }

  private get key(): string {
    return this.snapshot.functionArn
  }

  /** Saved before the first change, so that the post step can undo it. */
  private recordBeforeChange(): void {
    if (this.changed) return
    this.run.ledger.remember(this.key, {
      identifier: this.target.identifier,
      functionName: this.name,
      region: this.target.region,
      originalMemorySize: this.snapshot.memorySize,
      revisionId: this.snapshot.revisionId,
      fingerprint: this.snapshot.fingerprint,
      sizes: this.run.plan.memorySizes,
      requestedMemory: this.snapshot.memorySize
    })
    this.changed = true
  }
}

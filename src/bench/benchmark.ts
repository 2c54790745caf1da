/**
 * The whole benchmark: every group in parallel — a function, or a current function and its live
 * baseline — each function in its own session, measured by the strategy of the isolation mode
 * → the Measurements.
 */
import { failureMessage } from '../aws/errors.js'
import { isAbort } from '../core/errors.js'
import { UpdateTiming } from '../configure/update-timing.js'
import type { MeasuredFunction, Measurements } from '../model/measurement.js'
import { groupsOf } from '../model/order.js'
import type { FunctionTarget, Isolation, Plan } from '../model/plan.js'
import { GroupStopped, type Group } from './group.js'
import { notMeasured, type Pairing } from './outcome.js'
import type { BenchmarkDeps, RunContext } from './run-context.js'
import { FunctionSession } from './session.js'
import { measureLatest } from './strategies/latest.js'
import { measureVersions } from './strategies/versions.js'

/** One way to measure a group's sizes; each isolation mode has one. */
type Strategy = (group: Group) => Promise<void>

const STRATEGIES: Readonly<Record<Isolation, Strategy>> = {
  latest: measureLatest,
  versions: measureVersions
}

/** Runs the plan. Never throws for a function's failure: it is in that function's result. */
export async function runBenchmark(plan: Plan, deps: BenchmarkDeps): Promise<Measurements> {
  const startedAt = new Date(deps.clock.now()).toISOString()
  const run: RunContext = {
    ...deps,
    plan,
    payloads: plan.payloads
      ? plan.payloads.map((p) => ({
          name: p.name,
          weight: p.weight,
          body: Buffer.from(p.body, 'utf8')
        }))
      : [{ weight: 1, body: Buffer.from(plan.payload, 'utf8') }],
    timing: new UpdateTiming()
  }
  const measured = await Promise.all(groupsOf(plan).map((targets) => benchmarkGroup(run, targets)))
  return {
    startedAt,
    finishedAt: new Date(deps.clock.now()).toISOString(),
    // Each live baseline right after its current function.
    functions: measured.flat(),
    cancelled: deps.signal.aborted
  }
}

/**
 * One group end to end: snapshots → its strategy → restores. The restores run in `finally`:
 * whatever happens (an API error, cancellation), a function we changed is put back, and the
 * tiers measured so far are kept.
 */
async function benchmarkGroup(
  run: RunContext,
  targets: readonly FunctionTarget[]
): Promise<MeasuredFunction[]> {
  const opened = await Promise.allSettled(targets.map((t) => FunctionSession.open(run, t)))
  const arnOf = (i: number): string => {
    const o = opened[i]
    return o.status === 'fulfilled' ? o.value.functionArn : targets[i].identifier
  }
  const pairing = (i: number): Pairing =>
    targets.length < 2 ? {} : i === 0 ? { liveBaseline: arnOf(1) } : { liveBaselineOf: arnOf(0) }
  if (opened.some((o) => o.status === 'rejected')) return unopened(run, targets, opened, pairing)
  const group = opened.map((o) => (o as PromiseFulfilledResult<FunctionSession>).value)
  try {
    await STRATEGIES[run.plan.isolation](group)
  } catch (error) {
    if (!(error instanceof GroupStopped)) {
      group[0].stoppedBy(error)
    } else if (error.failed.length > 0) {
      for (const partner of group.filter((s) => !error.failed.includes(s))) {
        partner.fail(
          `stopped with ${error.failed.map((s) => s.name).join(', ')}, measured beside it, which could not be benchmarked`
        )
      }
    }
  } finally {
    await Promise.all(group.map((s) => s.restore()))
  }
  return Promise.all(group.map((s, i) => s.result(pairing(i))))
}

/** A group with a function that could not be read: none of it is benchmarked (nothing changed). */
function unopened(
  run: RunContext,
  targets: readonly FunctionTarget[],
  opened: readonly PromiseSettledResult<FunctionSession>[],
  pairing: (i: number) => Pairing
): MeasuredFunction[] {
  const unread = targets.filter((_, i) => opened[i].status === 'rejected')
  return targets.map((target, i) => {
    const o = opened[i]
    let message: string | null = null
    if (o.status === 'rejected') {
      if (!isAbort(o.reason)) {
        message = failureMessage(o.reason, 'lambda:GetFunction', target.functionName)
      }
    } else if (!run.signal.aborted) {
      message = `not benchmarked: ${unread.map((t) => t.functionName).join(', ')}, measured beside it, could not be read`
    }
    if (message !== null) run.log.warning(`${target.functionName}: ${message}`)
    return notMeasured(target, message, pairing(i))
  })
}

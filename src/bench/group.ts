/**
 * A group: the sessions measured together — one function, or a current function and its live
 * baseline, changed at the same time and invoked in lockstep. A failure is recorded on the
 * session it happened to, and stops the whole group: a current without its baseline measured
 * beside it has nothing to be compared with.
 */
import { FeedFailure, TierFailure, runTiers, type GroupFeed } from './invoke-pool.js'
import type { FunctionSession } from './session.js'
import type { TierRun, TierSpec } from './tier.js'

/** One or two sessions; the first is the current function. */
export type Group = readonly FunctionSession[]

/** What stopped a group: the sessions whose own step failed (none when it was a cancel). */
export class GroupStopped extends Error {
  constructor(readonly failed: readonly FunctionSession[]) {
    super(`stopped: ${failed.map((s) => s.name).join(', ') || 'cancelled'}`)
    this.name = 'GroupStopped'
  }
}

/** Runs `step` on every session at once; any failure is recorded on its session and stops the group. */
export async function onEach(
  group: Group,
  step: (session: FunctionSession) => Promise<void>
): Promise<void> {
  const outcomes = await Promise.allSettled(group.map(step))
  const failed: FunctionSession[] = []
  outcomes.forEach((outcome, i) => {
    if (outcome.status === 'rejected' && group[i].stoppedBy(outcome.reason)) failed.push(group[i])
  })
  if (outcomes.some((o) => o.status === 'rejected')) throw new GroupStopped(failed)
}

/**
 * Runs `tiers` (one per session of the group, per claim group: see invoke-pool.ts), and those
 * `feed` gives as they come, through one pool and gives each session its runs; when the pool
 * fails, what it took is kept as well, the failure is recorded on the function it happened to
 * and the group stops. A feed that fails (its steps go through onEach) stops the group once
 * what it had given is measured.
 */
export async function measureTogether(
  group: Group,
  tiers: readonly (readonly TierSpec[])[],
  feed?: GroupFeed
): Promise<TierRun[][]> {
  const [lead] = group
  const { plan, payloads, signal, settings, clock, log } = lead.run
  const keep = (runs: TierRun[][]): void =>
    group.forEach((session, i) => session.keep(runs.map((claimed) => claimed[i])))
  try {
    const runs = await runTiers(
      {
        concurrency: plan.concurrency,
        payloads,
        signal,
        stallDeadlineMs: settings.stallDeadlineMs,
        clock,
        warn: (m) => log.warning(m),
        ...(plan.sampling ? { sampling: plan.sampling } : {})
      },
      tiers,
      feed
    )
    keep(runs)
    return runs
  } catch (error) {
    if (error instanceof FeedFailure) {
      keep(error.runs)
      throw error.reason
    }
    if (!(error instanceof TierFailure)) throw error
    keep(error.runs)
    const culprit = group.find((s) => s.fn === error.fn) ?? lead
    throw new GroupStopped(culprit.stoppedBy(error) ? [culprit] : [])
  }
}

/** `a` or `a and b`: the group in a progress line. */
export function namesOf(group: Group): string {
  return group.map((s) => s.name).join(' and ')
}

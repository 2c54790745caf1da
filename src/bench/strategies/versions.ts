/**
 * isolation: versions. Each size is frozen into a published version (set memory → wait →
 * PublishVersion, one update at a time per function; the two functions of a live pair at once).
 * A published version is immutable, so it is measured from the moment it exists, while the next
 * is being published, all of them interleaved through one pool until they finish together
 * (pacing.ts); $LATEST is put back once the last is published. Each version is deleted once
 * its size is done, and what is left at the end, whatever happened (and by the post step,
 * through the ledger, when the main step could not). With `cold-starts`, every version is
 * published first and the forced cold starts come before any measured invocation, while every
 * version is still untouched (cold-starts.ts).
 */
import { BenchmarkError } from '../../core/errors.js'
import { newVersionTag } from '../../configure/versions.js'
import { versionsOrder } from '../../model/order.js'
import { ColdStartRounds } from '../cold-starts.js'
import { measureTogether, namesOf, onEach, type Group } from '../group.js'
import type { FunctionSession } from '../session.js'
import type { FedGroup } from '../invoke-pool.js'
import type { TierSpec } from '../tier.js'

/** What one function published: its version per size, and those this run created. */
interface Published {
  versionOf: Map<number, string>
  /** The sizes whose version this run created: no invocation has run on them yet. */
  fresh: Set<number>
  ours: string[]
  /** The deletions of versions done with while others are measured, one after another. */
  deleting: Promise<void>
}

/**
 * Publishes $LATEST (at `size`) as a version of this run, described `tag what`, and waits until
 * it can be invoked.
 */
async function publishAt(
  session: FunctionSession,
  size: number,
  [tag, what]: [string, string],
  into: Published
): Promise<{ version: string; ours: boolean }> {
  const out = await session.publishVersion(tag, `${tag} ${what}`)
  if (out.ours) into.ours.push(out.version)
  if (out.memorySize !== undefined && out.memorySize !== size) {
    throw new BenchmarkError(
      `${session.name}: version ${out.version} has ${out.memorySize} MB, not ${size} MB: did something else change the function?`
    )
  }
  // Recorded as ours above first: a snapshot that fails or is cancelled still leaves it deleted.
  if (out.pending) await session.untilActive(out.version)
  return out
}

/** Publishes a version of `session` at `size` (setting $LATEST's memory first when it differs). */
async function publishSize(
  session: FunctionSession,
  size: number,
  tag: string,
  into: Published
): Promise<void> {
  if (session.memorySize !== size) await session.setMemory(size)
  const out = await publishAt(session, size, [tag, `${size} MB`], into)
  into.versionOf.set(size, out.version)
  if (out.ours) into.fresh.add(size)
  session.run.log.info(`${session.name} @ ${size} MB: published as version ${out.version}`)
}

/**
 * `cold-starts`, before anything else is invoked: each size's first round on its fresh version,
 * any further round on a version published for it (memory and a new marker value in one update).
 */
async function forceColdStarts(
  group: Group,
  tag: string,
  of: (s: FunctionSession) => Published
): Promise<boolean> {
  const [lead] = group
  const { plan, signal } = lead.run
  for (const size of versionsOrder(plan.memorySizes, lead.snapshot.memorySize)) {
    if (signal.aborted) return false
    const cold = new ColdStartRounds(group, size)
    if (group.every((s) => of(s).fresh.has(size))) {
      if (!(await cold.round(group.map((s) => of(s).versionOf.get(size))))) return false
    }
    const done = await cold.untilDone(async (s) => {
      await s.freshen(size)
      return (await publishAt(s, size, [tag, `${size} MB cold start`], of(s))).version
    })
    if (!done) return false
  }
  return true
}

/** The group's tiers at `size`: each function's version of it. */
function tiersAt(group: Group, size: number, of: (s: FunctionSession) => Published): TierSpec[] {
  return group.map((s) => s.tier(size, of(s).versionOf.get(size)))
}

/**
 * The sizes' versions, published one after another (on both functions of a live pair at once),
 * each given to the pool as soon as it exists; then $LATEST is put back while the pool goes on.
 */
async function* published(
  group: Group,
  tag: string,
  of: (s: FunctionSession) => Published,
  stop: AbortSignal
): AsyncGenerator<FedGroup> {
  const [lead] = group
  // A version done with is deleted while the other sizes are measured (DeleteFunction is paced,
  // and all of them at the end would make the run wait), but only once every version is
  // published and $LATEST is back: one change at a time per function, one deletion at a time.
  let settled = (): void => undefined
  const publishing = new Promise<void>((resolve) => (settled = resolve))
  for (const s of group) of(s).deleting = publishing
  try {
    for (const size of versionsOrder(lead.run.plan.memorySizes, lead.snapshot.memorySize)) {
      if (stop.aborted) return
      await onEach(group, (s) => publishSize(s, size, tag, of(s)))
      yield {
        tiers: tiersAt(group, size, of),
        finished: () => {
          for (const s of group) {
            const v = of(s).versionOf.get(size)
            if (v === undefined || !of(s).ours.includes(v)) continue
            of(s).deleting = of(s).deleting.then(() => s.deleteVersions([v], true))
          }
        }
      }
    }
    await Promise.all(group.map((s) => s.restore()))
  } finally {
    settled()
  }
}

/**
 * Publishes a version per size of every function of the group and measures them all through one
 * pool, interleaved: each version from the moment it is published (pipelined), or, with
 * `cold-starts`, all of them after the forced cold starts, which need every version untouched.
 */
export async function measureVersions(group: Group): Promise<void> {
  const [lead] = group
  const { plan, signal, log } = lead.run
  const tag = newVersionTag()
  const all = new Map(
    group.map((s): [FunctionSession, Published] => [
      s,
      { versionOf: new Map(), fresh: new Set(), ours: [], deleting: Promise.resolve() }
    ])
  )
  const of = (s: FunctionSession): Published => all.get(s) as Published
  const sizes = versionsOrder(plan.memorySizes, lead.snapshot.memorySize)
  const each = group.length > 1 ? ' each, in lockstep' : ''
  const measuring = `${namesOf(group)}: ${sizes.length} sizes × ${plan.sampling ? 'up to ' : ''}${plan.invocations} invocations${each}, interleaved, up to ${plan.concurrency} in flight`
  try {
    if (plan.coldStarts === 0) {
      log.info(`${measuring}, each size from the moment its version is published…`)
      await measureTogether(group, [], (stop) => published(group, tag, of, stop))
      return
    }
    for (const size of sizes) {
      if (signal.aborted) return
      await onEach(group, (s) => publishSize(s, size, tag, of(s)))
    }
    if (!(await forceColdStarts(group, tag, of))) return
    // $LATEST is no longer needed: put it back while the versions are measured.
    const restoring = Promise.all(group.map((s) => s.restore()))
    log.info(`${measuring}…`)
    try {
      await measureTogether(
        group,
        sizes.map((size) => tiersAt(group, size, of))
      )
    } finally {
      await restoring
    }
  } finally {
    // Memory first: it is the guarantee that matters, and deletions may take long.
    await Promise.all(group.map((s) => s.restore()))
    await Promise.all(group.map((s) => of(s).deleting))
    await Promise.all(group.map((s) => s.deleteVersions(of(s).ours)))
  }
}

/**
 * isolation: versions. Each size is frozen into a published version (set memory → wait →
 * PublishVersion, one update at a time per function; the two functions of a live pair at once),
 * $LATEST is put back while every version is measured at once, interleaved through one pool,
 * and the versions are deleted at the end, whatever happened (and by the post step, through the
 * ledger, when the main step could not). With `cold-starts`, the forced cold starts come first,
 * while every version is still untouched (cold-starts.ts).
 */
import { BenchmarkError } from '../../core/errors.js'
import { newVersionTag } from '../../configure/versions.js'
import { versionsOrder } from '../../model/order.js'
import { ColdStartRounds } from '../cold-starts.js'
import { measureTogether, namesOf, onEach, type Group } from '../group.js'
import type { FunctionSession } from '../session.js'

/** What one function published: its version per size, and those this run created. */
interface Published {
  versionOf: Map<number, string>
  /** The sizes whose version this run created: no invocation has run on them yet. */
  fresh: Set<number>
  ours: string[]
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

/** Publishes a version of `session` per size. */
async function publishSizes(session: FunctionSession, tag: string, into: Published): Promise<void> {
  const { plan, signal, log } = session.run
  for (const size of versionsOrder(plan.memorySizes, session.snapshot.memorySize)) {
    if (signal.aborted) return
    if (session.memorySize !== size) await session.setMemory(size)
    const out = await publishAt(session, size, [tag, `${size} MB`], into)
    into.versionOf.set(size, out.version)
    if (out.ours) into.fresh.add(size)
    log.info(`${session.name} @ ${size} MB: published as version ${out.version}`)
  }
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

/** Publishes a version per size of every function of the group, then measures them all, interleaved. */
export async function measureVersions(group: Group): Promise<void> {
  const [lead] = group
  const { plan, signal, log } = lead.run
  const tag = newVersionTag()
  const published = new Map(
    group.map((s): [FunctionSession, Published] => [
      s,
      { versionOf: new Map(), fresh: new Set(), ours: [] }
    ])
  )
  const of = (s: FunctionSession): Published => published.get(s) as Published
  try {
    await onEach(group, (s) => publishSizes(s, tag, of(s)))
    if (signal.aborted) return
    if (plan.coldStarts > 0 && !(await forceColdStarts(group, tag, of))) return
    // $LATEST is no longer needed: put it back while the versions are measured.
    const restoring = Promise.all(group.map((s) => s.restore()))
    const each = group.length > 1 ? ' each, in lockstep' : ''
    log.info(
      `${namesOf(group)}: ${plan.memorySizes.length} sizes × ${plan.invocations} invocations${each}, interleaved, up to ${plan.concurrency} in flight…`
    )
    try {
      await measureTogether(
        group,
        plan.memorySizes.map((size) => group.map((s) => s.tier(size, of(s).versionOf.get(size))))
      )
    } finally {
      await restoring
    }
  } finally {
    // Memory first: it is the guarantee that matters, and deletions may take long.
    await Promise.all(group.map((s) => s.restore()))
    await Promise.all(group.map((s) => s.deleteVersions(of(s).ours)))
  }
}

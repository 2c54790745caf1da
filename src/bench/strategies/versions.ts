/**
 * isolation: versions. Each size is frozen into a published version (set memory → wait →
 * PublishVersion, one update at a time per function; the two functions of a live pair at once),
 * $LATEST is put back while every version is measured at once, interleaved through one pool,
 * and the versions are deleted at the end, whatever happened (and by the post step, through the
 * ledger, when the main step could not).
 */
import { BenchmarkError } from '../../core/errors.js'
import { newVersionTag } from '../../configure/versions.js'
import { versionsOrder } from '../../model/order.js'
import { measureTogether, namesOf, onEach, type Group } from '../group.js'
import type { FunctionSession } from '../session.js'

/** What one function published: its version per size, and those this run created. */
interface Published {
  versionOf: Map<number, string>
  ours: string[]
}

/** Publishes a version of `session` per size. */
async function publishSizes(session: FunctionSession, tag: string, into: Published): Promise<void> {
  const { plan, signal, log } = session.run
  for (const size of versionsOrder(plan.memorySizes, session.snapshot.memorySize)) {
    if (signal.aborted) return
    if (session.memorySize !== size) await session.setMemory(size)
    const out = await session.publishVersion(tag, `${tag} ${size} MB`)
    if (out.ours) into.ours.push(out.version)
    if (out.memorySize !== undefined && out.memorySize !== size) {
      throw new BenchmarkError(
        `${session.name}: version ${out.version} has ${out.memorySize} MB, not ${size} MB: did something else change the function?`
      )
    }
    // Recorded as ours above first: a snapshot that fails or is cancelled still leaves it deleted.
    if (out.pending) await session.untilActive(out.version)
    into.versionOf.set(size, out.version)
    log.info(`${session.name} @ ${size} MB: published as version ${out.version}`)
  }
}

/** Publishes a version per size of every function of the group, then measures them all, interleaved. */
export async function measureVersions(group: Group): Promise<void> {
  const [lead] = group
  const { plan, signal, log } = lead.run
  const tag = newVersionTag()
  const published = new Map(
    group.map((s) => [s, { versionOf: new Map<number, string>(), ours: [] } as Published])
  )
  const of = (s: FunctionSession): Published => published.get(s) as Published
  try {
    await onEach(group, (s) => publishSizes(s, tag, of(s)))
    if (signal.aborted) return
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

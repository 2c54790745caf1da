/**
 * isolation: versions. Each size is frozen into a published version (set memory → wait →
 * PublishVersion, one update at a time), $LATEST is put back while every version is measured at
 * once, interleaved through one pool, and the versions are deleted at the end, whatever happened
 * (and by the post step, through the ledger, when the main step could not).
 */
import { BenchmarkError } from '../../core/errors.js'
import { newVersionTag } from '../../configure/versions.js'
import type { FunctionSession } from '../session.js'

/**
 * The function's current size first (published as it is, without an update), then the others
 * ascending: one update wait fewer per function.
 */
function sizesInChangeOrder(sizes: readonly number[], current: number): number[] {
  return [...sizes].sort((a, b) => (a === current ? -1 : b === current ? 1 : a - b))
}

/** Publishes a version per size, then measures them all, interleaved. */
export async function measureVersions(session: FunctionSession): Promise<void> {
  const { plan, signal, log } = session.run
  const name = session.name
  const tag = newVersionTag()
  const versionOf = new Map<number, string>()
  const ours: string[] = []
  try {
    for (const size of sizesInChangeOrder(plan.memorySizes, session.snapshot.memorySize)) {
      if (signal.aborted) return
      if (session.memorySize !== size) await session.setMemory(size)
      const out = await session.publishVersion(tag, `${tag} ${size} MB`)
      if (out.ours) ours.push(out.version)
      if (out.memorySize !== undefined && out.memorySize !== size) {
        throw new BenchmarkError(
          `${name}: version ${out.version} has ${out.memorySize} MB, not ${size} MB: did something else change the function?`
        )
      }
      versionOf.set(size, out.version)
      log.info(`${name} @ ${size} MB: published as version ${out.version}`)
    }
    if (signal.aborted) return
    // $LATEST is no longer needed: put it back while the versions are measured.
    const restoring = session.restore()
    log.info(
      `${name}: ${plan.memorySizes.length} sizes × ${plan.invocations} invocations, interleaved, up to ${plan.concurrency} in flight…`
    )
    try {
      await session.measure(
        plan.memorySizes.map((size) => ({
          memorySize: size,
          qualifier: versionOf.get(size),
          count: plan.invocations
        }))
      )
    } finally {
      await restoring
    }
  } catch (error) {
    // Recorded before the clean-up, so that the cause comes first in the function's error.
    session.stoppedBy(error)
  } finally {
    // Memory first: it is the guarantee that matters, and deletions may take long.
    await session.restore()
    await session.deleteVersions(ours)
  }
}

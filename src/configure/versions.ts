/**
 * Published versions (isolation: versions): a memory size frozen into an immutable version.
 * PublishVersion answers with an existing version when nothing changed since it was published,
 * so a version counts as ours (to delete, version-cleanup.ts) only when it carries this run's
 * Description tag.
 */
import { PublishVersionCommand } from '@aws-sdk/client-lambda'
import { randomBytes } from 'node:crypto'
import { BenchmarkError } from '../core/errors.js'
import { untilNotPending } from './active.js'
import { whileConflicting, type Control } from './control.js'

/** A tag unique to this run: the Description prefix of every version it publishes. */
export function newVersionTag(): string {
  return `lambda-memory-benchmark ${randomBytes(6).toString('hex')}`
}

/** A version as PublishVersion answered. */
export interface PublishedVersion {
  version: string
  memorySize?: number
  /** False when Lambda answered with an existing version (not created by this run). */
  ours: boolean
  /** SnapStart: Pending while Lambda makes its snapshot; wait with untilVersionActive. */
  pending: boolean
}

/** PublishVersion of $LATEST as it is now; a 409 (an update still settling) is retried. */
export async function publishVersion(
  control: Control,
  revisionId: string,
  description: string,
  signal: AbortSignal
): Promise<PublishedVersion> {
  const out = await whileConflicting(
    control,
    () =>
      control.lambda.send(
        new PublishVersionCommand({
          FunctionName: control.identifier,
          Description: description,
          RevisionId: revisionId || undefined
        })
      ),
    signal
  )
  if (!out.Version) throw new BenchmarkError('PublishVersion returned no version number')
  return {
    version: out.Version,
    memorySize: out.MemorySize,
    ours: out.Description === description,
    pending: out.State === 'Pending'
  }
}

/**
 * Waits for a SnapStart version to become Active: it is Pending while Lambda makes its snapshot,
 * and invoking it then is a 409. The caller records the version as its own first, so that a
 * wait that fails or is cancelled still leaves it to be deleted.
 */
export async function untilVersionActive(
  control: Control,
  version: string,
  signal: AbortSignal
): Promise<void> {
  const config = await untilNotPending(control, {
    qualifier: version,
    signal,
    why: 'while Lambda made its SnapStart snapshot'
  })
  if (config.State && config.State !== 'Active') {
    throw new BenchmarkError(
      `version ${version} of ${control.functionName} is ${config.State ?? 'not Active'} after its SnapStart snapshot${config.StateReason ? `: ${config.StateReason}` : ''}; it cannot be measured`
    )
  }
}

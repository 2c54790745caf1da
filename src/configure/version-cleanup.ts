/**
 * Deleting the versions a run published, from the main step and from the post step (which
 * imports this without any of the measuring code). Only versions this run created are ever
 * deleted: those it recorded, and those carrying its Description tag.
 */
import { DeleteFunctionCommand, ListVersionsByFunctionCommand } from '@aws-sdk/client-lambda'
import { describeAwsError, errorName } from '../aws/errors.js'
import type { Logger } from '../core/logger.js'
import { retry } from '../core/retry.js'
import { isConflictOrTransient, type Control } from './control.js'

/** A version that could not be deleted, with why. */
export interface VersionLeft {
  version: string
  error: unknown
}

/**
 * Deletes versions (DeleteFunction with Qualifier); one already gone counts as deleted.
 * Throttling, 5xx and 409 are retried until the restore deadline. Returns what is left.
 */
export async function deleteVersions(
  control: Control,
  versions: readonly string[],
  onDeleted: (version: string) => void
): Promise<VersionLeft[]> {
  const { clock } = control
  const deadline = clock.now() + control.settings.restoreDeadlineMs
  const left: VersionLeft[] = []
  for (const version of versions) {
    try {
      await retry(
        () =>
          control.lambda.send(
            new DeleteFunctionCommand({ FunctionName: control.identifier, Qualifier: version })
          ),
        {
          retryable: isConflictOrTransient,
          deadline,
          backoff: { baseMs: 250, capMs: 5_000 },
          clock
        }
      )
      onDeleted(version)
    } catch (error) {
      if (errorName(error) === 'ResourceNotFoundException') onDeleted(version)
      else left.push({ version, error })
    }
  }
  return left
}

/** The versions whose Description starts with `tag` (every page of ListVersionsByFunction). */
async function findTaggedVersions(control: Control, tag: string): Promise<string[]> {
  const found: string[] = []
  let marker: string | undefined
  for (let page = 0; page < 1_000; page++) {
    const out = await control.lambda.send(
      new ListVersionsByFunctionCommand({ FunctionName: control.identifier, Marker: marker })
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
 * The post step's clean-up of one function's versions: those the state lists, and any carrying
 * the run's tag (one published just before the main step stopped, so never recorded) when
 * ListVersionsByFunction is allowed. Returns an error message, or null when none is left.
 */
export async function deleteLeftVersions(
  control: Control,
  saved: { versionTag?: string; versions?: string[] },
  log: Logger
): Promise<string | null> {
  const name = control.functionName
  const versions = new Set(saved.versions ?? [])
  if (saved.versionTag) {
    try {
      for (const v of await findTaggedVersions(control, saved.versionTag)) versions.add(v)
    } catch (error) {
      if (errorName(error) === 'ResourceNotFoundException') return null
      log.warning(
        `${name}: could not list its versions (${describeAwsError(error, 'lambda:ListVersionsByFunction', name)}); deleting the ${versions.size} recorded one(s) only`
      )
    }
  }
  if (versions.size === 0) return null
  const left = await deleteVersions(control, [...versions], () => undefined)
  if (left.length === 0) {
    log.info(`${name}: deleted version(s) ${[...versions].join(', ')} left by the main step`)
    return null
  }
  return `${name}: could not delete version(s) ${left.map((l) => `${l.version} (${describeAwsError(l.error, 'lambda:DeleteFunction', name)})`).join(', ')}`
}

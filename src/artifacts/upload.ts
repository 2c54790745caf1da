/**
 * `upload-results`: this run's results file as the workflow artifact `results-artifact`, through
 * the runner's artifact service as `actions/upload-artifact` does it, so that later runs find it
 * (`baseline: auto`). Never fails the step: the results are written and published either way.
 */
import { basename, dirname, resolve } from 'node:path'
import { errorMessage } from '../core/errors.js'
import { isEnterpriseServer } from '../github/host.js'
import type { ArtifactPlan } from '../model/plan.js'
import { artifactClient } from './client.js'

/** Where the outcome is told. */
export interface UploadLog {
  info(message: string): void
  notice(message: string): void
  warning(message: string): void
  group<T>(name: string, run: () => Promise<T>): Promise<T>
}

/** Uploads the results file (already written) under its base name; tells the outcome in one line. */
export async function uploadResults(
  plan: ArtifactPlan,
  resultsFile: string,
  cancelled: boolean,
  log: UploadLog,
  env: NodeJS.ProcessEnv = process.env
): Promise<void> {
  if (!plan.upload) return
  if (cancelled) {
    // A baseline for later runs must be a whole run, never a cancelled one's partial figures.
    log.notice(
      `The run was cancelled: its partial results are not uploaded as artifact "${plan.name}"`
    )
    return
  }
  if (isEnterpriseServer(env)) {
    log.notice(
      `GitHub Enterprise Server: the artifact service of @actions/artifact v2 and later is not available there, so the results file is not uploaded as artifact "${plan.name}"; keep it with actions/upload-artifact@v3 if you need it`
    )
    return
  }
  if (!env.ACTIONS_RUNTIME_TOKEN || !env.ACTIONS_RESULTS_URL) {
    log.notice(
      `No artifact service here (ACTIONS_RUNTIME_TOKEN or ACTIONS_RESULTS_URL is not set, as outside a GitHub-hosted or self-hosted runner's job): the results file is not uploaded as artifact "${plan.name}"`
    )
    return
  }
  const path = resolve(resultsFile)
  try {
    // @actions/artifact tells every step of the upload; its lines go in a fold of their own.
    const client = await artifactClient()
    const { id } = await log.group(`Uploading ${basename(path)} as artifact "${plan.name}"`, () =>
      client.uploadArtifact(plan.name, [path], dirname(path))
    )
    log.info(`Uploaded ${basename(path)} as artifact "${plan.name}"${id ? ` (id ${id})` : ''}`)
  } catch (error) {
    const reason = errorMessage(error)
    log.warning(
      `Uploading the results as artifact "${plan.name}" failed (${reason}); later runs cannot use this one as their baseline. ${advice(reason)}`
    )
  }
}

function advice(reason: string): string {
  if (/already exists|conflict|409/i.test(reason)) {
    return 'An artifact of that name was uploaded earlier in this run: give each job its own results-artifact (e.g. lambda-benchmark-results-${{ matrix.name }}).'
  }
  return 'Re-run the job to upload it.'
}

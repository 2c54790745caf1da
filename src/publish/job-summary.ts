/** The job summary: the same report as the comment, on every run (PR or not). */
import * as core from '@actions/core'

/** Appends the report to the step summary; false when not on a runner (no GITHUB_STEP_SUMMARY). */
export async function writeJobSummary(markdown: string): Promise<boolean> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.debug('GITHUB_STEP_SUMMARY is not set: no job summary')
    return false
  }
  await core.summary.addRaw(markdown, true).write()
  return true
}

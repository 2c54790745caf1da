/**
 * The post step: restores every function the main step left changed (it was cancelled or
 * crashed) and deletes the versions it left. Does nothing — not even an AWS call — when main
 * finished cleanly. It imports the configuration code only, none of the measuring code.
 */
import * as core from '@actions/core'
import { loadSavedFunctions, STATE_KEY, versionsLeft } from './configure/ledger.js'
import { restoreLeft } from './configure/restore-left.js'
import { systemClock } from './core/clock.js'
import type { Logger } from './core/logger.js'
import { readSettings } from './core/settings.js'

const log: Logger = { info: (m) => core.info(m), warning: (m) => core.warning(m) }

/** Fails the step with the error's sentence; its stack goes to the debug log only. */
function fail(error: unknown): void {
  if (error instanceof Error && error.stack) core.debug(error.stack)
  core.setFailed(error instanceof Error ? error.message : String(error))
}

/** The post step (the export `@github/local-action` and src/post-index.ts run). */
export async function run(): Promise<void> {
  try {
    await postStep()
  } catch (error) {
    fail(error)
  }
}

async function postStep(): Promise<void> {
  const all = loadSavedFunctions(core.getState(STATE_KEY))
  const left = all.filter((f) => !f.restored)
  const versioned = all.filter(versionsLeft)
  if (left.length === 0 && versioned.length === 0) {
    core.debug('post: every function was restored by the main step')
    return
  }
  if (left.length > 0) {
    core.info(`post: restoring ${left.length} function(s) the main step left changed`)
  }
  // The main step refused bad settings before any change, so the defaults stand in for them.
  const { settings } = readSettings(process.env)
  const failures = await restoreLeft(all, {
    settings,
    clock: systemClock,
    log,
    debug: (m) => core.debug(m)
  })
  if (failures.length === 1) core.setFailed(failures[0])
  else if (failures.length > 1) core.setFailed(`Restore incomplete:\n${failures.join('\n')}`)
}

/**
 * The post step: restores every function the main step left changed (it was cancelled or
 * crashed) and deletes the versions it left. Does nothing — not even an AWS call — when main
 * finished cleanly. It imports the configuration code only, none of the measuring code.
 */
import * as core from '@actions/core'
import { createClients } from './aws/clients.js'
import { controlFor, type Control } from './configure/control.js'
import {
  loadSavedFunctions,
  STATE_KEY,
  versionsLeft,
  type SavedFunction
} from './configure/ledger.js'
import { restoreMemory, restoreOutcomeLine } from './configure/restore.js'
import { UpdateTiming } from './configure/update-timing.js'
import { deleteLeftVersions } from './configure/version-cleanup.js'
import { systemClock } from './core/clock.js'
import type { Logger } from './core/logger.js'
import { readSettings } from './core/settings.js'

const log: Logger = { info: (m) => core.info(m), warning: (m) => core.warning(m) }

/** The post step. */
export async function runPost(): Promise<void> {
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
  const clients = createClients({
    maxSockets: all.length,
    requestTimeoutMs: settings.requestTimeoutMs
  })
  const run = { settings, clock: systemClock, timing: new UpdateTiming() }
  const controlOf = (saved: SavedFunction): Control =>
    controlFor(clients.lambda(saved.region), saved, run)
  const failures: string[] = []
  try {
    // Restoring memory is the guarantee that matters, so it does not wait for the version
    // clean-up (up to the restore deadline per version): both run at once.
    await Promise.all([
      ...versioned.map(async (saved) => {
        const failure = await deleteLeftVersions(controlOf(saved), saved, log)
        if (failure) failures.push(failure)
      }),
      ...left.map(async (saved) => {
        try {
          const outcome = await restoreMemory(controlOf(saved), saved)
          const line = restoreOutcomeLine(saved.functionName, saved.originalMemorySize, outcome)
          if (line.warning) core.warning(line.text)
          else core.info(line.text)
        } catch (error) {
          failures.push(
            `${saved.functionName}: could not restore ${saved.originalMemorySize} MB: ${error instanceof Error ? error.message : String(error)}`
          )
        }
      })
    ])
  } finally {
    clients.destroy()
  }
  if (failures.length > 0) {
    core.setFailed(
      `Restore incomplete; set the memory of these functions back by hand:\n${failures.join('\n')}`
    )
  }
}

/**
 * The post step: restores every function the main step left changed (it was cancelled or
 * crashed) and deletes the versions it left. Does nothing — not even an AWS call — when main
 * finished cleanly. It imports the configuration code only, none of the measuring code.
 */
import * as core from '@actions/core'
import { createClients } from './aws/clients.js'
import { controlFor, type Control } from './configure/control.js'
import { MARKER } from './configure/environment.js'
import {
  loadSavedFunctions,
  STATE_KEY,
  versionsLeft,
  type SavedFunction
} from './configure/ledger.js'
import { restoreFunction, restoreOutcomeLine } from './configure/restore.js'
import { UpdateTiming } from './configure/update-timing.js'
import { deleteLeftVersions } from './configure/version-cleanup.js'
import { systemClock } from './core/clock.js'
import { errorMessage } from './core/errors.js'
import type { Logger } from './core/logger.js'
import { readSettings } from './core/settings.js'

const log: Logger = { info: (m) => core.info(m), warning: (m) => core.warning(m) }

/** A function the post step could not set back, and why. */
interface NotRestored {
  saved: SavedFunction
  reason: string
}

/**
 * What is left to do by hand, one sentence per reason: the credentials or the network fail
 * every function alike, and are said once for all of them.
 */
function leftByHand(notRestored: NotRestored[]): string[] {
  const byReason = new Map<string, SavedFunction[]>()
  for (const { saved, reason } of notRestored) {
    byReason.set(reason, [...(byReason.get(reason) ?? []), saved])
  }
  return [...byReason].map(([reason, functions]) => {
    if (functions.length > 1) {
      const list = functions.map((f) => `${f.functionName} to ${f.originalMemorySize} MB`)
      const marker = functions.some((f) => f.marked)
        ? ` (and remove the variable ${MARKER} from their environments)`
        : ''
      return `Could not restore ${list.join(', ')}: ${reason}; set their memory back by hand${marker}`
    }
    const [f] = functions
    const mb = f.originalMemorySize
    const command = `aws lambda update-function-configuration --region ${f.region} --function-name ${f.identifier} --memory-size ${mb}`
    // restore.ts's deadline message already says what could not be restored.
    const what = /^could not restore /.test(reason)
      ? `C${reason.slice(1)}`
      : `Could not restore ${f.functionName} to ${mb} MB: ${reason}`
    // The variable cannot be taken out by a command that would not repeat every other one.
    const marker = f.marked ? ` and remove the variable ${MARKER} from its environment` : ''
    return `${what}; set its memory back by hand (${command})${marker}`
  })
}

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
  const clients = createClients({
    maxSockets: all.length,
    requestTimeoutMs: settings.requestTimeoutMs
  })
  const context = { settings, clock: systemClock, timing: new UpdateTiming() }
  const controlOf = (saved: SavedFunction): Control =>
    controlFor(clients.lambda(saved.region), saved, context)
  const notRestored: NotRestored[] = []
  const versionFailures: string[] = []
  try {
    // Restoring memory is the guarantee that matters, so it does not wait for the version
    // clean-up (up to the restore deadline per version): both run at once.
    await Promise.all([
      ...versioned.map(async (saved) => {
        const failure = await deleteLeftVersions(controlOf(saved), saved, log)
        if (failure) versionFailures.push(`${failure}; delete them by hand`)
      }),
      ...left.map(async (saved) => {
        try {
          const outcome = await restoreFunction(controlOf(saved), saved)
          const line = restoreOutcomeLine(saved.functionName, saved.originalMemorySize, outcome)
          if (line.warning) core.warning(line.text)
          else core.info(line.text)
        } catch (error) {
          if (error instanceof Error && error.stack) core.debug(error.stack)
          notRestored.push({ saved, reason: errorMessage(error) })
        }
      })
    ])
  } finally {
    clients.destroy()
  }
  const failures = [...leftByHand(notRestored), ...versionFailures]
  if (failures.length === 1) core.setFailed(failures[0])
  else if (failures.length > 1) core.setFailed(`Restore incomplete:\n${failures.join('\n')}`)
}

/**
 * Restores what a run left changed, from what its ledger saved: the post step's job after a
 * cancelled or crashed main step, and the CLI's `restore` after a killed run. Memory is put back
 * and the versions left are deleted, every function at once.
 */
import { createClients } from '../aws/clients.js'
import type { Clock } from '../core/clock.js'
import { errorMessage } from '../core/errors.js'
import type { Logger } from '../core/logger.js'
import type { Settings } from '../core/settings.js'
import { controlFor, type Control } from './control.js'
import { versionsLeft, type SavedFunction } from './ledger.js'
import { MARKER } from './environment.js'
import { restoreFunction, restoreOutcomeLine } from './restore.js'
import { UpdateTiming } from './update-timing.js'
import { deleteLeftVersions } from './version-cleanup.js'

/** A function that could not be set back, and why. */
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

/** What restoreLeft needs besides the saved functions. */
export interface RestoreLeftDeps {
  settings: Settings
  clock: Clock
  log: Logger
  /** Where the stack of an unexpected failure goes (the step's debug log). */
  debug?: (message: string) => void
}

/**
 * Restores every saved function not yet restored and deletes the versions left, with clients of
 * its own. Resolves to what could not be done, one sentence each (none: everything is back).
 */
export async function restoreLeft(all: SavedFunction[], deps: RestoreLeftDeps): Promise<string[]> {
  const left = all.filter((f) => !f.restored)
  const versioned = all.filter(versionsLeft)
  if (left.length === 0 && versioned.length === 0) return []
  const { settings, log } = deps
  const clients = createClients({
    maxSockets: all.length,
    requestTimeoutMs: settings.requestTimeoutMs
  })
  const context = { settings, clock: deps.clock, timing: new UpdateTiming() }
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
          if (line.warning) log.warning(line.text)
          else log.info(line.text)
        } catch (error) {
          if (error instanceof Error && error.stack) deps.debug?.(error.stack)
          notRestored.push({ saved, reason: errorMessage(error) })
        }
      })
    ])
  } finally {
    clients.destroy()
  }
  return [...leftByHand(notRestored), ...versionFailures]
}

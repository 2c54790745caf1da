/**
 * The post step: restores every function the main step left changed (it was cancelled or
 * crashed). Does nothing — not even an AWS call — when main finished cleanly.
 */
import * as core from '@actions/core'
import { createClients } from './aws/clients.js'
import { restoreMemory } from './bench/configure.js'
import { loadSavedFunctions, STATE_KEY, versionsLeft } from './bench/state.js'
import { deleteLeftVersions } from './bench/versions.js'

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
  const clients = createClients({ maxSockets: all.length })
  const failures: string[] = []
  try {
    const log = { info: (m: string) => core.info(m), warning: (m: string) => core.warning(m) }
    // Restoring memory is the guarantee that matters, so it does not wait for the version
    // clean-up (up to the restore deadline per version): both run at once.
    const deletions = versioned.map(async (f) => {
      const failure = await deleteLeftVersions(clients.lambda(f.region), f, log)
      if (failure) failures.push(failure)
    })
    await Promise.all([
      ...deletions,
      ...left.map(async (saved) => {
        try {
          const outcome = await restoreMemory(clients.lambda(saved.region), saved)
          if (outcome === 'conflict') {
            core.warning(
              `${saved.functionName} was changed by someone else meanwhile, so it was left as they set it; its original memory was ${saved.originalMemorySize} MB`
            )
          } else if (outcome === 'gone') {
            core.warning(`${saved.functionName} no longer exists; nothing to restore`)
          } else if (outcome === 'unchanged') {
            core.info(
              `${saved.functionName}: already at its original ${saved.originalMemorySize} MB`
            )
          } else {
            core.info(`${saved.functionName}: memory back at ${saved.originalMemorySize} MB`)
          }
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

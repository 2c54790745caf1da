/**
 * `lambda-memory-benchmark restore`: what the action's post step does, for runs of the CLI that
 * were killed (or crashed) after a change: each state file left in the state directory is
 * restored with the post step's own code (configure/restore-left.ts), then removed. A file
 * whose run is still going is left alone, unless --force (its process id was reused).
 */
import { loadSavedFunctions } from '../configure/ledger.js'
import { restoreLeft } from '../configure/restore-left.js'
import { systemClock } from '../core/clock.js'
import type { Logger } from '../core/logger.js'
import { readSettings } from '../core/settings.js'
import { findStates, removeState, stateDirectory } from './state-file.js'
import { paintFor, UsageError, type Io } from './terminal.js'

/** The restore command's flags. */
export interface RestoreOptions {
  profile?: string
  force: boolean
}

/** Restores what killed runs left; resolves to the exit code (1: something is left to do by hand). */
export async function restoreCommand(options: RestoreOptions, io: Io): Promise<number> {
  const { settings, problems } = readSettings(io.env)
  if (problems.length > 0) throw new UsageError(problems)
  if (options.profile) io.env.AWS_PROFILE = options.profile
  const paint = paintFor(io.stdout, io.env)
  const say = (line: string): void => void io.stdout.write(`${line}\n`)
  const log: Logger = { info: say, warning: (m) => say(paint('yellow', `warning: ${m}`)) }
  const directory = stateDirectory(io.env)
  const found = findStates(directory)
  const ended = options.force ? [...found.ended, ...found.running] : found.ended
  if (!options.force) {
    for (const { path, state } of found.running) {
      log.warning(
        `left ${path} alone: the run that wrote it (process ${state.pid}, started ${state.startedAt} in ${state.cwd}) is still going; stop it first, or give --force if that process is not a benchmark`
      )
    }
  }
  for (const path of found.unreadable) {
    log.warning(`${path} is not a state file of this tool; delete it if no run is going`)
  }
  if (ended.length === 0) {
    say(`Nothing to restore: no state file of a run that ended in ${directory}`)
    return found.unreadable.length > 0 ? 1 : 0
  }
  let failed = false
  for (const { path, state } of ended) {
    const saved = loadSavedFunctions(state.functions)
    say(
      `Restoring the functions of the run started ${state.startedAt} in ${state.cwd}: ${saved.map((f) => f.functionName).join(', ') || 'none'}`
    )
    const failures = await restoreLeft(saved, { settings, clock: systemClock, log })
    if (failures.length === 0) {
      removeState(path)
      continue
    }
    failed = true
    for (const failure of failures) say(paint('red', failure))
    say(`${path} is kept: run \`lambda-memory-benchmark restore\` again once that is fixed`)
  }
  if (!failed) say('Every function is back as it was')
  return failed ? 1 : 0
}

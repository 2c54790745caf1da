/**
 * The CLI's state file: what the action saves with core.saveState for its post step (the
 * ledger's JSON, written before the first change and after every change), written to a file
 * instead, so that `lambda-memory-benchmark restore` can put back what a killed run left.
 *
 * One file per run, in a directory of the user's (not the working directory: a restore from
 * any directory finds it), removed once everything is back. Each file names the process that
 * wrote it, so a restore never touches a run that is still going.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

/** What a state file holds. */
interface RunState {
  pid: number
  startedAt: string
  /** Where the run was started, to say which run a file belongs to. */
  cwd: string
  /** The ledger's JSON (RestoreLedger's `save`), as the post step reads STATE_functions. */
  functions: string
}

/** A state file found by `restore`. */
export interface FoundState {
  path: string
  state: RunState
}

/**
 * `$LMB_STATE_DIR`, else `$XDG_STATE_HOME/lambda-memory-benchmark`, else
 * `~/.local/state/lambda-memory-benchmark`.
 */
export function stateDirectory(env: NodeJS.ProcessEnv): string {
  if (env.LMB_STATE_DIR) return env.LMB_STATE_DIR
  const base = env.XDG_STATE_HOME || join(homedir(), '.local', 'state')
  return join(base, 'lambda-memory-benchmark')
}

/** The state file of this run: written through, synchronously, as core.saveState is. */
export class StateFile {
  readonly path: string
  private written = false

  constructor(
    private readonly directory: string,
    private readonly startedAt = new Date()
  ) {
    const stamp = startedAt.toISOString().replace(/[:.]/g, '-')
    this.path = join(directory, `run-${stamp}-${process.pid}.json`)
  }

  /** Saves the ledger's JSON before the change it precedes is made (rename: never half a file). */
  save(functions: string): void {
    if (!this.written) mkdirSync(this.directory, { recursive: true })
    const state: RunState = {
      pid: process.pid,
      startedAt: this.startedAt.toISOString(),
      cwd: process.cwd(),
      functions
    }
    const temp = `${this.path}.tmp`
    writeFileSync(temp, JSON.stringify(state, null, 2) + '\n')
    renameSync(temp, this.path)
    this.written = true
  }

  /** Removes the file: nothing is left to restore. */
  remove(): void {
    if (this.written) rmSync(this.path, { force: true })
  }
}

/** True while process `pid` runs (EPERM: it runs as someone else). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * The state files of `directory`, split into those of runs that ended (to restore) and of runs
 * still going (left alone); an unreadable file is named in `unreadable`.
 */
export function findStates(directory: string): {
  ended: FoundState[]
  running: FoundState[]
  unreadable: string[]
} {
  const found = {
    ended: [] as FoundState[],
    running: [] as FoundState[],
    unreadable: [] as string[]
  }
  let names: string[]
  try {
    names = readdirSync(directory)
  } catch {
    return found
  }
  for (const name of names.filter((n) => /^run-.*\.json$/.test(n)).sort()) {
    const path = join(directory, name)
    try {
      const state = JSON.parse(readFileSync(path, 'utf8')) as RunState
      if (typeof state.functions !== 'string' || typeof state.pid !== 'number') throw new Error()
      const alive = state.pid !== process.pid && running(state.pid)
      ;(alive ? found.running : found.ended).push({ path, state })
    } catch {
      found.unreadable.push(path)
    }
  }
  return found
}

/** Removes a state file whose functions are all back. */
export function removeState(path: string): void {
  rmSync(path, { force: true })
}

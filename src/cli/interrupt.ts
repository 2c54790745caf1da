/**
 * Ctrl-C (SIGINT) and SIGTERM during a run: the first stops new invocations (the benchmark's
 * AbortSignal), and the run goes on to restore every function and write the partial results;
 * any later one is ignored, with a line saying why, since cutting the restore short would
 * leave functions at a benchmark size.
 */
import { constants } from 'node:os'

/** Listens until `stop`; `received` is the first signal, if any. */
export interface Interrupts {
  received(): NodeJS.Signals | undefined
  stop(): void
}

/** Listens for SIGINT and SIGTERM on behalf of `controller`; `say` prints a line. */
export function onInterrupt(
  controller: AbortController,
  say: (line: string) => void,
  first: () => void
): Interrupts {
  let signal: NodeJS.Signals | undefined
  const what = (s: NodeJS.Signals): string => (s === 'SIGINT' ? 'Ctrl-C' : s)
  const handler = (s: NodeJS.Signals): void => {
    if (signal === undefined) {
      signal = s
      first()
      say(
        `${what(s)}: no new invocations; restoring every function and writing the partial results`
      )
      controller.abort()
    } else {
      say(
        `${what(s)} again: ignored, the restore is running (functions would be left changed); Ctrl-\\ kills it, and \`lambda-memory-benchmark restore\` then puts them back`
      )
    }
  }
  process.on('SIGINT', handler)
  process.on('SIGTERM', handler)
  return {
    received: () => signal,
    stop() {
      process.off('SIGINT', handler)
      process.off('SIGTERM', handler)
    }
  }
}

/** The shell's exit code for a run ended by `signal`: 128 + its number (Ctrl-C: 130). */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + constants.signals[signal]
}

/** When test/runner.ts sends a signal to the main step: conditions on what it has done so far. */
import type { ChildProcess } from 'node:child_process'

/**
 * A signal sent to the main step once what the test waits for has happened: every pattern of
 * `whenOutput` found in its stdout so far and `when` resolved (e.g. the emulator's journal shows
 * the calls the test needs), then `afterMs` later. Without either condition `afterMs` counts
 * from the start (of the step, or of the first signal for `second`): a guess at how far the
 * step has got, which a busy machine can make wrong — prefer a condition.
 */
export interface SignalSpec {
  /** SIGKILL: a runner that dies without a chance to restore (the post step must). */
  name: 'SIGTERM' | 'SIGINT' | 'SIGKILL'
  /** Each is looked for in the whole stdout so far, in any order. */
  whenOutput?: RegExp[]
  when?: Promise<unknown>
  /** Default 0. */
  afterMs?: number
}

/**
 * Sends `spec` to `child` once its conditions hold; resolves to whether it was sent (not when
 * the child had already exited). `output` gives the stdout so far; `onOutput` registers a
 * listener called on each chunk of it.
 */
export function sendWhen(
  child: ChildProcess,
  spec: SignalSpec,
  output: () => string,
  onOutput: (listener: () => void) => void,
  timers: NodeJS.Timeout[]
): Promise<boolean> {
  const patterns = [...(spec.whenOutput ?? [])]
  const seen = new Promise<void>((resolve) => {
    const check = (): void => {
      for (let i = patterns.length - 1; i >= 0; i--) {
        if (output().search(patterns[i]) >= 0) patterns.splice(i, 1)
      }
      if (patterns.length === 0) resolve()
    }
    onOutput(check)
    check()
  })
  return Promise.all([seen, spec.when])
    .then(() => new Promise((r) => timers.push(setTimeout(r, spec.afterMs ?? 0))))
    .then(() => child.exitCode === null && child.signalCode === null && child.kill(spec.name))
}

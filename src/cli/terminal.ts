/**
 * What the CLI writes to, and how: stdout for the report, stderr for everything else, colours
 * only on a terminal and never with NO_COLOR (https://no-color.org) or TERM=dumb.
 */
import { styleText } from 'node:util'
import type { ProgressStream } from './progress.js'
import type { Paint } from './text-report.js'

/** The process's streams and environment, as index.ts passes them (tests pass their own). */
export interface Io {
  stdout: ProgressStream
  stderr: ProgressStream
  env: NodeJS.ProcessEnv
}

/** How to style text on `stream`. */
export function paintFor(stream: ProgressStream, env: NodeJS.ProcessEnv): Paint {
  const colours = stream.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb'
  // The decision is made here, once, for the stream written to (styleText would look at stdout).
  return colours
    ? (style, text) => styleText(style, text, { validateStream: false })
    : (_, text) => text
}

/** A usage error: the message names the flag and the value; exit 2 and no AWS call. */
export class UsageError extends Error {
  readonly problems: readonly string[]
  constructor(problems: readonly string[]) {
    super(problems.join('\n'))
    this.name = 'UsageError'
    this.problems = problems
  }
}

/**
 * Runs the bundled command line (`dist/cli/index.js`) with plain `node`, as a user's shell
 * does, in a fresh working directory and state directory, optionally sending signals (Ctrl-C)
 * once the test's conditions hold.
 *
 * As test/runner.ts does, the child never inherits the developer's AWS_* variables or ~/.aws:
 * only what this file sets and `options.env`; an endpoint left unset points at a closed loopback
 * port, so nothing can reach real AWS.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { REPO_ROOT } from './runner-files.js'
import { sendWhen, type SignalSpec } from './runner-signals.js'

const CLI = join(REPO_ROOT, 'dist', 'cli', 'index.js')

export interface CliOptions {
  /** Extra environment (AWS_ENDPOINT_URL, …); wins over the defaults. */
  env?: Record<string, string>
  /** Working directory; default: a fresh temp dir. */
  cwd?: string
  /** State directory (LMB_STATE_DIR); default: a fresh temp dir. */
  stateDir?: string
  /** Signals, their conditions read on stderr (where the progress goes); `second` after the first. */
  signal?: SignalSpec & { second?: SignalSpec }
  /** The run is killed (and the call rejects) past this. Default 60 s. */
  timeoutMs?: number
}

export interface CliResult {
  exitCode: number | null
  signal: string | null
  stdout: string
  stderr: string
  cwd: string
  stateDir: string
}

const INHERITED = ['PATH', 'HOME', 'USER', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR']

/** Runs `lambda-memory-benchmark ...args`. */
export async function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build it first with \`npm run bundle\``)
  const cwd = options.cwd ?? (await mkdtemp(join(tmpdir(), 'cli-')))
  const stateDir = options.stateDir ?? (await mkdtemp(join(tmpdir(), 'cli-state-')))
  const env: Record<string, string> = {}
  for (const key of INHERITED) {
    const value = process.env[key]
    if (value !== undefined) env[key] = value
  }
  Object.assign(env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    AWS_CONFIG_FILE: join(stateDir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(stateDir, 'no-aws-credentials'),
    LMB_STATE_DIR: stateDir,
    ...options.env
  })
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  const listeners: (() => void)[] = []
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d
    for (const listener of listeners) listener()
  })
  const timers: NodeJS.Timeout[] = []
  const sent: string[] = []
  const { signal } = options
  if (signal) {
    const send = async (spec: SignalSpec): Promise<boolean> => {
      const ok = await sendWhen(
        child,
        spec,
        () => stderr,
        (l) => listeners.push(l),
        timers
      )
      if (ok) sent.push(spec.name)
      return ok
    }
    send(signal)
      .then((ok) => ok && signal.second && send(signal.second))
      .catch(() => undefined)
  }
  let timedOut = false
  const timeoutMs = options.timeoutMs ?? 60_000
  timers.push(
    setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeoutMs)
  )
  const [exitCode, exitSignal] = await new Promise<[number | null, string | null]>((done, fail) => {
    child.on('error', fail)
    child.on('close', (code, sig) => done([code, sig]))
  })
  timers.forEach(clearTimeout)
  const logs = `--- stdout ---\n${stdout.slice(-4000)}\n--- stderr ---\n${stderr.slice(-4000)}`
  if (timedOut) throw new Error(`the CLI still ran after ${timeoutMs} ms; killed.\n${logs}`)
  const wanted = signal ? [signal, ...(signal.second ? [signal.second] : [])] : []
  if (sent.length < wanted.length) {
    throw new Error(`the CLI ended before ${wanted[sent.length].name} was sent.\n${logs}`)
  }
  return { exitCode, signal: exitSignal, stdout, stderr, cwd, stateDir }
}

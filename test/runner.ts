/**
 * Runs the built action (`dist/index.js`, then `dist/post/index.js`) the way the Actions runner
 * does: `INPUT_*` variables with action.yml's defaults, an event payload file, the
 * GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY / GITHUB_ENV files, `STATE_*` for the post
 * step, and optionally the signals of a cancelled workflow.
 *
 * The child never inherits the developer's AWS_* or GITHUB_* variables (nor proxies, nor
 * ~/.aws): only what this file sets and `options.env`. Endpoints left unset point at a closed
 * loopback port, so nothing can ever reach real AWS or github.com.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Results } from '../src/model/results.js'
import {
  actionInputs,
  deepMerge,
  eventPayload,
  inputVariable,
  isPlainObject,
  parseCommandFile,
  REPO_ROOT,
  type EventName
} from './runner-files.js'
import { sendWhen, type SignalSpec } from './runner-signals.js'

export {
  actionInputs,
  inputVariable,
  parseCommandFile,
  REPO_ROOT,
  type EventName
} from './runner-files.js'

const MAIN = join(REPO_ROOT, 'dist', 'index.js')
const POST = join(REPO_ROOT, 'dist', 'post', 'index.js')
/** Port 9 (discard) on loopback: nothing listens, so a stray call fails fast and locally. */
const NOWHERE = 'http://127.0.0.1:9'

export interface RunOptions {
  /** Action inputs by their action.yml name, e.g. `{ functions: 'a,b', 'memory-sizes': '128,256' }`. */
  inputs: Record<string, string>
  /** Extra environment (AWS_ENDPOINT_URL, GITHUB_API_URL, GITHUB_TOKEN, …); wins over the defaults. */
  env?: Record<string, string>
  /**
   * The triggering event. Default: `push` (no pull request, so no comment call).
   * `payload` is deep-merged over a realistic payload; `prNumber` defaults to 1.
   */
  event?: { name: EventName; payload?: object; prNumber?: number }
  /**
   * The signals of a cancelled workflow; `second` waits for its conditions only once the first
   * is sent. A step that ends before a signal with conditions was sent makes runAction reject.
   */
  signal?: SignalSpec & { second?: SignalSpec }
  /** Run the post step after main (default true), as `post-if: always()` does. */
  post?: boolean
  /** Workspace and working directory; default: a fresh temp dir. */
  cwd?: string
  /** Per step; a step still running then is killed and runAction rejects. Default 60 s. */
  timeoutMs?: number
  /** Other scripts instead of dist/ (absolute paths): for testing this runner itself. */
  entry?: { main: string; post: string }
  /**
   * The runner's artifact service, as a job sees it: `url` becomes ACTIONS_RESULTS_URL and
   * `token` ACTIONS_RUNTIME_TOKEN (e.g. the GitHub stand-in's `artifacts.runtime(backendId)`).
   * Unset (the default), neither is set: a runner without an artifact service.
   */
  artifacts?: { url: string; token: string }
}

interface StepResult {
  exitCode: number | null
  signal: string | null
  stdout: string
  stderr: string
}

export interface RunResult {
  exitCode: number | null
  signal: string | null
  post?: { exitCode: number | null; stdout: string; stderr: string }
  /** Parsed from the main step's GITHUB_OUTPUT (heredoc and name=value forms). */
  outputs: Record<string, string>
  /** Parsed from the main step's GITHUB_STATE. */
  state: Record<string, string>
  /** GITHUB_STEP_SUMMARY of the main step, then of the post step. */
  summary: string
  /** Parsed from GITHUB_ENV (both steps). */
  env: Record<string, string>
  stdout: string
  stderr: string
  /** The cwd used (the results file lands here). */
  workspace: string
  /** Main step plus post step, ms. */
  durationMs: number
  /** The payload written to GITHUB_EVENT_PATH. */
  event: object
}

/** Only these are taken from the developer's environment; everything else is set here. */
const INHERITED = ['PATH', 'HOME', 'USER', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'SYSTEMROOT']

async function runStep(
  script: string,
  env: Record<string, string>,
  cwd: string,
  timeoutMs: number,
  signal?: RunOptions['signal']
): Promise<StepResult> {
  const child = spawn(process.execPath, [script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  const listeners: (() => void)[] = []
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d
    for (const listener of listeners) listener()
  })
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  const timers: NodeJS.Timeout[] = []
  let timedOut = false
  const sent: string[] = []
  if (signal) {
    const send = async (spec: SignalSpec): Promise<boolean> => {
      const ok = await sendWhen(
        child,
        spec,
        () => stdout,
        (l) => listeners.push(l),
        timers
      )
      if (ok) sent.push(spec.name)
      return ok
    }
    // A `when` that rejects sends nothing: the step then ends unsignalled and runAction says so.
    send(signal)
      .then((ok) => ok && signal.second && send(signal.second))
      .catch(() => undefined)
  }
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
  if (timedOut) throw new Error(`${script} still running after ${timeoutMs} ms; killed.\n${logs}`)
  const wanted = signal ? [signal, ...(signal.second ? [signal.second] : [])] : []
  if (sent.length < wanted.length) {
    throw new Error(
      `${script} ended before ${wanted[sent.length].name} was sent: its conditions never held.\n${logs}`
    )
  }
  return { exitCode, signal: exitSignal, stdout, stderr }
}

async function readIfAny(path: string): Promise<string> {
  return readFile(path, 'utf8').catch(() => '')
}

/** Runs the main step and (by default) the post step of the built action. */
export async function runAction(options: RunOptions): Promise<RunResult> {
  const started = Date.now()
  const scripts = options.entry ?? { main: MAIN, post: POST }
  if (!existsSync(scripts.main)) {
    throw new Error(`${scripts.main} is missing: build the action first with \`npm run bundle\``)
  }
  const runner = await mkdtemp(join(tmpdir(), 'runner-'))
  const workspace = options.cwd ?? (await mkdtemp(join(tmpdir(), 'workspace-')))
  const temp = join(runner, 'temp')
  await mkdir(temp, { recursive: true })
  const extra = options.env ?? {}
  const repository = extra.GITHUB_REPOSITORY ?? 'octo-org/octo-repo'
  const [owner, repo] = repository.split('/')
  const event = options.event ?? { name: 'push' as const }
  const prNumber = event.prNumber ?? 1
  const base = eventPayload(event.name, owner, repo, prNumber) as Record<string, unknown>
  const payload = isPlainObject(event.payload) ? deepMerge(base, event.payload) : base
  const eventPath = join(runner, 'event.json')
  await writeFile(eventPath, JSON.stringify(payload, null, 2))
  const isPr = event.name === 'pull_request' || event.name === 'pull_request_target'

  const env: Record<string, string> = {}
  for (const key of INHERITED) {
    const value = process.env[key]
    if (value !== undefined) env[key] = value
  }
  Object.assign(env, {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION: '__run',
    GITHUB_ACTION_PATH: REPO_ROOT,
    GITHUB_ACTOR: 'octocat',
    GITHUB_API_URL: NOWHERE,
    GITHUB_GRAPHQL_URL: `${NOWHERE}/graphql`,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_JOB: 'benchmark',
    GITHUB_REF: isPr ? `refs/pull/${prNumber}/merge` : 'refs/heads/main',
    GITHUB_REF_NAME: isPr ? `${prNumber}/merge` : 'main',
    GITHUB_HEAD_REF: isPr ? 'feature' : '',
    GITHUB_BASE_REF: isPr ? 'main' : '',
    GITHUB_REPOSITORY: repository,
    GITHUB_REPOSITORY_OWNER: owner,
    GITHUB_RUN_ID: '1658821493',
    GITHUB_RUN_NUMBER: '42',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SHA: 'a'.repeat(40),
    GITHUB_WORKFLOW: 'Benchmark',
    GITHUB_WORKSPACE: workspace,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'GitHub Actions 2',
    RUNNER_TEMP: temp,
    RUNNER_TOOL_CACHE: join(runner, 'toolcache'),
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL: NOWHERE,
    // Keep the developer's ~/.aws (profiles, regions, endpoints) out of the child.
    AWS_CONFIG_FILE: join(runner, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(runner, 'aws-credentials')
  })
  if (options.artifacts) {
    env.ACTIONS_RESULTS_URL = options.artifacts.url
    env.ACTIONS_RUNTIME_TOKEN = options.artifacts.token
  }
  Object.assign(env, extra)
  for (const input of actionInputs()) {
    let value = input.default ?? ''
    if (/^\$\{\{\s*github\.token\s*\}\}$/.test(value)) value = env.GITHUB_TOKEN ?? ''
    env[inputVariable(input.name)] = value
  }
  for (const [name, value] of Object.entries(options.inputs)) env[inputVariable(name)] = value

  const stepFiles = (step: string) => ({
    GITHUB_OUTPUT: join(runner, `${step}-output`),
    GITHUB_STATE: join(runner, `${step}-state`),
    GITHUB_STEP_SUMMARY: join(runner, `${step}-summary.md`),
    GITHUB_ENV: join(runner, `${step}-env`),
    GITHUB_PATH: join(runner, `${step}-path`)
  })
  const timeoutMs = options.timeoutMs ?? 60_000
  const mainFiles = stepFiles('main')
  await Promise.all(Object.values(mainFiles).map((f) => writeFile(f, '')))
  const main = await runStep(
    scripts.main,
    { ...env, ...mainFiles },
    workspace,
    timeoutMs,
    options.signal
  )
  const state = parseCommandFile(await readIfAny(mainFiles.GITHUB_STATE))
  let summary = await readIfAny(mainFiles.GITHUB_STEP_SUMMARY)
  const envFile = parseCommandFile(await readIfAny(mainFiles.GITHUB_ENV))

  let post: RunResult['post']
  if (options.post !== false) {
    const postFiles = stepFiles('post')
    await Promise.all(Object.values(postFiles).map((f) => writeFile(f, '')))
    const stateVars = Object.fromEntries(
      Object.entries(state).map(([name, value]) => [`STATE_${name}`, value])
    )
    // GITHUB_ENV written by the main step is seen by later steps, the post step included.
    const postEnv = { ...env, ...envFile, ...stateVars, ...postFiles }
    const ran = await runStep(scripts.post, postEnv, workspace, timeoutMs)
    post = { exitCode: ran.exitCode, stdout: ran.stdout, stderr: ran.stderr }
    summary += await readIfAny(postFiles.GITHUB_STEP_SUMMARY)
    Object.assign(envFile, parseCommandFile(await readIfAny(postFiles.GITHUB_ENV)))
  }

  const outputs = parseCommandFile(await readIfAny(mainFiles.GITHUB_OUTPUT))
  await rm(runner, { recursive: true, force: true })
  return {
    exitCode: main.exitCode,
    signal: main.signal,
    post,
    outputs,
    state,
    summary,
    env: envFile,
    stdout: main.stdout,
    stderr: main.stderr,
    workspace,
    durationMs: Date.now() - started,
    event: payload
  }
}

/** The results file a run wrote at the default `results-file` path in its workspace. */
export async function resultsOf(run: { workspace: string }): Promise<Results> {
  return JSON.parse(
    await readFile(join(run.workspace, 'lambda-benchmark-results.json'), 'utf8')
  ) as Results
}

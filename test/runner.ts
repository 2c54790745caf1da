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
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Results } from '../src/model/results.js'

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const MAIN = join(REPO_ROOT, 'dist', 'index.js')
const POST = join(REPO_ROOT, 'dist', 'post', 'index.js')
/** Port 9 (discard) on loopback: nothing listens, so a stray call fails fast and locally. */
const NOWHERE = 'http://127.0.0.1:9'

export type EventName =
  'pull_request' | 'pull_request_target' | 'push' | 'workflow_dispatch' | 'schedule'

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
   * Sends `name` to the main step `afterMs` after it started (a cancelled workflow); `second`
   * is sent `second.afterMs` after the first signal.
   */
  signal?: {
    name: 'SIGTERM' | 'SIGINT'
    afterMs: number
    second?: { name: 'SIGTERM' | 'SIGINT'; afterMs: number }
  }
  /** Run the post step after main (default true), as `post-if: always()` does. */
  post?: boolean
  /** Workspace and working directory; default: a fresh temp dir. */
  cwd?: string
  /** Per step; a step still running then is killed and runAction rejects. Default 60 s. */
  timeoutMs?: number
  /** Other scripts instead of dist/ (absolute paths): for testing this runner itself. */
  entry?: { main: string; post: string }
}

export interface StepResult {
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

interface InputSpec {
  name: string
  default?: string
}

/** Reads action.yml's inputs and defaults (a simple reader: the file is ours). */
export function actionInputs(
  yaml = readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')
): InputSpec[] {
  const inputs: InputSpec[] = []
  let inInputs = false
  for (const line of yaml.split(/\r?\n/)) {
    if (/^\S/.test(line)) inInputs = /^inputs:\s*$/.test(line)
    if (!inInputs) continue
    const name = /^ {2}([\w-]+):\s*$/.exec(line)
    if (name) inputs.push({ name: name[1] })
    const value = /^ {4}default:\s*(.*)$/.exec(line)
    if (value && inputs.length > 0) inputs[inputs.length - 1].default = unquote(value[1].trim())
  }
  return inputs
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) {
    return value.slice(1, -1).replace(/''/g, "'")
  }
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return JSON.parse(value) as string
  }
  return value
}

/** `@actions/core`'s rule: `INPUT_` + name with spaces as `_`, upper-cased; hyphens kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/** Parses a GITHUB_OUTPUT / GITHUB_STATE / GITHUB_ENV file: `name<<DELIM` heredocs and `name=value`. */
export function parseCommandFile(text: string): Record<string, string> {
  const values: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '')
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, delimiter] = heredoc
      const body: string[] = []
      for (i++; i < lines.length && lines[i].replace(/\r$/, '') !== delimiter; i++) {
        body.push(lines[i])
      }
      values[name] = body.join('\n')
      continue
    }
    const eq = line.indexOf('=')
    if (eq > 0) values[line.slice(0, eq)] = line.slice(eq + 1)
  }
  return values
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function deepMerge(
  base: Record<string, unknown>,
  over: Record<string, unknown>
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(over)) {
    out[key] = isPlainObject(value) && isPlainObject(out[key]) ? deepMerge(out[key], value) : value
  }
  return out
}

/** A payload shaped like the webhook GitHub writes to GITHUB_EVENT_PATH. */
export function eventPayload(name: EventName, owner: string, repo: string, prNumber = 1): object {
  const full = `${owner}/${repo}`
  const sender = { login: 'octocat', id: 583231, type: 'User' }
  const repository = {
    id: 123456789,
    name: repo,
    full_name: full,
    private: false,
    owner: { login: owner, id: 9919, type: 'Organization' },
    html_url: `https://github.com/${full}`,
    default_branch: 'main'
  }
  const sha = 'a'.repeat(40)
  switch (name) {
    case 'pull_request':
    case 'pull_request_target':
      return {
        action: 'synchronize',
        number: prNumber,
        pull_request: {
          number: prNumber,
          state: 'open',
          title: 'Make the handler faster',
          html_url: `https://github.com/${full}/pull/${prNumber}`,
          user: sender,
          head: { ref: 'feature', sha: 'b'.repeat(40), repo: { full_name: full } },
          base: { ref: 'main', sha, repo: { full_name: full } }
        },
        repository,
        sender
      }
    case 'push':
      return {
        ref: 'refs/heads/main',
        before: '0'.repeat(40),
        after: sha,
        head_commit: { id: sha, message: 'Update handler' },
        pusher: { name: 'octocat' },
        repository,
        sender
      }
    case 'workflow_dispatch':
      return {
        inputs: {},
        ref: 'refs/heads/main',
        workflow: '.github/workflows/bench.yml',
        repository,
        sender
      }
    case 'schedule':
      return { schedule: '0 3 * * 1', workflow: '.github/workflows/bench.yml', repository }
  }
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
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  const timers: NodeJS.Timeout[] = []
  let timedOut = false
  if (signal) {
    timers.push(
      setTimeout(() => {
        child.kill(signal.name)
        const second = signal.second
        if (second) timers.push(setTimeout(() => child.kill(second.name), second.afterMs))
      }, signal.afterMs)
    )
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
  if (timedOut) {
    throw new Error(
      `${script} still running after ${timeoutMs} ms; killed.\n--- stdout ---\n${stdout.slice(-4000)}\n--- stderr ---\n${stderr.slice(-4000)}`
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

/**
 * The failures a user causes or meets, through the built action (dist/) as a workflow runs it:
 * a bad GitHub token, GitHub out of reach, no AWS credentials, expired ones (from the start, and
 * mid-run, with the post step after), an AWS endpoint that refuses connections, and a results
 * file in a directory the job may not write. Each ends the step with exactly one `::error::`
 * line: one sentence naming what failed and what to do — no stack frame, no "Error:" prefix, no
 * JSON — and any stack only in `::debug::` lines. Needs `npm run bundle` first.
 *
 * Everything stays on loopback. A name that does not resolve is not among them: the resolver
 * would ask the machine's DNS server; test/unit/error-messages-*.test.ts build that error as
 * Node and Octokit do. The emulator has no expired-credentials fault, so a small server here
 * answers as Lambda does (403, `x-amzn-ErrorType: ExpiredTokenException`), alone or in front
 * of the emulator.
 */
import { access, chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import {
  createServer,
  request,
  type IncomingMessage,
  type Server,
  type ServerResponse
} from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Emulator, FunctionSpec } from '../emulator/index.js'
import { startEmulator } from '../emulator/index.js'
import type { GitHubStandIn } from '../github/index.js'
import { startGitHub } from '../github/index.js'
import { resultsOf, runAction, type RunResult } from '../runner.js'

const ORDERS: FunctionSpec = {
  name: 'orders',
  memorySize: 256,
  timeout: 30,
  updateDelayMs: 20,
  model: { cpuMs: 100 }
}
const INPUTS = {
  functions: 'orders',
  'memory-sizes': '128,512',
  invocations: '3',
  concurrency: '1'
}
const PR = 4
/** Port 2 on loopback: nothing listens there, and fetch does not refuse it (it does port 9). */
const REFUSED_GITHUB = 'http://127.0.0.1:2'
/** Port 9 on loopback: nothing listens; the AWS SDK (node:http) connects, and is refused. */
const REFUSED_AWS = 'http://127.0.0.1:9'
const EXPIRED = 'The security token included in the request is expired'

/** Answers every request as Lambda answers expired credentials, or forwards it until `expire`. */
interface ExpiringAws {
  url: string
  /** Requests answered as expired. */
  refused: number
  stop(): Promise<void>
}

function answerExpired(req: IncomingMessage, res: ServerResponse): void {
  req.resume()
  req.on('end', () => {
    res.writeHead(403, {
      'content-type': 'application/json',
      'x-amzn-requestid': 'f0e1d2c3-0000-4000-8000-000000000000',
      'x-amzn-errortype':
        'ExpiredTokenException:http://internal.amazon.com/coral/com.amazon.coral.service/'
    })
    res.end(JSON.stringify({ message: EXPIRED }))
  })
}

/**
 * Expired from the start (`upstream` undefined), or a proxy to `upstream` whose credentials
 * expire once the first Invoke has gone through: a benchmark that outlasts its session.
 */
async function expiringAws(upstream?: string): Promise<ExpiringAws> {
  let expired = upstream === undefined
  const handle = {
    url: '',
    refused: 0,
    stop: () => new Promise<void>((done) => server.close(() => done()))
  }
  const server: Server = createServer((req, res) => {
    if (expired || upstream === undefined) {
      handle.refused++
      answerExpired(req, res)
      return
    }
    if (/\/invocations$/.test(req.url ?? '')) expired = true
    const to = new URL(upstream)
    const forward = request(
      { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      }
    )
    forward.on('error', () => res.destroy())
    req.pipe(forward)
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  handle.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return handle
}

/**
 * A directory this process may not write in: one of its own made read-only (enough unless it
 * runs as root), else /sys (which refuses new files to root as well). Checked, not assumed.
 */
async function unwritableDirectory(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const own = await mkdtemp(join(tmpdir(), 'read-only-'))
  await chmod(own, 0o555)
  const cleanup = async () => {
    await chmod(own, 0o755)
    await rm(own, { recursive: true, force: true })
  }
  for (const dir of [own, '/sys']) {
    const probe = join(dir, `probe-${process.pid}`)
    const written = await writeFile(probe, '').then(
      () => true,
      () => false
    )
    if (!written) return { dir, cleanup }
    await rm(probe, { force: true })
  }
  await cleanup()
  throw new Error('no directory here refuses a new file to this process; cannot run this test')
}

const emulators: Emulator[] = []
let gitHub: GitHubStandIn
const expiring: ExpiringAws[] = []
let cleanUp: () => Promise<void> = async () => {}

async function emulator(seed: number): Promise<Emulator> {
  const emu = await startEmulator({ timeScale: 0, seed, functions: [ORDERS] })
  emulators.push(emu)
  return emu
}

interface Case {
  run: RunResult
  emu?: Emulator
}
const cases: Record<string, Case> = {}
let lockedPath: string

beforeAll(async () => {
  gitHub = await startGitHub()
  const [badToken, unreachable, noCredentials, refused, locked, midRun] = await Promise.all(
    [1, 2, 3, 4, 5, 6].map(emulator)
  )
  const expiredFromStart = await expiringAws()
  const expiresMidRun = await expiringAws(midRun.url)
  expiring.push(expiredFromStart, expiresMidRun)
  const lockedDir = await unwritableDirectory()
  cleanUp = lockedDir.cleanup
  lockedPath = join(lockedDir.dir, 'lambda-benchmark-results.json')
  const onPr = { name: 'pull_request' as const, prNumber: PR }

  const scenarios: Record<string, () => Promise<Case>> = {
    badToken: async () => ({
      emu: badToken,
      run: await runAction({
        inputs: INPUTS,
        env: {
          AWS_ENDPOINT_URL: badToken.url,
          GITHUB_API_URL: gitHub.url,
          GITHUB_TOKEN: 'ghp_revoked0000000000000000000000000000'
        },
        event: onPr
      })
    }),
    gitHubUnreachable: async () => ({
      emu: unreachable,
      run: await runAction({
        inputs: INPUTS,
        env: {
          AWS_ENDPOINT_URL: unreachable.url,
          GITHUB_API_URL: REFUSED_GITHUB,
          GITHUB_TOKEN: gitHub.tokens.actions
        },
        event: onPr
      })
    }),
    noCredentials: async () => ({
      emu: noCredentials,
      run: await runAction({
        inputs: INPUTS,
        env: {
          AWS_ENDPOINT_URL: noCredentials.url,
          AWS_ACCESS_KEY_ID: '',
          AWS_SECRET_ACCESS_KEY: ''
        }
      })
    }),
    expired: async () => ({
      run: await runAction({
        inputs: INPUTS,
        env: {
          AWS_ENDPOINT_URL: expiredFromStart.url,
          AWS_SESSION_TOKEN: 'IQoJb3JpZ2luX2VjEXAMPLE'
        }
      })
    }),
    expiresMidRun: async () => ({
      emu: midRun,
      run: await runAction({
        inputs: INPUTS,
        env: { AWS_ENDPOINT_URL: expiresMidRun.url, AWS_SESSION_TOKEN: 'IQoJb3JpZ2luX2VjEXAMPLE' }
      })
    }),
    awsRefused: async () => ({
      emu: refused,
      run: await runAction({ inputs: INPUTS, env: { AWS_ENDPOINT_URL: REFUSED_AWS } })
    }),
    resultsFileLocked: async () => ({
      emu: locked,
      run: await runAction({
        inputs: { ...INPUTS, 'results-file': lockedPath },
        env: {
          AWS_ENDPOINT_URL: locked.url,
          GITHUB_API_URL: gitHub.url,
          GITHUB_TOKEN: gitHub.tokens.actions
        },
        event: onPr
      })
    })
  }
  const done = await Promise.all(
    Object.entries(scenarios).map(async ([name, scenario]) => [name, await scenario()] as const)
  )
  for (const [name, result] of done) cases[name] = result
}, 120_000)

afterAll(async () => {
  await Promise.all([
    ...emulators.map((e) => e.stop()),
    ...expiring.map((e) => e.stop()),
    gitHub?.stop(),
    cleanUp()
  ])
})

/** The `::error::` lines of a step's output, as the runner would read them (decoded). */
function errorsOf(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('::error::'))
    .map((line) =>
      line
        .slice('::error::'.length)
        .replace(/%0A/g, '\n')
        .replace(/%0D/g, '\r')
        .replace(/%25/g, '%')
    )
}

/**
 * The one error of a step, checked to read as a sentence, not a crash: one line, no stack frame
 * anywhere but in `::debug::` lines, no "Error:" prefix, no JSON.
 */
function theError(step: { stdout: string; stderr: string }): string {
  const errors = errorsOf(step.stdout)
  expect(errors).toHaveLength(1)
  const [error] = errors
  expect(error).not.toContain('\n')
  expect(error).not.toMatch(/^\w*Error:/)
  expect(error).not.toMatch(/\bError: /)
  expect(error).not.toMatch(/[{}]/)
  const visible = step.stdout.split('\n').filter((line) => !line.startsWith('::debug::'))
  // A stack frame: "    at fn (file:…)" on a line of its own, or after an encoded line break.
  expect(visible.join('\n')).not.toMatch(/(^|%0A) +at /m)
  expect(step.stderr).not.toMatch(/^ +at /m)
  return error
}

/** The stack of the error that ended the step, where step debugging shows it. */
function debugStack(stdout: string): string | undefined {
  return stdout
    .split('\n')
    .find((line) => line.startsWith('::debug::') && line.includes('%0A    at '))
}

describe('GitHub', () => {
  test('a bad token: GitHub answered 401, check the github-token input; the results kept', async () => {
    const { run } = cases.badToken
    expect(run.exitCode).toBe(1)
    expect(theError(run)).toBe(
      `Could not find the benchmark comment on octo-org/octo-repo#${PR}: GitHub answered 401 Bad credentials; ` +
        'check the github-token input (the token is expired, revoked or not a GitHub token); the report is in the job summary.'
    )
    expect(debugStack(run.stdout)).toBeDefined()
    expect((await resultsOf(run)).functions[0].status).toBe('ok')
    expect(run.summary).toContain(run.outputs.report)
    expect(run.post?.exitCode).toBe(0)
  })

  test('GitHub out of reach: never called an answer, what to check, after 4 attempts', () => {
    const { run } = cases.gitHubUnreachable
    expect(run.exitCode).toBe(1)
    expect(theError(run)).toBe(
      `Could not find the benchmark comment on octo-org/octo-repo#${PR}: GitHub could not be reached ` +
        "(connect ECONNREFUSED 127.0.0.1:2; check the runner's network and GITHUB_API_URL) on all 4 attempts; " +
        'the report is in the job summary, re-run the job to post the comment.'
    )
    expect(run.stdout).not.toMatch(/GitHub answered 500|did not answer/)
    expect(run.stdout).toMatch(
      /GET \/user: GitHub could not be reached \(connect ECONNREFUSED 127\.0\.0\.1:2; check the runner's network and GITHUB_API_URL\); trying again \(attempt 1 of 4\)/
    )
    expect(debugStack(run.stdout)).toBeDefined()
    expect(run.summary).toContain(run.outputs.report)
  })
})

describe('AWS', () => {
  test('no credentials: found none, configure them before this step; not one AWS call', () => {
    const { run, emu } = cases.noCredentials
    expect(run.exitCode).toBe(1)
    expect(theError(run)).toBe(
      'orders could not be benchmarked: no AWS credentials were found (Could not load credentials from any providers); ' +
        'give the job credentials before this step, e.g. with aws-actions/configure-aws-credentials'
    )
    expect(emu?.journal.calls).toEqual([])
    expect(run.post?.exitCode).toBe(0)
  })

  test('expired credentials: not a permission to grant, but fresh credentials', () => {
    const { run } = cases.expired
    expect(run.exitCode).toBe(1)
    expect(theError(run)).toBe(
      `orders could not be benchmarked: the AWS credentials have expired (ExpiredTokenException: ${EXPIRED}); ` +
        'get fresh ones before this step, and with aws-actions/configure-aws-credentials give role-duration-seconds longer than the job runs'
    )
    expect(run.stdout).not.toMatch(/grant lambda:/)
    // GetFunction only, and not retried: waiting does not renew credentials.
    expect(expiring[0].refused).toBeLessThanOrEqual(3)
    expect(run.post?.exitCode).toBe(0)
  })

  test('credentials that expire mid-run: the step says so, the post step says what to set back by hand', () => {
    const { run, emu } = cases.expiresMidRun
    expect(run.exitCode).toBe(1)
    const error = theError(run)
    expect(error).toMatch(
      /^orders could not be benchmarked: the AWS credentials have expired \(ExpiredTokenException: The security token included in the request is expired\); /
    )
    expect(error).toContain('could not restore the original 256 MB (the post step will try again)')
    // Left at the size it was being measured at: the restore needs credentials too.
    expect(emu?.functionConfig('orders').MemorySize).toBe(128)
    expect(run.post?.exitCode).toBe(1)
    expect(theError({ stdout: run.post?.stdout ?? '', stderr: run.post?.stderr ?? '' })).toBe(
      `Could not restore orders to 256 MB: the AWS credentials have expired (ExpiredTokenException: ${EXPIRED}); ` +
        'get fresh ones before this step, and with aws-actions/configure-aws-credentials give role-duration-seconds longer than the job runs; ' +
        'set its memory back by hand (aws lambda update-function-configuration --region us-east-1 --function-name orders --memory-size 256)'
    )
  })

  test('an endpoint that refuses connections: could not reach AWS Lambda, what to check', () => {
    const { run, emu } = cases.awsRefused
    expect(run.exitCode).toBe(1)
    expect(theError(run)).toBe(
      `orders could not be benchmarked: could not reach AWS Lambda at ${REFUSED_AWS} ` +
        "(connect ECONNREFUSED 127.0.0.1:9); check the runner's network and AWS_ENDPOINT_URL"
    )
    expect(emu?.functionConfig('orders').MemorySize).toBe(256)
  })
})

describe('the results file', () => {
  test('in a directory the job may not write: one sentence, the functions restored', async () => {
    const { run, emu } = cases.resultsFileLocked
    expect(run.exitCode).toBe(1)
    expect(theError(run)).toMatch(
      new RegExp(
        `^Could not write the results file ${lockedPath.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: ` +
          'permission denied \\((EACCES|EPERM)\\); give results-file a path the job may write, e\\.g\\. in the workspace; ' +
          'nothing was published \\(no job summary, outputs or comment\\)$'
      )
    )
    expect(debugStack(run.stdout)).toBeDefined()
    await expect(access(lockedPath)).rejects.toThrow()
    expect(emu?.functionConfig('orders').MemorySize).toBe(256)
    expect(gitHub.comments(PR)).toEqual([])
  })
})

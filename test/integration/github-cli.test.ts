/**
 * `npm run github-stand-in`: the stand-in as a process of its own, as a person runs it next to
 * the action. It prints its URL (on 127.0.0.1), serves the REST API to the Actions token, shows
 * the comments without one, logs every request, and exits 0 on SIGTERM or SIGINT. Every wait is
 * for the process's own output or exit, never for time.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { REPO_ROOT } from '../runner-files.js'

interface Cli {
  child: ChildProcess
  /** Everything printed on stdout so far. */
  stdout(): string
  /** Resolves with the first match of `pattern` in stdout; rejects if the process exits first. */
  printed(pattern: RegExp): Promise<RegExpExecArray>
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>
  stderr(): string
}

function startCli(args: string[]): Cli {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO_ROOT, 'test/github/cli.ts'), ...args],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, NODE_OPTIONS: '', NODE_NO_WARNINGS: '1' },
      stdio: ['ignore', 'pipe', 'pipe']
    }
  )
  let out = ''
  let err = ''
  const waiting: { pattern: RegExp; resolve(m: RegExpExecArray): void }[] = []
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString()
    for (const w of [...waiting]) {
      const m = w.pattern.exec(out)
      if (m) {
        waiting.splice(waiting.indexOf(w), 1)
        w.resolve(m)
      }
    }
  })
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()))
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'))
  )
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    printed: (pattern) =>
      new Promise((resolve, reject) => {
        const m = pattern.exec(out)
        if (m) return resolve(m)
        waiting.push({ pattern, resolve })
        void exited.then((code) =>
          reject(new Error(`exited (${code}) before printing ${pattern}:\n${out}\n${err}`))
        )
      })
  }
}

const running: Cli[] = []
afterEach(async () => {
  for (const cli of running.splice(0)) {
    if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL')
    await cli.exited
  }
})

function start(args: string[]): Cli {
  const cli = startCli(args)
  running.push(cli)
  return cli
}

test('prints its URL and what to point the action at, serves the API, and stops on SIGTERM', async () => {
  const cli = start(['--port', '0', '--repo', 'acme/widgets'])
  const [, url] = await cli.printed(/listening on (http:\/\/127\.0\.0\.1:\d+)\n/)
  await cli.printed(/Requests answered.*\n/)
  const banner = cli.stdout()
  expect(banner).toContain('Repository: acme/widgets')
  for (const token of ['ghs_actions', 'ghs_no_actions', 'ghp_personal']) {
    expect(banner).toContain(`  ${token} `)
  }
  expect(banner).toContain(`GITHUB_API_URL=${url}\n`)
  expect(banner).toContain('GITHUB_REPOSITORY=acme/widgets\n')
  expect(banner).toContain('INPUT_GITHUB-TOKEN=ghs_actions\n')
  expect(banner).toContain('INPUT_PR-NUMBER=1\n')
  expect(banner).toContain(`curl -s ${url}/__stand-in/comments/1 `)

  const comments = `${url}/repos/acme/widgets/issues/1/comments`
  const auth = { authorization: 'token ghs_actions', 'content-type': 'application/json' }
  expect((await fetch(comments, { headers: { authorization: 'token wrong' } })).status).toBe(401)
  const created = await fetch(comments, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ body: '## Lambda memory benchmark\n\nthe report' })
  })
  expect(created.status).toBe(201)
  const list = await fetch(comments, { headers: auth })
  expect(list.status).toBe(200)
  const [comment] = (await list.json()) as { body: string; user: { login: string } }[]
  expect(comment).toMatchObject({
    body: '## Lambda memory benchmark\n\nthe report',
    user: { login: 'github-actions[bot]' }
  })

  // What a person reads, with no token: the markdown, and every comment as JSON.
  const markdown = await fetch(`${url}/__stand-in/comments/1`)
  expect(markdown.headers.get('content-type')).toMatch(/^text\/markdown/)
  expect(await markdown.text()).toBe('## Lambda memory benchmark\n\nthe report\n')
  const all = (await (await fetch(`${url}/__stand-in/comments`)).json()) as { issue: number }[]
  expect(all).toEqual([expect.objectContaining({ issue: 1, body: comment.body })])
  expect((await fetch(`${url}/__stand-in/comments/1`, { method: 'DELETE' })).status).toBe(405)

  // Each API request is logged as it is answered; the /__stand-in/ reads are not.
  await cli.printed(/GET \/repos\/acme\/widgets\/issues\/1\/comments → 200\n/)
  const log = cli.stdout().slice(banner.length)
  expect(log.replace(/^\d\d:\d\d:\d\d /gm, '')).toBe(
    [
      'GET /repos/acme/widgets/issues/1/comments → 401',
      'POST /repos/acme/widgets/issues/1/comments → 201',
      'GET /repos/acme/widgets/issues/1/comments → 200',
      ''
    ].join('\n')
  )

  cli.child.kill('SIGTERM')
  expect(await cli.exited).toBe(0)
  await expect(fetch(comments, { headers: auth })).rejects.toThrow()
})

test('defaults to octo-org/octo-repo, as .env.example does, and stops on SIGINT', async () => {
  const cli = start(['--port', '0'])
  const [, url] = await cli.printed(/listening on (http:\/\/127\.0\.0\.1:\d+)\n/)
  await cli.printed(/Requests answered/)
  expect(cli.stdout()).toContain('Repository: octo-org/octo-repo,')
  const res = await fetch(`${url}/repos/octo-org/octo-repo/issues/1/comments`, {
    headers: { authorization: 'token ghs_actions' }
  })
  expect(res.status).toBe(200)
  expect(await res.json()).toEqual([])
  cli.child.kill('SIGINT')
  expect(await cli.exited).toBe(0)
})

test('a --repo that is not owner/name is refused in one line, exit 2', async () => {
  const cli = start(['--port', '0', '--repo', 'widgets'])
  expect(await cli.exited).toBe(2)
  expect(cli.stderr()).toMatch(/^--repo widgets: give the repository as owner\/name\n/)
  expect(cli.stdout()).toBe('')
})

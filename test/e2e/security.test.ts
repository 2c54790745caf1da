/**
 * Nobody let in, nothing let out: a run with a secret-looking payload and a token never shows
 * either anywhere (logs, outputs, summary, results file, comment, GitHub request paths), and text
 * from AWS that reaches the comment (an error type, a state reason) cannot inject markup, break
 * a table or forge the comment marker. Needs `npm run bundle` first.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { marked } from 'marked'
import type { Emulator } from '../emulator/index.js'
import { startEmulator } from '../emulator/index.js'
import type { GitHubStandIn } from '../github/index.js'
import { startGitHub } from '../github/index.js'
import { runAction, type RunResult } from '../runner.js'
import { tables, textOf } from '../render/html.js'

const MARKER = '<!-- lambda-memory-benchmark -->'
const SECRET = 'sk_live_51HxQ2eC39HqLyjWDarjtT1zdp7dc'
const PAYLOAD = JSON.stringify({ apiKey: SECRET, user: 'alice' })
/** What AWS might carry back from a hostile or careless function: markup, pipes, a fake marker. */
const NASTY = `Bad|Type\`code\`<script>alert(1)</script>${MARKER}<img src=x onerror=alert(2)>`
const PR = 3

let emulator: Emulator
let gh: GitHubStandIn
let run: RunResult
let haystack: string
let body: string

beforeAll(async () => {
  ;[emulator, gh] = await Promise.all([
    startEmulator({
      timeScale: 0,
      seed: 9,
      functions: [
        {
          name: 'checkout',
          memorySize: 512,
          timeout: 30,
          updateDelayMs: 50,
          model: { cpuMs: 100, errorRate: 0.4 },
          faults: { errorType: NASTY, errorMessage: `failed | ${NASTY}` }
        },
        {
          name: 'broken',
          memorySize: 512,
          state: 'Failed',
          model: { cpuMs: 10 },
          faults: { stateReason: NASTY }
        }
      ]
    }),
    startGitHub()
  ])
  run = await runAction({
    inputs: {
      functions: 'checkout,broken',
      'memory-sizes': '128,256',
      invocations: '12',
      concurrency: '3',
      payload: PAYLOAD
    },
    event: { name: 'pull_request', prNumber: PR },
    env: { AWS_ENDPOINT_URL: emulator.url, GITHUB_API_URL: gh.url, GITHUB_TOKEN: gh.tokens.actions }
  })
  const comments = gh.comments(PR)
  body = comments.map((c) => c.body).join('\n')
  const resultsFile = await readFile(join(run.workspace, 'lambda-benchmark-results.json'), 'utf8')
  haystack = [
    run.stdout,
    run.stderr,
    run.post?.stdout ?? '',
    run.post?.stderr ?? '',
    JSON.stringify(run.outputs),
    JSON.stringify(run.state),
    JSON.stringify(run.env),
    run.summary,
    resultsFile,
    body,
    JSON.stringify(gh.journal)
  ].join('\n')
}, 60_000)

afterAll(async () => {
  await Promise.all([emulator?.stop(), gh?.stop()])
})

test('the run happened: measured, the failed function reported, one comment posted', () => {
  expect(run.exitCode).toBe(1)
  expect(emulator.journal.invocations.filter((i) => i.functionName === 'checkout')).toHaveLength(24)
  expect(gh.comments(PR)).toHaveLength(1)
  expect(run.outputs['comment-url']).toMatch(/#issuecomment-\d+$/)
  expect(emulator.journal.driftedFunctions()).toEqual([])
})

test('the payload value and the tokens appear nowhere: logs, outputs, summary, file, comment', () => {
  expect(haystack.length).toBeGreaterThan(5_000)
  expect(haystack).not.toContain(SECRET)
  expect(haystack).not.toContain('sk_live')
  expect(haystack).not.toContain(gh.tokens.actions)
  expect(haystack).not.toContain('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')
})

test('exactly one marker: the one our comment opens with', () => {
  expect(body.startsWith(MARKER)).toBe(true)
  expect(body.split(MARKER)).toHaveLength(2)
  expect(run.outputs.report.split(MARKER).length).toBeLessThanOrEqual(2)
})

test('text from AWS is escaped: no element it names is created, and it still reads as sent', () => {
  expect(body).not.toMatch(/<script|<img/i)
  const html = marked.parse(body, { async: false })
  expect(html).not.toMatch(/<script|<img/i)
  // Shown, as text, where the report names errors and failed functions.
  const text = textOf(html)
  expect(text).toContain(`Errors at 128`)
  expect(text).toContain(NASTY)
  expect(text).toContain(`broken is Failed: ${NASTY}`)
})

test('every table keeps its columns: no pipe from AWS splits a cell', () => {
  const html = marked.parse(body, { async: false })
  const all = tables(html)
  expect(all.length).toBeGreaterThan(0)
  for (const table of all) {
    const width = table[0].length
    for (const row of table) expect(row).toHaveLength(width)
  }
  // In the markdown too: each table line has as many pipes as its header.
  const lines = body.split('\n')
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('|') || lines[i - 1]?.startsWith('|')) continue
    const pipes = lines[i].split('|').length
    for (let j = i; j < lines.length && lines[j].startsWith('|'); j++) {
      expect(lines[j].split('|')).toHaveLength(pipes)
    }
  }
})

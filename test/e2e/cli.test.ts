/**
 * The command line end to end: `node dist/cli/index.js` as a child process against the
 * emulator, the real SDK on the wire. json is a valid results file with every function and
 * size; markdown is the action's report of those Results; text fits 100 columns; a function
 * that cannot be read exits 1. Needs `npm run bundle` first.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Emulator } from '../emulator/index.js'
import { startEmulator } from '../emulator/index.js'
import { ARTICLE_FUNCTIONS, ARTICLE_SIZES, articleScenario } from '../emulator/scenarios/article.js'
import { renderReport } from '../../src/report/index.js'
import { readResults } from '../../src/results/file.js'
import { validateResults } from '../../src/results/validate.js'
import { runCli, type CliResult } from '../cli-runner.js'

let emulator: Emulator

beforeEach(async () => {
  emulator = await startEmulator(articleScenario({ timeScale: 0 }))
})

afterEach(async () => {
  await emulator?.stop()
})

/** Three functions × six sizes, a few invocations each. */
function benchmark(...more: string[]): Promise<CliResult> {
  return runCli(
    [
      '--functions',
      ARTICLE_FUNCTIONS.join(','),
      '--memory-sizes',
      ARTICLE_SIZES.join(','),
      '--invocations',
      '12',
      '--concurrency',
      '4',
      ...more
    ],
    { env: { AWS_ENDPOINT_URL: emulator.url } }
  )
}

const debug = (run: CliResult): void => {
  if (process.env.E2E_DEBUG) console.log(run.stdout, run.stderr)
}

test('--format json prints the results file: valid, every function at every size', async () => {
  const run = await benchmark('--format', 'json')
  debug(run)
  expect(run.exitCode).toBe(0)
  const printed: unknown = JSON.parse(run.stdout)
  const checked = validateResults(printed)
  if (!checked.ok) throw new Error(checked.reason)
  const file = await readResults(join(run.cwd, 'lambda-benchmark-results.json'))
  expect(printed).toEqual(JSON.parse(JSON.stringify(file)))
  expect(checked.results.functions.map((f) => f.functionName)).toEqual([...ARTICLE_FUNCTIONS])
  for (const f of checked.results.functions) {
    expect(f.status).toBe('ok')
    expect(f.tiers.map((t) => t.memorySize)).toEqual(ARTICLE_SIZES)
    for (const t of f.tiers) expect(t.invocations).toBe(12)
  }
  // The invocations the results count are the emulator's own, and every function is back.
  expect(emulator.journal.invocations).toHaveLength(3 * 6 * 12)
  expect(emulator.journal.driftedFunctions()).toEqual([])
  // The progress went to stderr, one plain line per size (no terminal here): no bar drawn.
  expect(run.stderr).toMatch(/demo-serial @ 1024 MB: 12 invocations in/)
  expect(run.stderr).not.toContain('\u001b[')
  // Nothing is left to restore: the state file is gone.
  expect((await import('node:fs')).readdirSync(run.stateDir)).toEqual([])
})

test('--format markdown prints the report the action posts for the same Results', async () => {
  const run = await benchmark('--format', 'markdown')
  debug(run)
  expect(run.exitCode).toBe(0)
  const results = await readResults(join(run.cwd, 'lambda-benchmark-results.json'))
  // publish/ posts renderReport(results, { history }) (no history without baseline: auto).
  expect(run.stdout).toBe(`${renderReport(results, { history: [] })}\n`)
  expect(run.stdout).toMatch(/demo-threads/)
})

test('--format text (the default) is a table of 3 functions × 6 sizes within 100 columns', async () => {
  const run = await benchmark('--monthly-invocations', '1,000,000')
  debug(run)
  expect(run.exitCode).toBe(0)
  const lines = run.stdout.trimEnd().split('\n')
  for (const line of lines) expect(line.length).toBeLessThanOrEqual(100)
  const head = lines.find((l) => l.startsWith('memory'))
  for (const name of ARTICLE_FUNCTIONS) expect(head).toContain(name)
  for (const size of ARTICLE_SIZES) {
    expect(lines.some((l) => new RegExp(`^${size} MB +[\\d,.]+ / [\\d,.]+ `).test(l))).toBe(true)
  }
  expect(lines.some((l) => /^balanced +\d+ MB +\d+ MB +\d+ MB$/.test(l))).toBe(true)
  // Not a terminal: no colour.
  expect(run.stdout).not.toContain('\u001b[')
})

test('a function that cannot be benchmarked: the others are, exit 1, the reason on stderr', async () => {
  const run = await runCli(
    ['--functions', 'demo-serial,not-there', '--memory-sizes', '512', '--invocations', '3'],
    { env: { AWS_ENDPOINT_URL: emulator.url } }
  )
  debug(run)
  expect(run.exitCode).toBe(1)
  expect(run.stderr).toMatch(/error: not-there could not be benchmarked \(1 of 2 functions\)/)
  expect(run.stderr).not.toMatch(/^\s+at /m)
  // Read as written: readResults refuses the unread function's originalMemorySize of 0 (a
  // results file of the action's has the same), which is the core's to settle.
  const results = JSON.parse(
    await readFile(join(run.cwd, 'lambda-benchmark-results.json'), 'utf8')
  ) as { functions: { status: string }[] }
  expect(results.functions.map((f) => f.status)).toEqual(['ok', 'failed'])
  expect(run.stdout).toMatch(/not-there could not be benchmarked/)
})

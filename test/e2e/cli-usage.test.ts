/**
 * Bad usage of the command line: exit 2, a message naming the flag and the value (never the
 * action's input names, never a stack), and not one AWS call in the emulator's journal.
 * `--help` lists every flag of the README's table. Needs `npm run bundle` first.
 */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Emulator } from '../emulator/index.js'
import { startEmulator } from '../emulator/index.js'
import { benchmarkFlags } from '../../src/cli/flags.js'
import { runCli } from '../cli-runner.js'

let emulator: Emulator

beforeAll(async () => {
  emulator = await startEmulator({
    timeScale: 0,
    functions: [{ name: 'fn', memorySize: 1024, model: { cpuMs: 10 } }]
  })
})

afterAll(async () => {
  await emulator?.stop()
})

/** [what is wrong, arguments after `--functions fn`, a line expected on stderr, environment] */
const CASES: [string, string[], string, Record<string, string>?][] = [
  ['a misspelt flag', ['--invocatons', '5'], "error: unknown option '--invocatons'"],
  [
    'zero invocations',
    ['--invocations', '0'],
    'error: --invocations: "0" is not a whole number between 1 and 10000'
  ],
  [
    'a size below 128 MB',
    ['--memory-sizes', '128,64'],
    'error: --memory-sizes: "64" is not between 128 and 10240 MB'
  ],
  ['a payload that is not JSON', ['--payload', '{"a":'], 'error: --payload: is not valid JSON'],
  [
    'a missing payload file',
    ['--payload-file', 'nope.json'],
    'error: --payload-file: "nope.json" does not exist'
  ],
  [
    'a boolean that is not one',
    ['--fail-on-regression', 'maybe'],
    'error: --fail-on-regression: "maybe" is not a boolean'
  ],
  [
    'an unknown isolation mode',
    ['--isolation', 'vm'],
    'error: --isolation: "vm" is not one of latest, versions'
  ],
  [
    'an unknown format',
    ['--format', 'yaml'],
    "error: option '--format <format>' argument 'yaml' is invalid"
  ],
  [
    'a flag without its value',
    ['--concurrency'],
    "error: option '--concurrency <n>' argument missing"
  ],
  [
    'baseline: auto (GitHub only)',
    ['--baseline', 'auto'],
    'error: --baseline: "auto" (the base branch\'s results artifact) needs GitHub Actions'
  ],
  [
    'a missing baseline that is required',
    ['--baseline', 'old.json', '--baseline-required'],
    'error: --baseline: "old.json" does not exist and --baseline-required is true'
  ],
  [
    'a payload and a payload set',
    ['--payload', '{"a":1}', '--payloads-file', 'set.json'],
    'error: --payloads-file and --payload: give one, a payload set or a single event'
  ],
  ['a stray argument', ['orders'], 'error: too many arguments'],
  [
    'a bad LMB_ setting',
    [],
    'error: LMB_UPDATE_DEADLINE_MS: "soon" is not a number of milliseconds',
    { LMB_UPDATE_DEADLINE_MS: 'soon' }
  ],
  ['a bad --region', ['--region', 'moon-1'], 'error: --region: "moon-1" is not an AWS region']
]

// `env` has a default so that jest does not take a fourth parameter for a `done` callback.
test.each(CASES)(
  '%s: exit 2, the flag and value named, no AWS call',
  async (_, args, line, env = {}) => {
    const cwd = await mkdtemp(join(tmpdir(), 'cli-usage-'))
    await writeFile(join(cwd, 'set.json'), '[{"payload":{}}]')
    const before = emulator.journal.calls.length
    const run = await runCli(['--functions', 'fn', ...args], {
      cwd,
      env: { AWS_ENDPOINT_URL: emulator.url, ...env }
    })
    if (process.env.E2E_DEBUG) console.log(run.stderr)
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toContain(line)
    expect(run.stderr).not.toMatch(/^\s+at /m)
    expect(run.stdout).toBe('')
    expect(emulator.journal.calls.length).toBe(before)
  }
)

test('no --functions: exit 2, naming the flag, every problem at once, no AWS call', async () => {
  const run = await runCli(['--invocations', '-1'], { env: { AWS_ENDPOINT_URL: emulator.url } })
  expect(run.exitCode).toBe(2)
  expect(run.stderr).toContain('error: Input required and not supplied: --functions')
  expect(run.stderr).toContain('error: --invocations: "-1" is not a whole number')
  expect(emulator.journal.calls).toHaveLength(0)
})

test('--help lists every flag, with its placeholder, and the restore command; exit 0', async () => {
  const run = await runCli(['--help'])
  expect(run.exitCode).toBe(0)
  for (const flag of benchmarkFlags()) {
    expect(run.stdout).toContain(`--${flag.name} ${flag.value}`)
  }
  expect(run.stdout).toMatch(/^ {2}restore /m)
  expect(run.stdout).toContain('--help')
  expect(run.stdout).toContain('--version')
})

test("--version prints package.json's version; exit 0", async () => {
  const run = await runCli(['--version'])
  expect(run.exitCode).toBe(0)
  expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/)
})

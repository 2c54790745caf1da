/**
 * The command line interrupted: Ctrl-C (SIGINT) mid-run stops new invocations, restores every
 * function, writes the partial results and exits 130, a second Ctrl-C during the restore is
 * ignored with a line saying so; a run killed outright (SIGKILL) leaves its state file, which
 * `lambda-memory-benchmark restore` uses to put every function back. Needs `npm run bundle`.
 */
import { readdirSync } from 'node:fs'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Emulator, FunctionSpec } from '../emulator/index.js'
import { startEmulator } from '../emulator/index.js'
import type { Results } from '../../src/model/results.js'
import { runCli } from '../cli-runner.js'

// No current size is among the sizes measured, so every function is changed at once.
const FUNCTIONS: FunctionSpec[] = [
  { name: 'alpha', memorySize: 1024, timeout: 30, updateDelayMs: 200, model: { cpuMs: 200 } },
  { name: 'beta', memorySize: 768, timeout: 30, updateDelayMs: 200, model: { cpuMs: 150 } }
]
const ARGS = [
  '--functions',
  'alpha,beta',
  '--memory-sizes',
  '128,256,512',
  '--invocations',
  '400',
  '--concurrency',
  '5'
]
const TIERS_STARTED = FUNCTIONS.map((f) => new RegExp(`${f.name} @ 128 MB: 400 invocations`))

/**
 * Resolves once every function is measuring its first size: the emulator has run more of its
 * invocations than can be in flight. The signal then leaves at once, long before the hundreds
 * of invocations left in the tier are answered, however busy the machine.
 */
function measuringAll(emulator: Emulator): Promise<void> {
  const ran = new Map<string, number>()
  return emulator.journal.untilInvocation((i) => {
    ran.set(i.functionName, (ran.get(i.functionName) ?? 0) + 1)
    return FUNCTIONS.every((f) => (ran.get(f.name) ?? 0) > 5)
  })
}

const stateFiles = (dir: string): string[] => readdirSync(dir).filter((n) => n.endsWith('.json'))

let emulator: Emulator

beforeEach(async () => {
  // 128 MB invocations take 14–28 ms of wall time at this scale: a tier of 400 lasts over 1 s.
  emulator = await startEmulator({ timeScale: 0.01, seed: 5, functions: FUNCTIONS })
})

afterEach(async () => {
  await emulator?.stop()
})

test('Ctrl-C mid-run, and again during the restore: restored, partial results, exit 130', async () => {
  const measuring = measuringAll(emulator)
  // The second Ctrl-C once the first restore has reached the emulator: still waiting for it.
  const restoring = measuring.then(() =>
    emulator.journal.untilCall((c) => c.operation === 'UpdateFunctionConfiguration')
  )
  const run = await runCli(ARGS, {
    env: { AWS_ENDPOINT_URL: emulator.url },
    signal: {
      name: 'SIGINT',
      whenOutput: TIERS_STARTED,
      when: measuring,
      second: { name: 'SIGINT', when: restoring }
    }
  })
  if (process.env.E2E_DEBUG) console.log(run.stderr)
  expect(run.exitCode).toBe(130)
  expect(run.stderr).toMatch(/Ctrl-C: no new invocations; restoring every function/)
  expect(run.stderr).toMatch(/Ctrl-C again: ignored, the restore is running/)
  expect(run.stderr).toMatch(/Cancelled: partial results written to lambda-benchmark-results\.json/)

  const results = JSON.parse(
    await readFile(join(run.cwd, 'lambda-benchmark-results.json'), 'utf8')
  ) as Results
  expect(results.cancelled).toBe(true)
  for (const f of results.functions) {
    expect(f.tiers.length).toBeLessThanOrEqual(1)
    for (const t of f.tiers) expect(t.invocations).toBeLessThan(400)
  }
  // Every function is back, by the run itself: no state file is left for `restore`.
  expect(emulator.journal.driftedFunctions()).toEqual([])
  for (const f of FUNCTIONS) expect(emulator.functionConfig(f.name).MemorySize).toBe(f.memorySize)
  expect(stateFiles(run.stateDir)).toEqual([])
  // No invocation arrived after the restores began (the emulator's arrival order).
  const restores = emulator.journal.callsOf('UpdateFunctionConfiguration').slice(-FUNCTIONS.length)
  const firstRestore = Math.min(...restores.map((c) => c.receivedAt))
  const lastInvoke = Math.max(...emulator.journal.callsOf('Invoke').map((c) => c.receivedAt))
  expect(lastInvoke).toBeLessThanOrEqual(firstRestore)
})

test('killed mid-run (SIGKILL): `restore` puts every function back from the state file', async () => {
  const killed = await runCli(ARGS, {
    env: { AWS_ENDPOINT_URL: emulator.url },
    signal: { name: 'SIGKILL', whenOutput: TIERS_STARTED, when: measuringAll(emulator) }
  })
  expect(killed.signal).toBe('SIGKILL')
  // Left at 128 MB, and the state file says so.
  expect(FUNCTIONS.map((f) => emulator.functionConfig(f.name).MemorySize)).toEqual([128, 128])
  expect(stateFiles(killed.stateDir)).toHaveLength(1)

  const restore = await runCli(['restore'], {
    stateDir: killed.stateDir,
    env: { AWS_ENDPOINT_URL: emulator.url }
  })
  if (process.env.E2E_DEBUG) console.log(restore.stdout, restore.stderr)
  expect(restore.exitCode).toBe(0)
  expect(restore.stdout).toMatch(/alpha: memory restored to 1024 MB/)
  expect(restore.stdout).toMatch(/beta: memory restored to 768 MB/)
  expect(restore.stdout).toMatch(/Every function is back as it was/)
  for (const f of FUNCTIONS) expect(emulator.functionConfig(f.name).MemorySize).toBe(f.memorySize)
  expect(emulator.journal.driftedFunctions()).toEqual([])
  expect(stateFiles(killed.stateDir)).toEqual([])

  // Once done, there is nothing left: no AWS call.
  const calls = emulator.journal.calls.length
  const again = await runCli(['restore'], {
    stateDir: killed.stateDir,
    env: { AWS_ENDPOINT_URL: emulator.url }
  })
  expect(again.exitCode).toBe(0)
  expect(again.stdout).toMatch(/Nothing to restore/)
  expect(emulator.journal.calls.length).toBe(calls)
})

test('`restore` leaves alone the state file of a run still going: no AWS call', async () => {
  const stateDir = await mkdtemp(join(tmpdir(), 'cli-state-'))
  // This test's own process stands for the run that is still going.
  const functions = JSON.stringify({
    alpha: {
      identifier: 'alpha',
      functionName: 'alpha',
      region: 'us-east-1',
      originalMemorySize: 1024,
      revisionId: 'r',
      restored: false
    }
  })
  const state = { pid: process.pid, startedAt: new Date().toISOString(), cwd: '/', functions }
  await writeFile(join(stateDir, 'run-now.json'), JSON.stringify(state))
  const run = await runCli(['restore'], { stateDir, env: { AWS_ENDPOINT_URL: emulator.url } })
  expect(run.exitCode).toBe(0)
  expect(run.stdout).toMatch(/left .*run-now\.json alone: the run that wrote it \(process \d+/)
  expect(emulator.journal.calls).toHaveLength(0)
  expect(stateFiles(stateDir)).toEqual(['run-now.json'])
})

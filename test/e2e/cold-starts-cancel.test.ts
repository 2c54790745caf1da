/**
 * Forced cold starts cut short: a cancellation after the marker variable was set, and a main
 * step killed then. Either way the function ends exactly as it was — memory, variables — put
 * back by the main step, or by the post step from a state that holds no value of a variable.
 * Needs `npm run bundle` first.
 */
import type { Emulator, FunctionSpec } from '../emulator/index.js'
import { startEmulator } from '../emulator/index.js'
import { resultsOf, runAction, type RunResult } from '../runner.js'

const MARKER = 'LAMBDA_MEMORY_BENCHMARK_COLD_START'
const SECRET = 'sk_live_0123456789abcdef'
const VARIABLES = { STRIPE_KEY: SECRET, STAGE: 'prod' }
const FUNCTIONS: FunctionSpec[] = [
  {
    name: 'checkout',
    memorySize: 512,
    timeout: 30,
    environment: VARIABLES,
    updateDelayMs: 150,
    model: { cpuMs: 100, initMs: 300 }
  }
]

// 8 cold starts in rounds of 2: after a size's measured invocations, three rounds each on a
// new value of the marker, so a signal sent once one has run lands among them.
const inputs = {
  functions: 'checkout',
  'memory-sizes': '128,256',
  invocations: '20',
  concurrency: '2',
  'cold-starts': '8',
  'comment-mode': 'off'
}

let emulator: Emulator

beforeEach(async () => {
  emulator = await startEmulator({ timeScale: 0.05, seed: 4, functions: FUNCTIONS })
})

afterEach(async () => {
  await emulator?.stop()
})

/** Resolves once an invocation has run with our marker in its environment. */
const marked = (): Promise<void> =>
  emulator.journal.untilInvocation((i) => i.variables[MARKER] !== undefined)

function expectAsItWas(run: RunResult): void {
  expect(emulator.journal.driftedFunctions()).toEqual([])
  const config = emulator.functionConfig('checkout')
  expect(config.MemorySize).toBe(512)
  expect(config.Environment).toEqual({ Variables: VARIABLES })
  const written = [run.stdout, run.stderr, run.post?.stdout, JSON.stringify(run.state)].join('\n')
  expect(written).not.toContain(SECRET)
}

test('SIGTERM among the marked rounds: memory and variables restored by the main step, exit 1', async () => {
  const run = await runAction({
    inputs,
    env: { AWS_ENDPOINT_URL: emulator.url },
    signal: { name: 'SIGTERM', when: marked() },
    timeoutMs: 60_000
  })
  if (process.env.E2E_DEBUG) console.log(run.stdout, run.post?.stdout)
  expect(run.exitCode).toBe(1)
  expect(run.stdout).toMatch(/::error::Cancelled: partial results written/)
  expect(run.stdout).toMatch(
    /checkout: memory restored to 512 MB, environment variables as they were/
  )
  const results = await resultsOf(run)
  expect(results.cancelled).toBe(true)
  // What was measured is kept: the size's measured invocations and its first rounds.
  const [tier] = results.functions[0].tiers
  expect(tier.invocations).toBe(20)
  expect(tier.forcedColdStarts!.coldStarts).toBeGreaterThan(0)
  expect(run.post?.exitCode).toBe(0)
  expectAsItWas(run)
}, 90_000)

test('the main step killed among the marked rounds: the post step takes the marker out', async () => {
  const run = await runAction({
    inputs,
    env: { AWS_ENDPOINT_URL: emulator.url },
    signal: { name: 'SIGKILL', when: marked() },
    timeoutMs: 60_000
  })
  if (process.env.E2E_DEBUG) console.log(run.stdout, run.post?.stdout)
  expect(run.signal).toBe('SIGKILL')
  const saved = JSON.parse(run.state.functions ?? '{}') as Record<string, { marked?: boolean }>
  expect(Object.values(saved).map((e) => e.marked)).toEqual([true])
  expect(run.post?.exitCode).toBe(0)
  expect(run.post?.stdout).toMatch(
    /checkout: memory restored to 512 MB, environment variables as they were/
  )
  expectAsItWas(run)
}, 90_000)

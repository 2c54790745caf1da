/**
 * isolation: versions, run as the Actions runner does against the emulator: every size is a
 * published version measured interleaved with the others, the figures are the emulator's, each
 * version ran at its own memory, and no version is left behind — not after a clean run, not
 * after a cancellation (the post step deletes what main could not), never one we did not create.
 * Needs `npm run bundle` first.
 */
import { join } from 'node:path'
import {
  GetFunctionCommand,
  LambdaClient,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionUpdatedV2
} from '@aws-sdk/client-lambda'
import type { Emulator, FunctionSpec, InvocationRecord } from '../emulator/index.js'
import { startEmulator } from '../emulator/index.js'
import { sdkClients } from '../emulator/clients.js'
import { REPO_ROOT, resultsOf, runAction } from '../runner.js'

const POST_SCRIPT = join(REPO_ROOT, 'dist', 'post', 'index.js')
const SIZES = [128, 512, 1024]
const FUNCTIONS: FunctionSpec[] = [
  { name: 'text', memorySize: 512, updateDelayMs: 150, model: { cpuMs: 200, noisePct: 5 } },
  {
    name: 'json',
    memorySize: 256,
    logFormat: 'JSON',
    updateDelayMs: 150,
    model: { cpuMs: 100, ioMs: 20, noisePct: 5 }
  }
]

const emulators: Emulator[] = []
const lambdas: LambdaClient[] = []
afterAll(async () => {
  for (const l of lambdas) l.destroy()
  await Promise.all(emulators.map((e) => e.stop()))
})

async function start(timeScale: number, functions = FUNCTIONS): Promise<Emulator> {
  const emulator = await startEmulator({ timeScale, seed: 11, functions })
  emulators.push(emulator)
  return emulator
}

function clientOf(emulator: Emulator): LambdaClient {
  const { lambda } = sdkClients(emulator)
  lambdas.push(lambda)
  return lambda
}

async function versionsOf(lambda: LambdaClient, name: string): Promise<string[]> {
  const out = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: name }))
  return (out.Versions ?? []).map((v) => v.Version!).filter((v) => v !== '$LATEST')
}

/** Both functions at every size in versions mode, `invocations` a size, 4 in flight. */
const bothFunctions = (invocations: number): Record<string, string> => ({
  functions: 'text,json',
  'memory-sizes': SIZES.join(','),
  invocations: String(invocations),
  concurrency: '4',
  isolation: 'versions',
  'comment-mode': 'off'
})

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length

test('every size a version, measured as soon as it is published; means are the journal’s; nothing left behind', async () => {
  const emulator = await start(0)
  // text is at 512 MB, one of the sizes: that version is published as it is, without an update.
  // Its invocations must start while the next size's update is still unanswered: a run that
  // waited for every version before measuring would never get past this hold.
  let firstMeasured = 0
  emulator.hold(
    'text',
    'UpdateFunctionConfiguration',
    emulator.journal.untilInvocation((i) => i.functionName === 'text' && ++firstMeasured === 5)
  )
  const run = await runAction({
    inputs: bothFunctions(30),
    env: { AWS_ENDPOINT_URL: emulator.url },
    timeoutMs: 60_000
  })
  if (process.env.E2E_DEBUG) console.log(run.stdout)
  expect(run.exitCode).toBe(0)
  expect(run.stdout).not.toMatch(/::warning::/)
  const results = await resultsOf(run)
  expect(results.settings.isolation).toBe('versions')

  const journal = emulator.journal
  for (const f of results.functions) {
    expect(f.status).toBe('ok')
    expect(f.tiers.map((t) => t.memorySize)).toEqual(SIZES)
    const ran = journal.invocations.filter((i) => i.functionName === f.functionName)
    // Only versions were measured, each at its own memory (the REPORT's Memory Size).
    expect(ran.every((i) => i.version !== '$LATEST')).toBe(true)
    const byVersion = new Map<string, InvocationRecord[]>()
    for (const i of ran) byVersion.set(i.version, [...(byVersion.get(i.version) ?? []), i])
    expect(byVersion.size).toBe(SIZES.length)
    for (const list of byVersion.values()) {
      expect(new Set(list.map((i) => i.memorySize)).size).toBe(1)
    }
    for (const t of f.tiers) {
      const mine = ran.filter((i) => i.memorySize === t.memorySize)
      expect(t.invocations).toBe(30)
      expect(mine).toHaveLength(30)
      const warm = mine.filter((i) => !i.cold && i.status === 'success')
      expect(t.billedDuration!.mean).toBeCloseTo(mean(warm.map((i) => i.billedDurationMs)), 6)
      expect(t.coldStarts).toBe(mine.filter((i) => i.cold).length)
    }
    // Pipelined: text's first version was measured before its next size's update came back.
    if (f.functionName === 'text') {
      const firstUpdate = journal.callsOf('UpdateFunctionConfiguration', 'text')[0]
      expect(ran.filter((i) => i.at <= firstUpdate.at).length).toBeGreaterThanOrEqual(5)
    }
    // Updates one at a time, one version per size, all deleted.
    const publishes = journal.callsOf('PublishVersion', f.functionName)
    expect(publishes.filter((c) => c.status === 201)).toHaveLength(SIZES.length)
    const deletes = journal.callsOf('DeleteFunction', f.functionName)
    expect(
      deletes
        .filter((c) => c.status === 204)
        .map((c) => c.qualifier)
        .sort()
    ).toEqual([...byVersion.keys()].sort())
  }
  expect(journal.driftedFunctions()).toEqual([])
  for (const f of FUNCTIONS) expect(emulator.functionConfig(f.name).MemorySize).toBe(f.memorySize)
  // The post step found nothing to do: no AWS call after main.
  expect(run.post?.exitCode).toBe(0)
}, 90_000)

test('a publish that fails mid-pipeline: the sizes measured so far are kept, the rest named, everything restored', async () => {
  const emulator = await start(0)
  // text's first version (512 MB, its size now) needs no update; before its next size's update
  // is answered, PublishVersion starts being denied.
  const denied = emulator.journal
    .untilCall((c) => c.operation === 'PublishVersion' && c.functionName === 'text')
    .then(() => emulator.setFaults('text', { accessDenied: ['PublishVersion'] }))
  emulator.hold('text', 'UpdateFunctionConfiguration', denied)
  const run = await runAction({
    inputs: bothFunctions(20),
    env: { AWS_ENDPOINT_URL: emulator.url },
    timeoutMs: 60_000
  })
  expect(run.exitCode).toBe(1)
  const results = await resultsOf(run)
  const text = results.functions.find((f) => f.functionName === 'text')!
  const json = results.functions.find((f) => f.functionName === 'json')!
  expect(text.status).toBe('failed')
  expect(text.error).toMatch(/lambda:PublishVersion/)
  // The version published before the failure was measured in full.
  expect(text.tiers.map((t) => [t.memorySize, t.invocations])).toEqual([[512, 20]])
  expect(json.status).toBe('ok')
  expect(json.tiers.map((t) => t.invocations)).toEqual([20, 20, 20])
  expect(emulator.journal.driftedFunctions()).toEqual([])
  for (const f of FUNCTIONS) expect(emulator.functionConfig(f.name).MemorySize).toBe(f.memorySize)
  expect(run.stdout).not.toMatch(/\n\s+at /)
}, 90_000)

test('SIGTERM while the pipeline is still publishing: every version deleted, $LATEST back, nothing for the post step', async () => {
  const emulator = await start(0.01)
  // Once text's first version is measured; its next size's update (150 ms) is then usually
  // still under way. Wherever the signal lands, nothing may be left behind.
  let first = 0
  const measuring = emulator.journal.untilInvocation(
    (i) => i.functionName === 'text' && ++first === 3
  )
  const main = await runAction({
    inputs: bothFunctions(300),
    env: { AWS_ENDPOINT_URL: emulator.url },
    signal: { name: 'SIGTERM', whenOutput: [/text: 3 sizes/], when: measuring },
    timeoutMs: 60_000
  })
  expect(main.exitCode).toBe(1)
  const results = await resultsOf(main)
  expect(results.cancelled).toBe(true)
  const text = results.functions.find((f) => f.functionName === 'text')!
  expect(text.tiers.length).toBeGreaterThan(0)
  for (const t of text.tiers) expect(t.invocations).toBeLessThan(300)
  for (const f of FUNCTIONS) expect(emulator.functionConfig(f.name).MemorySize).toBe(f.memorySize)
  expect(emulator.journal.driftedFunctions()).toEqual([])
  expect(main.post?.exitCode).toBe(0)
  expect(main.post?.stdout).toMatch(/every function was restored by the main step/)
  if (process.env.E2E_DEBUG) console.log(text.tiers.map((t) => [t.memorySize, t.invocations]))
}, 90_000)

test('a version that existed before is used but never deleted', async () => {
  const emulator = await start(0, [FUNCTIONS[0]])
  const lambda = clientOf(emulator)
  // Version 1 = $LATEST at 512 MB as it is: publishing again at 512 MB answers with version 1.
  const before = await lambda.send(new PublishVersionCommand({ FunctionName: 'text' }))
  expect(before.Version).toBe('1')
  const run = await runAction({
    inputs: {
      functions: 'text',
      'memory-sizes': '128,512',
      invocations: '10',
      concurrency: '4',
      isolation: 'versions',
      'comment-mode': 'off'
    },
    env: { AWS_ENDPOINT_URL: emulator.url },
    timeoutMs: 60_000
  })
  expect(run.exitCode).toBe(0)
  expect(await versionsOf(lambda, 'text')).toEqual(['1'])
  const at512 = emulator.journal.invocations.filter((i) => i.memorySize === 512)
  expect(at512.length).toBe(10)
  expect(at512.every((i) => i.version === '1')).toBe(true)
  expect(emulator.journal.callsOf('DeleteFunction').map((c) => c.qualifier)).toEqual(['2'])
}, 90_000)

test('SIGTERM mid-measurement, versions not deletable by main: the post step deletes them', async () => {
  // 128 MB invocations take ~2.8 s of reported time, 28 ms of wall time at this scale.
  const emulator = await start(0.01)
  for (const f of FUNCTIONS) emulator.setFaults(f.name, { accessDenied: ['DeleteFunction'] })
  // The signal goes once both functions measure every size with at least one invocation in:
  // more of a size ran than can be in flight (4). Not a guessed delay, which a busy machine
  // outran while a function was still publishing.
  const ran = new Map<string, number>()
  const measuring = emulator.journal.untilInvocation((i) => {
    const key = `${i.functionName} ${i.memorySize}`
    ran.set(key, (ran.get(key) ?? 0) + 1)
    return FUNCTIONS.every((f) => SIZES.every((size) => (ran.get(`${f.name} ${size}`) ?? 0) > 4))
  })
  const main = await runAction({
    inputs: bothFunctions(300),
    env: { AWS_ENDPOINT_URL: emulator.url },
    signal: { name: 'SIGTERM', whenOutput: [/text: 3 sizes/, /json: 3 sizes/], when: measuring },
    post: false,
    timeoutMs: 60_000
  })
  if (process.env.E2E_DEBUG) console.log(main.stdout)
  expect(main.exitCode).toBe(1)
  expect(main.stdout).toMatch(/could not delete published version\(s\) \d+ \(AccessDeniedException/)
  const results = await resultsOf(main)
  expect(results.cancelled).toBe(true)
  // Cancelled while measuring: every size had started, none finished (the signal left this
  // process, the emulator's, with 5 of a size run: the step reads it before hundreds more).
  for (const f of results.functions) {
    expect(f.tiers.length).toBe(SIZES.length)
    for (const t of f.tiers) expect(t.invocations).toBeLessThan(300)
  }
  // $LATEST is back; the versions are still there.
  for (const f of FUNCTIONS) expect(emulator.functionConfig(f.name).MemorySize).toBe(f.memorySize)
  expect(emulator.journal.driftedFunctions()).toEqual(['json', 'text'])

  for (const f of FUNCTIONS) emulator.setFaults(f.name, {})
  const post = await runAction({
    inputs: {},
    entry: { main: POST_SCRIPT, post: POST_SCRIPT },
    post: false,
    env: { AWS_ENDPOINT_URL: emulator.url, STATE_functions: main.state.functions ?? '' }
  })
  expect(post.exitCode).toBe(0)
  expect(post.stdout).toMatch(/text: deleted version\(s\) [\d, ]+ left by the main step/)
  expect(emulator.journal.driftedFunctions()).toEqual([])
}, 120_000)

test('post step: a version published but never recorded is found by its tag; others are kept', async () => {
  const emulator = await start(0, [FUNCTIONS[0]])
  const lambda = clientOf(emulator)
  const setMemory = async (size: number): Promise<void> => {
    await lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: 'text', MemorySize: size })
    )
    await waitUntilFunctionUpdatedV2(
      { client: lambda, maxWaitTime: 10, minDelay: 0.1, maxDelay: 0.2 },
      { FunctionName: 'text' }
    )
  }
  const tag = 'lambda-memory-benchmark 0123456789ab'
  // Someone's own version (kept), then ours (main died before recording it).
  await setMemory(1024)
  await lambda.send(new PublishVersionCommand({ FunctionName: 'text', Description: 'release' }))
  await setMemory(128)
  await lambda.send(
    new PublishVersionCommand({ FunctionName: 'text', Description: `${tag} 128 MB` })
  )
  await setMemory(512)
  const config = (await lambda.send(new GetFunctionCommand({ FunctionName: 'text' })))
    .Configuration!
  const state = {
    [config.FunctionArn!]: {
      identifier: 'text',
      functionName: 'text',
      region: 'us-east-1',
      originalMemorySize: 512,
      revisionId: config.RevisionId,
      fingerprint: 'x',
      sizes: [128],
      restored: true,
      versionTag: tag,
      versions: [],
      versionsDeleted: false
    }
  }
  const post = await runAction({
    inputs: {},
    entry: { main: POST_SCRIPT, post: POST_SCRIPT },
    post: false,
    env: { AWS_ENDPOINT_URL: emulator.url, STATE_functions: JSON.stringify(state) }
  })
  expect(post.exitCode).toBe(0)
  expect(await versionsOf(lambda, 'text')).toEqual(['1'])
  expect(emulator.journal.callsOf('DeleteFunction').map((c) => c.qualifier)).toEqual(['2'])
}, 90_000)

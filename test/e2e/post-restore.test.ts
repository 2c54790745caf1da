/**
 * The post step's restore, in process against the emulator: what main left changed (it was
 * killed) is put back, a function someone else changed meanwhile is left alone, a function
 * already back is not touched, and an API that is briefly gone is waited out.
 */
import {
  GetFunctionCommand,
  LambdaClient,
  UpdateFunctionConfigurationCommand
} from '@aws-sdk/client-lambda'
import type { Emulator } from '../emulator/index.js'
import { startEmulator } from '../emulator/index.js'
import { fingerprintOf } from '../../src/configure/read.js'
import { waitForUpdate } from '../../src/configure/update.js'
import { controlFor } from '../fixtures/control.js'
import { RestoreLedger, STATE_KEY, type SavedFunction } from '../../src/configure/ledger.js'
import { run as runPost } from '../../src/post.js'

let emulator: Emulator
let lambda: LambdaClient
const saved = { ...process.env }

beforeEach(async () => {
  emulator = await startEmulator({
    timeScale: 0,
    functions: ['ours-done', 'ours-in-flight', 'theirs', 'theirs-planned', 'untouched'].map(
      (name) => ({
        name,
        memorySize: 1024,
        updateDelayMs: 100,
        model: { cpuMs: 10 }
      })
    )
  })
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: emulator.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'example',
    AWS_EC2_METADATA_DISABLED: 'true',
    LMB_RESTORE_DEADLINE_MS: '20000'
  })
  lambda = new LambdaClient({ region: 'us-east-1', endpoint: emulator.url })
  process.exitCode = undefined
})

afterEach(async () => {
  lambda.destroy()
  await emulator.stop()
  process.env = { ...saved }
  process.exitCode = undefined
})

/** What main saves before its first change of `name`. */
async function remember(ledger: RestoreLedger, name: string): Promise<void> {
  const out = await lambda.send(new GetFunctionCommand({ FunctionName: name }))
  const c = out.Configuration!
  ledger.remember(c.FunctionArn!, {
    identifier: name,
    functionName: name,
    region: 'us-east-1',
    originalMemorySize: c.MemorySize!,
    revisionId: c.RevisionId!,
    fingerprint: fingerprintOf(c),
    sizes: [128, 256],
    requestedMemory: c.MemorySize!
  })
}

/** What main saves before it asks for `memorySize`. */
function requesting(ledger: RestoreLedger, name: string, memorySize: number): void {
  ledger.requesting(emulator.functionConfig(name).FunctionArn, memorySize)
}

async function setMemory(name: string, memorySize: number): Promise<string> {
  await lambda.send(
    new UpdateFunctionConfigurationCommand({ FunctionName: name, MemorySize: memorySize })
  )
  return (await waitForUpdate(controlFor(lambda, name))).RevisionId!
}

test('restores what main left changed, leaves what someone else changed', async () => {
  let state = ''
  const ledger = new RestoreLedger((json) => (state = json))
  for (const name of ['ours-done', 'ours-in-flight', 'theirs', 'theirs-planned', 'untouched']) {
    await remember(ledger, name)
  }
  // Our change, applied and recorded (main saves the revision after each wait).
  requesting(ledger, 'ours-done', 128)
  ledger.revision(
    emulator.functionConfig('ours-done').FunctionArn,
    await setMemory('ours-done', 128)
  )
  // Our change, sent but main was killed before it saw it complete: the saved revision is stale.
  requesting(ledger, 'ours-in-flight', 256)
  await lambda.send(
    new UpdateFunctionConfigurationCommand({ FunctionName: 'ours-in-flight', MemorySize: 256 })
  )
  // Ours, then someone else's change on top (a new timeout): theirs wins.
  await setMemory('theirs', 128)
  await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'theirs', Timeout: 42 }))
  await waitForUpdate(controlFor(lambda, 'theirs'))
  // Ours, then someone else sets another size of the plan: only the last size we asked for is
  // ours, so theirs is left even though nothing but memory changed.
  requesting(ledger, 'theirs-planned', 128)
  ledger.revision(
    emulator.functionConfig('theirs-planned').FunctionArn,
    await setMemory('theirs-planned', 128)
  )
  await setMemory('theirs-planned', 256)
  // 'untouched' was remembered but main died before changing it.

  process.env[`STATE_${STATE_KEY}`] = state
  const before = emulator.journal.calls.length
  await runPost()
  expect(process.exitCode).toBeUndefined()

  expect(emulator.functionConfig('ours-done').MemorySize).toBe(1024)
  expect(emulator.functionConfig('ours-in-flight').MemorySize).toBe(1024)
  expect(emulator.functionConfig('theirs')).toMatchObject({ MemorySize: 128, Timeout: 42 })
  expect(emulator.functionConfig('theirs-planned').MemorySize).toBe(256)
  expect(emulator.functionConfig('untouched').MemorySize).toBe(1024)
  const updates = emulator.journal.calls
    .slice(before)
    .filter((c) => c.operation === 'UpdateFunctionConfiguration')
  expect(updates.map((c) => c.functionName).sort()).toEqual(['ours-done', 'ours-in-flight'])

  // Idempotent: a second post step finds them back and changes nothing.
  const again = emulator.journal.calls.length
  await runPost()
  expect(
    emulator.journal.calls.slice(again).filter((c) => c.operation === 'UpdateFunctionConfiguration')
  ).toEqual([])
})

test('state saved without the requested size (an older version) still restores our change', async () => {
  let state = ''
  const ledger = new RestoreLedger((json) => (state = json))
  await remember(ledger, 'ours-in-flight')
  await lambda.send(
    new UpdateFunctionConfigurationCommand({ FunctionName: 'ours-in-flight', MemorySize: 256 })
  )
  const legacy = JSON.parse(state) as Record<string, Partial<SavedFunction>>
  for (const entry of Object.values(legacy)) delete entry.requestedMemory
  process.env[`STATE_${STATE_KEY}`] = JSON.stringify(legacy)
  await runPost()
  expect(process.exitCode).toBeUndefined()
  expect(emulator.functionConfig('ours-in-flight').MemorySize).toBe(1024)
})

test('does nothing at all when main restored everything', async () => {
  let state = ''
  const ledger = new RestoreLedger((json) => (state = json))
  await remember(ledger, 'ours-done')
  ledger.done(emulator.functionConfig('ours-done').FunctionArn)
  process.env[`STATE_${STATE_KEY}`] = state
  const before = emulator.journal.calls.length
  await runPost()
  expect(emulator.journal.calls.length).toBe(before)
  expect(JSON.parse(state)).toMatchObject({
    [emulator.functionConfig('ours-done').FunctionArn]: {
      restored: true
    } satisfies Partial<SavedFunction>
  })
})

test('waits out an API that is briefly unreachable', async () => {
  let state = ''
  const ledger = new RestoreLedger((json) => (state = json))
  await remember(ledger, 'ours-done')
  ledger.revision(
    emulator.functionConfig('ours-done').FunctionArn,
    await setMemory('ours-done', 256)
  )
  process.env[`STATE_${STATE_KEY}`] = state
  const gone = emulator.pause(2_000)
  await runPost()
  await gone
  expect(process.exitCode).toBeUndefined()
  expect(emulator.functionConfig('ours-done').MemorySize).toBe(1024)
})

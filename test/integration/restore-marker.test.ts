/**
 * Taking the cold-start marker variable out again (src/configure/restore.ts, and the post step
 * src/post.ts), with the real SDK against the emulator: memory and every other variable are put
 * back exactly; a marker alone is restored, nothing of ours left is not touched; someone else's
 * change after ours is left as they set it; the post step restores from a saved state that holds
 * no value of a variable, and when it cannot, tells the user to remove the variable by hand
 * without quoting any value; an update over Lambda's 4 KB is refused without quoting the set.
 */
import {
  GetFunctionCommand,
  LambdaClient,
  UpdateFunctionConfigurationCommand,
  type FunctionConfiguration
} from '@aws-sdk/client-lambda'
import { randomBytes } from 'node:crypto'
import {
  MARKER,
  markerRoomProblem,
  newMarkerValue,
  withMarker
} from '../../src/configure/environment.js'
import { RestoreLedger, STATE_KEY } from '../../src/configure/ledger.js'
import {
  restoreFunction,
  restoreOutcomeLine,
  type Restored,
  type RestoreTarget
} from '../../src/configure/restore.js'
import { snapshotFunction, type FunctionSnapshot } from '../../src/configure/snapshot.js'
import { applyChange, waitForUpdate } from '../../src/configure/update.js'
import type { Control } from '../../src/configure/control.js'
import { BenchmarkError } from '../../src/core/errors.js'
import { run as runPost } from '../../src/post.js'
import { clientConfig } from '../emulator/clients.js'
import { startEmulator, type Emulator, type FunctionSpec } from '../emulator/index.js'
import { controlFor } from '../fixtures/control.js'
import { caught } from './caught.js'

const SECRET = 'pa55-Wr0rd-0f-the-orders-db'
/** A function's own variables, in the order its owner set them; one value empty, one short. */
const VARIABLES: Record<string, string> = {
  STAGE: 'production',
  DB_PASSWORD: SECRET,
  API_URL: 'https://orders.internal.example.com/v1',
  FEATURE: 'on',
  EMPTY: ''
}
/** The values a leak would show: every one long enough not to be an ordinary word. */
const VALUES = Object.values(VARIABLES).filter((v) => v.length >= 4)
const ORIGINAL_MB = 512

/** Random, varied text: a leak of any part of it shows. */
const BLOB = randomBytes(3_200).toString('base64').slice(0, 4_000)
/** Variables that fit Lambda's 4 KB alone, but not with the marker. */
const FULL: Record<string, string> = { DB_PASSWORD: SECRET, BLOB }

const NAMES = [
  'restored',
  'stale',
  'marker-only',
  'untouched',
  'theirs-kept',
  'theirs-dropped',
  'theirs-kept-warned',
  'bare',
  'left-marked',
  'left-denied',
  'no-room'
]

let emulator: Emulator
let lambda: LambdaClient
const savedEnv = { ...process.env }

beforeAll(async () => {
  emulator = await startEmulator({
    timeScale: 0,
    functions: NAMES.map((name): FunctionSpec => ({
      name,
      memorySize: ORIGINAL_MB,
      description: 'orders API',
      ...(name === 'bare' ? {} : { environment: name === 'no-room' ? FULL : VARIABLES }),
      updateDelayMs: 50,
      model: { cpuMs: 10 }
    }))
  })
  lambda = new LambdaClient(clientConfig(emulator))
  // What the post step reads (as the runner hands it over).
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: emulator.url,
    AWS_REGION: emulator.region,
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'example',
    AWS_EC2_METADATA_DISABLED: 'true',
    LMB_RESTORE_DEADLINE_MS: '20000'
  })
})

afterAll(async () => {
  lambda.destroy()
  await emulator.stop()
  process.env = { ...savedEnv }
  process.exitCode = undefined
})

beforeEach(() => {
  process.exitCode = undefined
})

async function configurationOf(name: string): Promise<FunctionConfiguration> {
  const out = await lambda.send(new GetFunctionCommand({ FunctionName: name }))
  return out.Configuration!
}

/** The snapshot main takes before any change, and the control it changes the function with. */
async function snapshot(name: string): Promise<{ control: Control; snap: FunctionSnapshot }> {
  const control = controlFor(lambda, name)
  return { control, snap: await snapshotFunction(control) }
}

/** One cold-start round's change, as main makes it: memory and the marker. Its RevisionId. */
function mark(control: Control, snap: FunctionSnapshot, memorySize: number): Promise<string> {
  return applyChange(
    control,
    snap.fingerprint,
    { memorySize, environment: withMarker(snap.environment, newMarkerValue()) },
    snap.revisionId
  )
}

/** What main saves for a restore, after the change that set `requestedMemory` (`revisionId`). */
function targetOf(
  snap: FunctionSnapshot,
  revisionId: string,
  requestedMemory: number
): RestoreTarget {
  return {
    identifier: snap.functionName,
    functionName: snap.functionName,
    originalMemorySize: snap.memorySize,
    revisionId,
    fingerprint: snap.fingerprint,
    sizes: [1024, 2048],
    requestedMemory
  }
}

/**
 * Our marker change at 1024 MB, then someone else's change of STAGE (with our marker kept or
 * dropped), then the restore main would make.
 */
async function theirChangeAfterOurs(
  name: string,
  keepsMarker: boolean
): Promise<{ result: Restored; theirs: Record<string, string>; updatesBefore: number }> {
  const { control, snap } = await snapshot(name)
  const revision = await mark(control, snap, 1024)
  const current = (await configurationOf(name)).Environment!.Variables!
  expect(current[MARKER]).toBeDefined()
  const rest = Object.fromEntries(Object.entries(current).filter(([k]) => k !== MARKER))
  const theirs = { ...(keepsMarker ? current : rest), STAGE: 'staging' }
  await lambda.send(
    new UpdateFunctionConfigurationCommand({
      FunctionName: name,
      Environment: { Variables: theirs }
    })
  )
  await waitForUpdate(controlFor(lambda, name))
  const updatesBefore = emulator.journal.callsOf('UpdateFunctionConfiguration', name).length
  const result = await restoreFunction(control, targetOf(snap, revision, 1024))
  return { result, theirs, updatesBefore }
}

const updatesOf = (name: string): number =>
  emulator.journal.callsOf('UpdateFunctionConfiguration', name).length

/** Exactly as at the start: memory, every variable and its order, everything else. */
async function expectAsAtStart(name: string, variables = VARIABLES): Promise<void> {
  const c = await configurationOf(name)
  expect(c.MemorySize).toBe(ORIGINAL_MB)
  expect(c.Environment?.Variables).toStrictEqual(variables)
  expect(Object.keys(c.Environment?.Variables ?? {})).toEqual(Object.keys(variables))
  expect(emulator.journal.driftedFunctions()).not.toContain(name)
}

/** Captures what @actions/core prints (log lines and workflow commands) while `fn` runs. */
async function captureStdout(fn: () => Promise<void>): Promise<string> {
  const write = process.stdout.write.bind(process.stdout)
  let stdout = ''
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += String(chunk)
    return true
  }) as typeof process.stdout.write
  try {
    await fn()
    return stdout
  } finally {
    process.stdout.write = write
  }
}

/**
 * Main's side of a function it marked, then killed: the entry saved before the first change,
 * the size and marker announced before the change, the revision after it. The saved state.
 */
async function markAndSave(name: string): Promise<string> {
  let state = ''
  const ledger = new RestoreLedger((json) => (state = json))
  const { control, snap } = await snapshot(name)
  const key = snap.functionArn
  ledger.remember(key, {
    identifier: name,
    functionName: name,
    region: emulator.region,
    originalMemorySize: snap.memorySize,
    revisionId: snap.revisionId,
    fingerprint: snap.fingerprint,
    sizes: [1024],
    requestedMemory: snap.memorySize
  })
  ledger.requesting(key, 1024)
  ledger.marking(key)
  ledger.revision(key, await mark(control, snap, 1024))
  expect(ledger.entry(key)).toMatchObject({ marked: true, requestedMemory: 1024 })
  const now = await configurationOf(name)
  expect(now.MemorySize).toBe(1024)
  expect(now.Environment?.Variables?.[MARKER]).toBeDefined()
  return state
}

describe('restoreFunction takes the marker out', () => {
  test('memory and every other variable back exactly after a marker change', async () => {
    const { control, snap } = await snapshot('restored')
    expect(snap.environment).toStrictEqual(VARIABLES)
    const revision = await mark(control, snap, 1024)
    const marked = await configurationOf('restored')
    expect(marked.MemorySize).toBe(1024)
    expect(marked.Environment?.Variables).toMatchObject({
      ...VARIABLES,
      [MARKER]: expect.any(String)
    })

    const result = await restoreFunction(control, targetOf(snap, revision, 1024))
    expect(result).toEqual({ outcome: 'restored', marker: true })
    await expectAsAtStart('restored')
    const line = restoreOutcomeLine('restored', ORIGINAL_MB, result)
    expect(line.warning).toBe(false)
    expect(line.text).toContain('memory restored to 512 MB, environment variables as they were')
    for (const v of VALUES) expect(line.text).not.toContain(v)
  })

  test('restores a marker change main did not see complete (its saved revision is stale)', async () => {
    const { control, snap } = await snapshot('stale')
    await mark(control, snap, 1024)
    // Killed before it saved the revision: the state still holds the snapshot's.
    const result = await restoreFunction(control, targetOf(snap, snap.revisionId, 1024))
    expect(result).toEqual({ outcome: 'restored', marker: true })
    await expectAsAtStart('stale')
  })

  test('restores a marker alone: the memory is already the original', async () => {
    const { control, snap } = await snapshot('marker-only')
    const revision = await mark(control, snap, ORIGINAL_MB)
    const marked = await configurationOf('marker-only')
    expect(marked.MemorySize).toBe(ORIGINAL_MB)
    expect(marked.Environment?.Variables?.[MARKER]).toBeDefined()
    const before = updatesOf('marker-only')

    const result = await restoreFunction(control, targetOf(snap, revision, ORIGINAL_MB))
    expect(result).toEqual({ outcome: 'restored', marker: true })
    expect(updatesOf('marker-only')).toBe(before + 1)
    await expectAsAtStart('marker-only')
    expect(restoreOutcomeLine('marker-only', ORIGINAL_MB, result).text).toContain(
      'environment variables as they were'
    )
  })

  test('touches nothing when nothing of ours is left, before any change or after a restore', async () => {
    const { control, snap } = await snapshot('untouched')
    const never = await restoreFunction(control, targetOf(snap, snap.revisionId, ORIGINAL_MB))
    expect(never).toEqual({ outcome: 'unchanged', marker: false })
    expect(emulator.journal.callsOf('UpdateFunctionConfiguration', 'untouched')).toEqual([])
    expect(restoreOutcomeLine('untouched', ORIGINAL_MB, never)).toEqual({
      warning: false,
      text: 'untouched: memory already at its original 512 MB'
    })

    // Marked and restored: a second restore (the post step after main's) changes nothing.
    const revision = await mark(control, snap, 2048)
    const target = targetOf(snap, revision, 2048)
    expect(await restoreFunction(control, target)).toEqual({ outcome: 'restored', marker: true })
    const after = updatesOf('untouched')
    expect(await restoreFunction(control, target)).toEqual({ outcome: 'unchanged', marker: false })
    expect(updatesOf('untouched')).toBe(after)
    await expectAsAtStart('untouched')
  })

  test.each([
    ['keeps our marker', 'theirs-kept', true],
    ['drops our marker', 'theirs-dropped', false]
  ])(
    'leaves a function someone changed another variable of after our marker change (%s)',
    async (_label, name, keepsMarker) => {
      const { result, theirs, updatesBefore } = await theirChangeAfterOurs(name, keepsMarker)
      expect(result.outcome).toBe('conflict')
      expect(updatesOf(name)).toBe(updatesBefore)
      const left = await configurationOf(name)
      expect(left.MemorySize).toBe(1024)
      expect(left.Environment?.Variables).toStrictEqual(theirs)
      const line = restoreOutcomeLine(name, ORIGINAL_MB, result)
      expect(line.warning).toBe(true)
      expect(line.text).toContain('changed by someone else')
      for (const v of [...VALUES, 'staging']) expect(line.text).not.toContain(v)
    }
  )

  test('a conflict that leaves our marker in the function tells the user, naming the variable', async () => {
    // Someone edits a variable in the console during the benchmark: the console sends the whole
    // set back, our marker with it. The function is rightly left as they set it, so it keeps
    // the marker for good (main marks the entry done; the post step skips it): the warning is
    // the user's only chance to learn that the variable is theirs to remove.
    const { result } = await theirChangeAfterOurs('theirs-kept-warned', true)
    expect(result.outcome).toBe('conflict')
    const left = await configurationOf('theirs-kept-warned')
    expect(left.Environment?.Variables?.[MARKER]).toBeDefined()
    const line = restoreOutcomeLine('theirs-kept-warned', ORIGINAL_MB, result)
    expect(line.warning).toBe(true)
    expect(line.text).toContain(MARKER)
  })

  test('a function without variables gets no Environment back, and nothing more to restore', async () => {
    const { control, snap } = await snapshot('bare')
    expect(snap.environment).toBeNull()
    const revision = await mark(control, snap, 1024)
    expect((await configurationOf('bare')).Environment?.Variables).toEqual({
      [MARKER]: expect.any(String)
    })
    const target = targetOf(snap, revision, 1024)
    expect(await restoreFunction(control, target)).toEqual({ outcome: 'restored', marker: true })
    const back = await configurationOf('bare')
    expect(back.MemorySize).toBe(ORIGINAL_MB)
    expect(back.Environment?.Variables ?? {}).toEqual({})
    expect(emulator.journal.driftedFunctions()).not.toContain('bare')
    expect(await restoreFunction(control, target)).toEqual({ outcome: 'unchanged', marker: false })
  })
})

describe('the post step', () => {
  test('restores a function main left with the marker, from a state that holds no value', async () => {
    const state = await markAndSave('left-marked')
    for (const v of VALUES) expect(state).not.toContain(v)
    const marker = (await configurationOf('left-marked')).Environment!.Variables![MARKER]
    expect(state).not.toContain(marker)

    process.env[`STATE_${STATE_KEY}`] = state
    const stdout = await captureStdout(runPost)
    expect(process.exitCode).toBeUndefined()
    await expectAsAtStart('left-marked')
    expect(stdout).toContain(
      'left-marked: memory restored to 512 MB, environment variables as they were'
    )
    for (const v of [...VALUES, marker]) expect(stdout).not.toContain(v)
  })

  test('that cannot restore a marked function says to remove the variable, quoting no value', async () => {
    const state = await markAndSave('left-denied')
    const marked = await configurationOf('left-denied')
    emulator.setFaults('left-denied', { accessDenied: ['UpdateFunctionConfiguration'] })
    try {
      process.env[`STATE_${STATE_KEY}`] = state
      const stdout = await captureStdout(runPost)
      expect(process.exitCode).toBe(1)
      const failures = stdout.split('\n').filter((l) => l.startsWith('::error'))
      expect(failures).toHaveLength(1)
      const [failure] = failures
      expect(failure).toContain('left-denied')
      expect(failure).toContain('512 MB')
      expect(failure).toContain(MARKER)
      const marker = marked.Environment!.Variables![MARKER]
      for (const v of [...VALUES, marker]) {
        expect(failure).not.toContain(v)
        expect(stdout).not.toContain(v)
      }
      // Left as main left it: nothing was changed.
      const left = await configurationOf('left-denied')
      expect(left.MemorySize).toBe(1024)
      expect(left.RevisionId).toBe(marked.RevisionId)
      expect(left.Environment?.Variables).toStrictEqual(marked.Environment?.Variables)
    } finally {
      emulator.setFaults('left-denied', {})
    }
  })
})

describe('applyChange over the 4 KB limit', () => {
  test("fails without quoting the set Lambda's refusal quotes, and leaves the function unchanged", async () => {
    const { control, snap } = await snapshot('no-room')
    expect(snap.environment).toStrictEqual(FULL)
    // The check before any change refuses it; this is the scrub behind that check.
    expect(markerRoomProblem(snap.environment, 'no-room')).toBeDefined()
    const before = await configurationOf('no-room')
    const markerValue = newMarkerValue()
    const environment = withMarker(snap.environment, markerValue)
    expect(Buffer.byteLength(JSON.stringify(environment), 'utf8')).toBeGreaterThan(4096)

    const error = await caught(
      applyChange(control, snap.fingerprint, { memorySize: 1024, environment }, snap.revisionId)
    )
    expect(error).toBeInstanceOf(BenchmarkError)
    // The refusal reached Lambda (and was not made up on our side).
    const calls = emulator.journal.callsOf('UpdateFunctionConfiguration', 'no-room')
    expect(calls.map((c) => [c.status, c.errorCode])).toEqual([
      [400, 'InvalidParameterValueException']
    ])
    const { message } = error
    expect(message).toContain('no-room')
    expect(message).toContain('exceeded the 4KB limit')
    for (const leak of [SECRET, BLOB, markerValue, '{"', '":"']) {
      expect(message).not.toContain(leak)
    }
    for (let i = 0; i + 16 <= BLOB.length; i += 250) {
      expect(message).not.toContain(BLOB.slice(i, i + 16))
    }

    const after = await configurationOf('no-room')
    expect(after.MemorySize).toBe(ORIGINAL_MB)
    expect(after.RevisionId).toBe(before.RevisionId)
    expect(after.Environment?.Variables).toStrictEqual(FULL)
    expect(emulator.journal.driftedFunctions()).not.toContain('no-room')
  })
})

/**
 * The fault matrix: every fault the action must survive, each row an end-to-end run of the
 * built action against the emulator. Each row asserts the exit code, the message, what the
 * report says, that the other functions' results are complete, and that every function ends
 * with the configuration it started with (the emulator's journal). Rows that can share an
 * emulator share one run (one function a row); the runs go concurrently. Needs `npm run bundle`.
 *
 * Rows proven elsewhere: AccessDenied, Pending → Active, state Failed, timeouts at one size and
 * CloudWatch Logs denied in faults.test.ts; SIGTERM / SIGINT mid-tier and a second signal during
 * the restore in cancel.test.ts.
 */
import { join } from 'node:path'
import { LambdaClient, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda'
import { clientConfig } from '../emulator/clients.js'
import type { CallRecord, Emulator, FunctionSpec, InvocationRecord } from '../emulator/index.js'
import { startEmulator } from '../emulator/index.js'
import { REPO_ROOT, resultsOf, runAction, type RunResult } from '../runner.js'
import type { FunctionResult, Results } from '../../src/model/results.js'

const SIZES = [128, 256, 512]
const POST_SCRIPT = join(REPO_ROOT, 'dist', 'post', 'index.js')
const fast = (name: string, extra: Partial<FunctionSpec> = {}): FunctionSpec => ({
  name,
  memorySize: 1024,
  timeout: 30,
  updateDelayMs: 80,
  model: { cpuMs: 100 },
  ...extra
})

/** Calls `hook` after the emulator journals each call / invocation (the test's eyes on the wire). */
function onCall(emulator: Emulator, hook: (call: CallRecord) => void): void {
  const journal = emulator.journal
  const record = journal.call.bind(journal)
  journal.call = (call) => {
    record(call)
    hook(call)
  }
}
function onInvocation(emulator: Emulator, hook: (invocation: InvocationRecord) => void): void {
  const journal = emulator.journal
  const record = journal.invocation.bind(journal)
  journal.invocation = (invocation) => {
    record(invocation)
    hook(invocation)
  }
}

const fnOf = (results: Results, name: string): FunctionResult =>
  results.functions.find((f) => f.functionName === name)!
const errorLine = (run: RunResult): string =>
  run.stdout.split('\n').find((l) => l.startsWith('::error::')) ?? ''
const invocationsOf = (emulator: Emulator, name: string): InvocationRecord[] =>
  emulator.journal.invocations.filter((i) => i.functionName === name)
/** Every function (named in the scenario) back to its starting configuration. */
function expectUnchanged(emulator: Emulator, specs: FunctionSpec[]): void {
  expect(emulator.journal.driftedFunctions()).toEqual([])
  for (const f of specs) {
    expect(emulator.functionConfig(f.name)).toMatchObject({
      MemorySize: f.memorySize,
      LastUpdateStatus: expect.stringMatching(/Successful|Failed/) as unknown as string
    })
  }
}

const baseInputs = {
  'memory-sizes': SIZES.join(','),
  invocations: '20',
  concurrency: '4',
  'comment-mode': 'off'
}

// ---- Run A: faults that are survived without losing a sample (exit 0) ----
const A: FunctionSpec[] = [
  fast('a-healthy'),
  fast('errors-30pct', { model: { cpuMs: 100, errorRate: 0.3 } }),
  fast('invoke-500s', { faults: { serviceErrors: { operation: 'Invoke', count: 8 } } }),
  fast('update-500s', {
    faults: { serviceErrors: { operation: 'UpdateFunctionConfiguration', count: 3 } }
  }),
  fast('dropped', { faults: { dropConnection: { operation: 'Invoke', count: 4 } } }),
  // The first memory change is applied but its answer is lost: the retry gets 412.
  fast('update-answer-lost', {
    updateDelayMs: 50,
    faults: {
      dropConnection: { operation: 'UpdateFunctionConfiguration', count: 1, afterApplying: true }
    }
  })
]
// ---- Run B: functions that cannot be benchmarked (exit 1), and one that is fine ----
const B: FunctionSpec[] = [
  fast('b-healthy'),
  fast('stuck', { faults: { updateOutcome: 'InProgressForever' } }),
  fast('update-fails', { faults: { updateOutcome: 'Failed' } })
]
// ---- Run C: a throttling storm (reserved concurrency 1, 50 in flight asked) ----
const C: FunctionSpec[] = [fast('throttled', { reservedConcurrency: 1 }), fast('c-bystander')]
// ---- Run D: the emulator gone for 10 s just as the restore starts ----
const D: FunctionSpec[] = [fast('comes-back'), fast('d-bystander')]
// ---- Run E: someone else changes the function's Timeout mid-run ----
const E: FunctionSpec[] = [fast('theirs'), fast('e-bystander')]

const emulators: Emulator[] = []
let emuA: Emulator, emuB: Emulator, emuC: Emulator, emuD: Emulator, emuE: Emulator
let runA: RunResult, runB: RunResult, runC: RunResult, runD: RunResult, runE: RunResult
let resA: Results, resB: Results, resC: Results, resD: Results, resE: Results
/** When the emulator went away and came back (run D). */
let pausedAt = 0
let backAt = 0
/** Post steps run again after run B (the stuck update finally completed). */
let postAgain: RunResult
let postThird: RunResult
let callsBeforeThird = 0

beforeAll(async () => {
  ;[emuA, emuB, emuC, emuD, emuE] = await Promise.all([
    startEmulator({ timeScale: 0, seed: 3, functions: A }),
    startEmulator({ timeScale: 0, seed: 4, functions: B }),
    // Invocations must overlap for reserved concurrency to bite: ~7 ms each at 128 MB.
    startEmulator({ timeScale: 0.005, seed: 5, functions: C }),
    startEmulator({ timeScale: 0, seed: 6, functions: D }),
    startEmulator({ timeScale: 0, seed: 7, functions: E })
  ])
  emulators.push(emuA, emuB, emuC, emuD, emuE)

  // A second burst of 500s in the middle of the run, not only at its start.
  let burst = false
  onInvocation(emuA, (i) => {
    if (i.functionName === 'invoke-500s' && i.memorySize === 256 && !burst) {
      burst = true
      emuA.setFaults('invoke-500s', { serviceErrors: { operation: 'Invoke', count: 6 } })
    }
  })

  // Run D: the first GetFunction of 'comes-back' after its last tier is the restore's: the
  // emulator goes away right then (that answer is lost too) and is back 10 s later.
  onCall(emuD, (c) => {
    if (pausedAt || c.operation !== 'GetFunction' || c.functionName !== 'comes-back') return
    const lastTier = invocationsOf(emuD, 'comes-back').filter((i) => i.memorySize === 512)
    if (lastTier.length < 20) return
    pausedAt = Date.now()
    void emuD.pause(10_000).then(() => (backAt = Date.now()))
  })

  // Run E: at the first invocation of the second size, someone else sets Timeout 42. The
  // action's further Invokes of it wait until their change is answered, so it surely lands
  // before the action's next update, however the machine paces the two clients.
  const theirClient = new LambdaClient(clientConfig(emuE))
  let theirChange: Promise<unknown> | undefined
  onInvocation(emuE, (i) => {
    if (i.functionName === 'theirs' && i.memorySize === 256 && !theirChange) {
      theirChange = theirClient.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: 'theirs', Timeout: 42 })
      )
      emuE.hold('theirs', 'Invoke', theirChange)
    }
  })

  // The step limit only guards against a hang: run D alone waits out 10 s.
  const env = (emu: Emulator, extra: Record<string, string> = {}) => ({
    env: { AWS_ENDPOINT_URL: emu.url, LMB_LOGS_DEADLINE_MS: '2000', ...extra },
    timeoutMs: 120_000
  })
  ;[runA, runB, runC, runD, runE] = await Promise.all([
    runAction({
      inputs: { ...baseInputs, functions: A.map((f) => f.name).join(',') },
      ...env(emuA)
    }),
    runAction({
      inputs: { ...baseInputs, functions: [...B.map((f) => f.name), 'ghost'].join(',') },
      ...env(emuB, { LMB_UPDATE_DEADLINE_MS: '1000', LMB_RESTORE_DEADLINE_MS: '2500' })
    }),
    runAction({
      inputs: {
        ...baseInputs,
        'memory-sizes': '128,256',
        invocations: '15',
        concurrency: '50',
        functions: C.map((f) => f.name).join(',')
      },
      ...env(emuC)
    }),
    runAction({
      inputs: { ...baseInputs, functions: D.map((f) => f.name).join(',') },
      ...env(emuD)
    }),
    runAction({
      inputs: { ...baseInputs, functions: E.map((f) => f.name).join(',') },
      ...env(emuE)
    })
  ])
  await theirChange
  theirClient.destroy()
  ;[resA, resB, resC, resD, resE] = await Promise.all([runA, runB, runC, runD, runE].map(resultsOf))

  // Run B, later: the stuck update finally completes; a post step run again (as a re-run of
  // the job would) puts 'stuck' back; a third one finds nothing to do.
  emuB.setFaults('stuck', {})
  const postOnly = async (): Promise<RunResult> =>
    runAction({
      inputs: {},
      entry: { main: POST_SCRIPT, post: POST_SCRIPT },
      post: false,
      env: { AWS_ENDPOINT_URL: emuB.url, STATE_functions: runB.state.functions ?? '' }
    })
  postAgain = await postOnly()
  callsBeforeThird = emuB.journal.calls.length
  postThird = await postOnly()
}, 240_000)

afterAll(async () => {
  await Promise.all(emulators.map((e) => e.stop()))
})

describe('run A: survived faults lose nothing (exit 0)', () => {
  test('exit 0, no error, every function complete at every size', () => {
    expect(errorLine(runA)).toBe('')
    expect(runA.exitCode).toBe(0)
    for (const f of A) {
      const r = fnOf(resA, f.name)
      expect(r.status).toBe('ok')
      expect(r.tiers.map((t) => t.invocations)).toEqual([20, 20, 20])
      // Exactly what was asked ran: no hidden extra invocation, no lost one.
      expect(invocationsOf(emuA, f.name)).toHaveLength(60)
    }
  })

  test('30 % function errors: counted by type, the rest measured, the report shows them', () => {
    const r = fnOf(resA, 'errors-30pct')
    const errors = r.tiers.reduce((n, t) => n + t.errors, 0)
    expect(errors).toBe(invocationsOf(emuA, 'errors-30pct').filter((i) => i.error).length)
    expect(errors).toBeGreaterThan(8)
    expect(errors).toBeLessThan(32)
    for (const t of r.tiers) {
      expect(t.errorTypes).toEqual(t.errors ? { RuntimeError: t.errors } : {})
      expect(t.billedDuration).not.toBeNull()
    }
    // The table cell says how many failed; the details name the type.
    expect(runA.outputs.report).toMatch(/<sub>p90 1,383\s\S\s⚠ \d+ errors<\/sub>/)
    expect(runA.outputs.report).toMatch(/Errors at 128\sMB: <code>RuntimeError × \d+<\/code>/)
  })

  test('500 ServiceException bursts on Invoke (at the start and mid-run) are waited out', () => {
    const failed = emuA.journal.callsOf('Invoke', 'invoke-500s').filter((c) => c.status === 500)
    expect(failed).toHaveLength(14)
  })

  test('500s on UpdateFunctionConfiguration are retried', () => {
    const calls = emuA.journal.callsOf('UpdateFunctionConfiguration', 'update-500s')
    expect(calls.filter((c) => c.status === 500)).toHaveLength(3)
    expect(fnOf(resA, 'update-500s').tiers.map((t) => t.memorySize)).toEqual(SIZES)
  })

  test('connections dropped mid-invocation are tried again', () => {
    const dropped = emuA.journal
      .callsOf('Invoke', 'dropped')
      .filter((c) => c.errorCode === 'ConnectionDropped')
    expect(dropped).toHaveLength(4)
  })

  test('an update applied whose answer was lost is recognised as ours (412 on the retry)', () => {
    const calls = emuA.journal.callsOf('UpdateFunctionConfiguration', 'update-answer-lost')
    expect(calls[0]?.errorCode).toBe('ConnectionDropped')
    expect(calls.some((c) => c.errorCode === 'PreconditionFailedException')).toBe(true)
    expect(fnOf(resA, 'update-answer-lost').tiers.map((t) => t.memorySize)).toEqual(SIZES)
  })

  test('every function ends as it started; the post step has nothing to do', () => {
    expectUnchanged(emuA, A)
    expect(runA.post?.exitCode).toBe(0)
    expect(runA.post?.stdout).not.toMatch(/post: restoring/)
  })
})

describe('run B: functions that cannot be benchmarked (exit 1), the others complete', () => {
  test('exit 1 after the others are done; the error names each function and what to do', () => {
    expect(runB.exitCode).toBe(1)
    const error = errorLine(runB)
    expect(error).toContain('3 of 4 function(s) could not be benchmarked')
    expect(fnOf(resB, 'b-healthy')).toMatchObject({ status: 'ok', error: null })
    expect(fnOf(resB, 'b-healthy').tiers.map((t) => t.invocations)).toEqual([20, 20, 20])
    expect(resB.functions.map((f) => f.status)).toEqual(['ok', 'failed', 'failed', 'failed'])
  })

  test('function not found: named, with the ARN AWS looked for; nothing invoked', () => {
    const ghost = fnOf(resB, 'ghost')
    expect(ghost.error).toMatch(
      /^lambda:GetFunction failed for ghost: ResourceNotFoundException: Function not found: arn:aws:lambda:us-east-1:123456789012:function:ghost/
    )
    expect(ghost.tiers).toEqual([])
    expect(runB.outputs.report).toMatch(/\*\*ghost\*\*: <code>lambda:GetFunction failed for ghost/)
  })

  test('an update that Failed: named with its reason; memory never changed', () => {
    const r = fnOf(resB, 'update-fails')
    expect(r.error).toBe(
      'the update of update-fails Failed: An internal error occurred while updating the function. (InternalError)'
    )
    expect(r.tiers).toEqual([])
    expect(invocationsOf(emuB, 'update-fails')).toEqual([])
    expect(runB.outputs.report).toContain('the update of update-fails Failed')
  })

  test('an update stuck InProgress past LMB_UPDATE_DEADLINE_MS: failed, restore left to post', () => {
    const r = fnOf(resB, 'stuck')
    expect(r.error).toMatch(
      /^the update of stuck was still InProgress after \d+ s \(LMB_UPDATE_DEADLINE_MS\); could not restore the original 1024 MB \(the post step will try again\): could not restore stuck to 1024 MB before the deadline \(LMB_RESTORE_DEADLINE_MS\): an update is still in progress/
    )
    expect(r.tiers).toEqual([])
    expect(invocationsOf(emuB, 'stuck')).toEqual([])
    // The post step tried too, and said what to do by hand, in one sentence.
    expect(runB.post?.exitCode).toBe(1)
    const errors = (runB.post?.stdout ?? '').split('\n').filter((l) => l.startsWith('::error::'))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(
      /^::error::Could not restore stuck to 1024 MB before the deadline \(LMB_RESTORE_DEADLINE_MS\): .*; set its memory back by hand \(aws lambda update-function-configuration --region us-east-1 --function-name stuck --memory-size 1024\)$/
    )
  })

  test('the original configuration was saved before the first change', () => {
    const saved = JSON.parse(runB.state.functions) as Record<string, Record<string, unknown>>
    const stuck = saved[emuB.initialConfig('stuck').FunctionArn]
    // The revision of the snapshot: saved before our first (never applied) update.
    expect(stuck).toMatchObject({
      originalMemorySize: 1024,
      revisionId: emuB.initialConfig('stuck').RevisionId,
      restored: false
    })
    expect(saved[emuB.initialConfig('b-healthy').FunctionArn]).toMatchObject({
      originalMemorySize: 1024,
      restored: true
    })
    // Its update Failed, so its memory never moved: found unchanged, nothing left for post.
    expect(saved[emuB.initialConfig('update-fails').FunctionArn]).toMatchObject({ restored: true })
    // Not found: never changed, never saved.
    expect(Object.keys(saved)).toHaveLength(3)
  })

  test('once the update completes, the post step run again restores it; a third does nothing', () => {
    expect(postAgain.exitCode).toBe(0)
    expect(postAgain.stdout).toMatch(/post: restoring 1 function\(s\)/)
    expect(postAgain.stdout).toMatch(/stuck: memory restored to 1024 MB/)
    expectUnchanged(emuB, B)
    expect(postThird.exitCode).toBe(0)
    const third = emuB.journal.calls.slice(callsBeforeThird)
    expect(third.filter((c) => c.operation === 'UpdateFunctionConfiguration')).toEqual([])
  })
})

describe('run C: a throttling storm', () => {
  test('reserved concurrency 1, 50 asked: every invocation taken, throttles counted, exit 0', () => {
    expect(runC.exitCode).toBe(0)
    const r = fnOf(resC, 'throttled')
    expect(r.status).toBe('ok')
    expect(r.tiers.map((t) => t.invocations)).toEqual([15, 15])
    expect(r.tiers.every((t) => t.errors === 0)).toBe(true)
    const throttled = emuC.journal.callsOf('Invoke', 'throttled').filter((c) => c.status === 429)
    expect(throttled.length).toBeGreaterThan(0)
    expect(r.tiers.reduce((n, t) => n + (t.throttles ?? 0), 0)).toBe(throttled.length)
    expect(invocationsOf(emuC, 'throttled')).toHaveLength(30)
    expect(runC.stdout).toMatch(/throttled @ 128 MB: .*throttled attempts retried/)
    expect(fnOf(resC, 'c-bystander').tiers.map((t) => t.invocations)).toEqual([15, 15])
    expectUnchanged(emuC, C)
  })
})

describe('run D: the emulator gone for 10 s as the restore starts', () => {
  test('the restore is retried until it is back; nothing lost, exit 0', () => {
    // Gone and back, in that order (the 10 s are the fixture's own timer, not the action's).
    expect(pausedAt).toBeGreaterThan(0)
    expect(backAt).toBeGreaterThan(pausedAt)
    expect(runD.exitCode).toBe(0)
    expect(runD.stdout).toMatch(/comes-back: memory restored to 1024 MB/)
    const restore = emuD.journal
      .callsOf('UpdateFunctionConfiguration', 'comes-back')
      .filter((c) => c.at >= backAt && c.status === 200)
    expect(restore).toHaveLength(1)
    for (const f of D) {
      expect(fnOf(resD, f.name).tiers.map((t) => t.invocations)).toEqual([20, 20, 20])
    }
    expectUnchanged(emuD, D)
    expect(runD.post?.stdout).not.toMatch(/post: restoring/)
  })
})

describe('run E: someone else changes the function mid-run', () => {
  test('RevisionId protects their change: warned, left as they set it, measured sizes kept', () => {
    const r = fnOf(resE, 'theirs')
    expect(runE.exitCode).toBe(1)
    expect(r.status).toBe('failed')
    expect(r.error).toMatch(/theirs was changed by someone else during the benchmark/)
    expect(r.tiers.map((t) => t.memorySize)).toEqual([128, 256])
    expect(runE.stdout).toMatch(
      /::warning::theirs was changed by someone else during the benchmark, so it was left as they set it; its original memory was 1024 MB/
    )
    // Their Timeout stands; our memory change under it was not overwritten either.
    expect(emuE.functionConfig('theirs')).toMatchObject({ Timeout: 42, MemorySize: 256 })
    // Exactly one function drifted: theirs, by their hand.
    expect(emuE.journal.driftedFunctions()).toEqual(['theirs'])
    expect(fnOf(resE, 'e-bystander').tiers.map((t) => t.invocations)).toEqual([20, 20, 20])
    expect(runE.post?.stdout).not.toMatch(/post: restoring/)
  })
})

test('the whole fault suite leaves no function changed but the one someone else changed', () => {
  const drifted = emulators.flatMap((e) => e.journal.driftedFunctions())
  expect(drifted).toEqual(['theirs'])
})

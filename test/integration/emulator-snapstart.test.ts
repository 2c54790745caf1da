/**
 * The emulator's SnapStart and Lambda Managed Instances, through the real SDK, and what the
 * configuration code makes of them (src/configure/snapshot.ts):
 * - SnapStart restores published versions only: a version's first invocation on a fresh
 *   environment reports Restore Duration and Billed Restore Duration (Billed Duration includes
 *   it, as a real record does), `$LATEST` initialises as usual;
 * - a capacity provider shows in GetFunction as the real API returns it, an unqualified invoke
 *   runs `$LATEST.PUBLISHED`, and such a function is refused by the snapshot before any change.
 */
import {
  GetFunctionCommand,
  InvokeCommand,
  PublishVersionCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionUpdatedV2,
  type LambdaClient
} from '@aws-sdk/client-lambda'
import { decodeLogResult, findReport } from '../../src/bench/report-record.js'
import { snapshotFunction } from '../../src/configure/snapshot.js'
import { BenchmarkError } from '../../src/core/errors.js'
import { sdkClients } from '../emulator/clients.js'
import { startEmulator, type Emulator, type InvocationRecord } from '../emulator/index.js'
import { controlFor } from '../fixtures/control.js'
import { caught } from './caught.js'

const PROVIDER_ARN = 'arn:aws:lambda:us-east-1:123456789012:capacity-provider:shared-fleet'

let emu: Emulator
let lambda: LambdaClient

beforeAll(async () => {
  emu = await startEmulator({
    seed: 5,
    functions: [
      {
        name: 'snap',
        memorySize: 1024,
        snapStart: true,
        updateDelayMs: 20,
        model: { cpuMs: 300, initMs: 200 }
      },
      {
        name: 'snap-json',
        memorySize: 1024,
        snapStart: true,
        logFormat: 'JSON',
        model: { cpuMs: 300, initMs: 200 }
      },
      { name: 'plain', memorySize: 1024, model: { cpuMs: 300 } },
      {
        name: 'managed',
        memorySize: 2048,
        updateDelayMs: 20,
        capacityProvider: {
          arn: PROVIDER_ARN,
          perExecutionEnvironmentMaxConcurrency: 16,
          memoryGiBPerVCpu: 2
        },
        model: { cpuMs: 50 }
      },
      { name: 'managed-default', capacityProvider: {}, model: { cpuMs: 50 } }
    ]
  })
  lambda = sdkClients(emu).lambda
})

afterAll(async () => {
  lambda.destroy()
  await emu.stop()
})

/** One synchronous invoke with its tail; the REPORT the action's parser reads from it. */
async function invoke(name: string, qualifier?: string) {
  const out = await lambda.send(
    new InvokeCommand({ FunctionName: name, Qualifier: qualifier, LogType: 'Tail' })
  )
  const tail = decodeLogResult(out.LogResult)
  const requestId = out.$metadata.requestId ?? ''
  const journal = emu.journal.invocations.find((i) => i.requestId === requestId)
  return { out, tail, report: findReport(tail, requestId), journal: journal as InvocationRecord }
}

describe('SnapStart', () => {
  it('shows OptimizationStatus Off on $LATEST and On on a published version', async () => {
    const latest = await lambda.send(new GetFunctionCommand({ FunctionName: 'snap' }))
    expect(latest.Configuration?.SnapStart).toEqual({
      ApplyOn: 'PublishedVersions',
      OptimizationStatus: 'Off'
    })
    const plain = await lambda.send(new GetFunctionCommand({ FunctionName: 'plain' }))
    expect(plain.Configuration?.SnapStart).toEqual({ ApplyOn: 'None', OptimizationStatus: 'Off' })
    const v = await lambda.send(new PublishVersionCommand({ FunctionName: 'snap' }))
    expect(v.SnapStart).toEqual({ ApplyOn: 'PublishedVersions', OptimizationStatus: 'On' })
    const got = await lambda.send(
      new GetFunctionCommand({ FunctionName: 'snap', Qualifier: v.Version })
    )
    expect(got.Configuration?.SnapStart?.OptimizationStatus).toBe('On')
  })

  it('initialises $LATEST as usual: Init Duration, no restore', async () => {
    const cold = await invoke('snap')
    expect(cold.out.ExecutedVersion).toBe('$LATEST')
    expect(cold.journal).toMatchObject({ cold: true, version: '$LATEST' })
    expect(cold.journal.initDurationMs).toBeGreaterThan(0)
    expect(cold.journal.restoreDurationMs).toBeUndefined()
    expect(cold.tail).toContain('\tInit Duration: ')
    expect(cold.tail).not.toContain('Restore Duration')
    // Billed Duration includes the billed INIT (since August 2025), as for any function.
    expect(cold.report?.billedDurationMs).toBe(
      Math.ceil(cold.journal.durationMs + cold.journal.initDurationMs!)
    )
  })

  it('restores a version: Restore and Billed Restore Duration, Billed Duration includes it once', async () => {
    const { Version } = await lambda.send(new PublishVersionCommand({ FunctionName: 'snap' }))
    const restored = await invoke('snap', Version)
    const j = restored.journal
    expect(restored.out.ExecutedVersion).toBe(Version)
    expect(j).toMatchObject({ cold: true, version: Version })
    expect(j.initDurationMs).toBeUndefined()
    expect(j.restoreDurationMs).toBeGreaterThan(0)
    expect(j.billedRestoreDurationMs).toBeGreaterThan(0)
    // As the real record: Duration 306.34 ms, Billed Restore 303 ms, Billed 610 ms = 307 + 303.
    expect(j.billedDurationMs).toBe(Math.ceil(j.durationMs) + j.billedRestoreDurationMs!)
    expect(restored.tail).toMatch(
      /\tRestore Duration: [\d.]+ ms\tBilled Restore Duration: \d+ ms\t\n$/
    )
    expect(restored.tail).not.toContain('Init Duration')
    // The action's parser reads exactly the emulator's figures.
    expect(restored.report).toEqual({
      requestId: j.requestId,
      durationMs: j.durationMs,
      billedDurationMs: j.billedDurationMs,
      memorySizeMB: j.memorySize,
      maxMemoryUsedMB: j.maxMemoryUsedMB,
      restoreDurationMs: j.restoreDurationMs,
      billedRestoreDurationMs: j.billedRestoreDurationMs
    })
    // The environment is warm afterwards: no restore, Billed Duration is the duration's.
    const warm = await invoke('snap', Version)
    expect(warm.journal.cold).toBe(false)
    expect(warm.journal.restoreDurationMs).toBeUndefined()
    expect(warm.report?.restoreDurationMs).toBeUndefined()
    expect(warm.report?.billedDurationMs).toBe(Math.ceil(warm.journal.durationMs))
  })

  it('writes the restore in JSON format: the platform.report metrics', async () => {
    const { Version } = await lambda.send(new PublishVersionCommand({ FunctionName: 'snap-json' }))
    const restored = await invoke('snap-json', Version)
    const j = restored.journal
    expect(j.restoreDurationMs).toBeGreaterThan(0)
    expect(restored.report).toMatchObject({
      billedDurationMs: Math.ceil(j.durationMs) + j.billedRestoreDurationMs!,
      restoreDurationMs: j.restoreDurationMs,
      billedRestoreDurationMs: j.billedRestoreDurationMs
    })
    expect(restored.report?.initDurationMs).toBeUndefined()
    const latest = await invoke('snap-json')
    expect(latest.report?.initDurationMs).toBeGreaterThan(0)
    expect(latest.report?.restoreDurationMs).toBeUndefined()
  })

  it('the snapshot reads SnapStart on published versions', async () => {
    const snap = await snapshotFunction(controlFor(lambda, 'snap'))
    const plain = await snapshotFunction(controlFor(lambda, 'plain'))
    expect([snap.snapStart, plain.snapStart]).toEqual([true, false])
  })
})

describe('Lambda Managed Instances', () => {
  it('GetFunction carries CapacityProviderConfig as the real API returns it', async () => {
    const got = await lambda.send(new GetFunctionCommand({ FunctionName: 'managed' }))
    expect(got.Configuration?.CapacityProviderConfig).toEqual({
      LambdaManagedInstancesCapacityProviderConfig: {
        CapacityProviderArn: PROVIDER_ARN,
        PerExecutionEnvironmentMaxConcurrency: 16,
        ExecutionEnvironmentMemoryGiBPerVCpu: 2
      }
    })
    expect(got.Configuration?.LoggingConfig?.LogFormat).toBe('JSON')
    const byDefault = await lambda.send(new GetFunctionCommand({ FunctionName: 'managed-default' }))
    expect(byDefault.Configuration?.CapacityProviderConfig).toEqual({
      LambdaManagedInstancesCapacityProviderConfig: {
        CapacityProviderArn:
          'arn:aws:lambda:us-east-1:123456789012:capacity-provider:managed-default-capacity'
      }
    })
    const plain = await lambda.send(new GetFunctionCommand({ FunctionName: 'plain' }))
    expect(plain.Configuration?.CapacityProviderConfig).toBeUndefined()
  })

  it('an unqualified invoke runs $LATEST.PUBLISHED: the newest version, no billed duration in its report', async () => {
    const before = await invoke('managed')
    expect(before.out.ExecutedVersion).toBe('$LATEST.PUBLISHED')
    expect(before.journal.version).toBe('$LATEST.PUBLISHED')
    expect(before.tail).toContain('"version":"$LATEST.PUBLISHED"')
    // Its platform.report has the duration and spans, but no billed duration or memory: the
    // action's parser finds no complete REPORT in it.
    expect(before.tail).toMatch(/"type":"platform.report".*"spans":/)
    expect(before.tail).not.toContain('billedDurationMs')
    expect(before.report).toBeNull()

    const { Version } = await lambda.send(new PublishVersionCommand({ FunctionName: 'managed' }))
    // $LATEST changed after the version: an unqualified invoke still runs the version.
    await lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: 'managed', MemorySize: 4096 })
    )
    await waitUntilFunctionUpdatedV2(
      { client: lambda, maxWaitTime: 10, minDelay: 1 },
      { FunctionName: 'managed' }
    )
    const after = await invoke('managed')
    expect(after.out.ExecutedVersion).toBe('$LATEST.PUBLISHED')
    expect(after.journal.memorySize).toBe(2048)
    const latest = await invoke('managed', '$LATEST')
    expect(latest.out.ExecutedVersion).toBe('$LATEST')
    expect(latest.journal.memorySize).toBe(4096)
    const version = await invoke('managed', Version)
    expect(version.out.ExecutedVersion).toBe(Version)
  })

  it('refuses a Text log format at start (Managed Instances log in JSON only)', async () => {
    await expect(
      startEmulator({
        functions: [{ name: 'm', logFormat: 'Text', capacityProvider: {}, model: { cpuMs: 1 } }]
      })
    ).rejects.toThrow(/JSON only/)
  })

  it('the snapshot refuses it after one read: nothing changed, nothing invoked', async () => {
    const since = emu.journal.calls.length
    const invoked = emu.journal.invocations.length
    const error = await caught(snapshotFunction(controlFor(lambda, 'managed-default')))
    expect(error).toBeInstanceOf(BenchmarkError)
    expect(error.message).toMatch(/^managed-default runs on Lambda Managed Instances/)
    expect(error.message).toContain('$LATEST.PUBLISHED')
    expect(error.message).toContain('instances')
    const calls = emu.journal.calls.slice(since).map((c) => `${c.operation} ${c.functionName}`)
    expect(calls).toEqual(['GetFunction managed-default'])
    expect(emu.journal.invocations).toHaveLength(invoked)
  })
})

import {
  CreateAliasCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
  ListAliasesCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
  type InvokeCommandOutput
} from '@aws-sdk/client-lambda'
import { startEmulator, type Emulator } from '../emulator/index.js'
import { sdkClients } from '../emulator/clients.js'
import { caught } from './caught.js'

const tail = (out: InvokeCommandOutput): string =>
  Buffer.from(out.LogResult ?? '', 'base64').toString('utf8')

const reportField = (text: string, field: string): string | undefined =>
  new RegExp(`\\t${field}: ([\\d.]+)`).exec(text)?.[1] ??
  new RegExp(`^REPORT .*?${field}: ([\\d.]+)`, 'm').exec(text)?.[1]

describe('emulator: Lambda REST-JSON', () => {
  let emu: Emulator
  let lambda: LambdaClient
  let once: LambdaClient

  beforeAll(async () => {
    emu = await startEmulator({
      seed: 7,
      functions: [
        { name: 'app', updateDelayMs: 300, model: { cpuMs: 200, initMs: 100, noisePct: 5 } },
        { name: 'lifecycle', updateDelayMs: 400, model: { cpuMs: 50 } },
        { name: 'json-fn', logFormat: 'JSON', model: { cpuMs: 40 } },
        { name: 'quiet', logFormat: 'JSON', systemLogLevel: 'WARN', model: { cpuMs: 40 } },
        { name: 'chatty', model: { cpuMs: 40, logBytes: 20_000 } },
        { name: 'failing', model: { cpuMs: 40, errorRate: 1 } },
        { name: 'slow', timeout: 1, model: { cpuMs: 40 }, faults: { timeoutAtMemory: [128] } },
        {
          name: 'locked',
          model: { cpuMs: 40 },
          faults: { accessDenied: ['UpdateFunctionConfiguration'] }
        },
        { name: 'throttled', reservedConcurrency: 0, model: { cpuMs: 40 } },
        {
          name: 'flaky',
          model: { cpuMs: 40 },
          faults: { serviceErrors: { operation: 'GetFunction', count: 2 } }
        },
        { name: 'versioned', updateDelayMs: 50, model: { cpuMs: 40 } },
        { name: 'single', memorySize: 1769, model: { cpuMs: 1000 } },
        { name: 'threaded', memorySize: 1769, model: { cpuMs: 1000, threads: 4 } },
        { name: 'snap', snapStart: true, model: { cpuMs: 40 } }
      ]
    })
    lambda = sdkClients(emu).lambda
    once = sdkClients(emu, 1).lambda
  })
  afterAll(async () => {
    lambda.destroy()
    once.destroy()
    await emu.stop()
  })

  it('runs an update InProgress → Successful, with a 409 for an overlapping one and the waiter', async () => {
    // Held InProgress until the waiter has seen it so (lifted below): how long the machine
    // takes between the update and the waiter's first look does not decide what it sees.
    emu.setFaults('lifecycle', { updateOutcome: 'InProgressForever' })
    const before = await lambda.send(new GetFunctionCommand({ FunctionName: 'lifecycle' }))
    const updated = await lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: 'lifecycle', MemorySize: 1024 })
    )
    expect(updated.LastUpdateStatus).toBe('InProgress')
    expect(updated.LastUpdateStatusReason).toBe('The function is being created.')
    expect(updated.LastUpdateStatusReasonCode).toBe('Creating')
    expect(updated.State).toBe('Active')
    expect(updated.MemorySize).toBe(1024)
    expect(updated.RevisionId).not.toBe(before.Configuration?.RevisionId)

    const conflict = await caught(
      once.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'lifecycle', Timeout: 9 }))
    )
    expect(conflict.name).toBe('ResourceConflictException')
    expect(conflict.message).toBe(
      'The operation cannot be performed at this time. An update is in progress for resource: arn:aws:lambda:us-east-1:123456789012:function:lifecycle'
    )
    expect((conflict.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(409)

    const asked = emu.journal.untilCall(
      (c) => c.operation === 'GetFunction' && c.functionName === 'lifecycle'
    )
    const gets = emu.journal.callsOf('GetFunction', 'lifecycle').length
    const waiting = waitUntilFunctionUpdatedV2(
      { client: lambda, maxWaitTime: 10, minDelay: 0.1, maxDelay: 0.2 },
      { FunctionName: 'lifecycle' }
    )
    await asked
    emu.setFaults('lifecycle', {})
    const waited = await waiting
    expect(waited.state).toBe('SUCCESS')
    // It saw InProgress, waited, and asked again.
    expect(emu.journal.callsOf('GetFunction', 'lifecycle').length - gets).toBeGreaterThanOrEqual(2)
    const after = await lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: 'lifecycle' })
    )
    expect(after.LastUpdateStatus).toBe('Successful')
    expect(after.LastUpdateStatusReason).toBeUndefined()
    expect(after.MemorySize).toBe(1024)
    expect(emu.functionConfig('lifecycle').MemorySize).toBe(1024)
    expect(emu.initialConfig('lifecycle').MemorySize).toBe(128)
    expect(emu.journal.driftedFunctions()).toContain('lifecycle')
  })

  it('keeps $LATEST invocations on the old memory until the update completes, then cold-starts', async () => {
    await lambda.send(new InvokeCommand({ FunctionName: 'app' })) // warm an environment
    // Held InProgress until the invocation during it is in, however slow the machine.
    emu.setFaults('app', { updateOutcome: 'InProgressForever' })
    await lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: 'app', MemorySize: 2048 })
    )
    const during = await lambda.send(new InvokeCommand({ FunctionName: 'app', LogType: 'Tail' }))
    expect(reportField(tail(during), 'Memory Size')).toBe('128')
    expect(tail(during)).not.toContain('Init Duration')
    emu.setFaults('app', {})
    await waitUntilFunctionUpdatedV2(
      { client: lambda, maxWaitTime: 10, minDelay: 1, maxDelay: 1 },
      { FunctionName: 'app' }
    )
    const after = await lambda.send(new InvokeCommand({ FunctionName: 'app', LogType: 'Tail' }))
    expect(reportField(tail(after), 'Memory Size')).toBe('2048')
    expect(tail(after)).toContain('Init Duration')
    const journal = emu.journal.invocations.filter((i) => i.functionName === 'app')
    expect(journal.map((i) => [i.memorySize, i.cold])).toEqual([
      [128, true],
      [128, false],
      [2048, true]
    ])
  })

  it('answers Invoke with a tail whose REPORT matches the journal: cold, then warm', async () => {
    const a = await lambda.send(
      new InvokeCommand({
        FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:single',
        LogType: 'Tail'
      })
    )
    const b = await lambda.send(new InvokeCommand({ FunctionName: 'single', LogType: 'Tail' }))
    for (const out of [a, b]) {
      expect(out.StatusCode).toBe(200)
      expect(out.ExecutedVersion).toBe('$LATEST')
      expect(out.FunctionError).toBeUndefined()
      const text = tail(out)
      const record = emu.journal.invocations.find((i) => i.requestId === out.$metadata.requestId)
      expect(record).toBeDefined()
      expect(text).toContain(`REPORT RequestId: ${record!.requestId}\tDuration: `)
      expect(Number(reportField(text, 'Billed Duration'))).toBe(record!.billedDurationMs)
      expect(text).toMatch(/\t\n$/)
    }
    const [ra, rb] = [a, b].map((o) =>
      emu.journal.invocations.find((i) => i.requestId === o.$metadata.requestId)!
    )
    expect(ra.cold).toBe(true)
    expect(rb.cold).toBe(false)
    expect(ra.logStream).toBe(rb.logStream)
    expect(ra.logStream).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/)
    const init = Number(reportField(tail(a), 'Init Duration'))
    expect(ra.billedDurationMs).toBe(Math.ceil(ra.durationMs + init))
    expect(rb.billedDurationMs).toBe(Math.ceil(rb.durationMs))
    expect(tail(b)).not.toContain('Init Duration')
  })

  it('scales CPU with memory: single-threaded work flattens past 1,769 MB, threaded keeps gaining', async () => {
    const at = async (name: string, memory: number): Promise<number> => {
      await lambda.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: name, MemorySize: memory })
      )
      emu.setModel(name, { cpuMs: 1000 })
      await waitUntilFunctionUpdatedV2(
        { client: lambda, maxWaitTime: 10, minDelay: 1, maxDelay: 1 },
        { FunctionName: name }
      )
      await lambda.send(new InvokeCommand({ FunctionName: name }))
      const last = emu.journal.invocations.filter((i) => i.functionName === name).at(-1)!
      return last.durationMs
    }
    // Updates take ~1 s by default: run both functions side by side.
    const [single3538, threaded3538] = await Promise.all([at('single', 3538), at('threaded', 3538)])
    expect(single3538).toBeCloseTo(1000, 0)
    expect(threaded3538).toBeCloseTo(500, 0)
  })

  it('writes JSON-format records, metrics keys absent when not applicable', async () => {
    const cold = tail(
      await lambda.send(new InvokeCommand({ FunctionName: 'json-fn', LogType: 'Tail' }))
    )
    const warm = tail(
      await lambda.send(new InvokeCommand({ FunctionName: 'json-fn', LogType: 'Tail' }))
    )
    const records = (text: string): Record<string, unknown>[] =>
      text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>)
    const coldRecords = records(cold)
    expect(coldRecords[0].type).toBe('platform.start')
    const report = coldRecords.at(-1) as { type: string; record: Record<string, unknown> }
    expect(report.type).toBe('platform.report')
    expect(report.record.status).toBe('success')
    expect(Object.keys(report.record.metrics as object)).toEqual([
      'durationMs',
      'billedDurationMs',
      'memorySizeMB',
      'maxMemoryUsedMB',
      'initDurationMs'
    ])
    const warmReport = records(warm).at(-1) as { record: { metrics: object } }
    expect(Object.keys(warmReport.record.metrics)).not.toContain('initDurationMs')
    const config = await lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: 'json-fn' })
    )
    expect(config.LoggingConfig).toEqual({
      LogFormat: 'JSON',
      LogGroup: '/aws/lambda/json-fn',
      ApplicationLogLevel: 'INFO',
      SystemLogLevel: 'INFO'
    })
    const quiet = tail(
      await lambda.send(new InvokeCommand({ FunctionName: 'quiet', LogType: 'Tail' }))
    )
    expect(quiet).not.toContain('platform.')
    expect(quiet).toContain('"level":"INFO"')
  })

  it('cuts the tail to the last 4 KB, mid-line, when the function logs a lot', async () => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'chatty', LogType: 'Tail' }))
    const bytes = Buffer.from(out.LogResult!, 'base64')
    expect(bytes.length).toBe(4096)
    const text = bytes.toString('utf8')
    expect(text.startsWith('START')).toBe(false)
    expect(text).not.toMatch(/^\[INFO\]\t/)
    expect(text).toMatch(/\nEND RequestId: [0-9a-f-]+\nREPORT RequestId: [^\n]+\t\n$/)
  })

  it('reports function errors and timeouts with X-Amz-Function-Error', async () => {
    const failed = await lambda.send(
      new InvokeCommand({ FunctionName: 'failing', LogType: 'Tail' })
    )
    expect(failed.StatusCode).toBe(200)
    expect(failed.FunctionError).toBe('Unhandled')
    const body = JSON.parse(Buffer.from(failed.Payload!).toString()) as Record<string, unknown>
    expect(body.errorType).toBe('RuntimeError')
    expect(emu.journal.invocations.at(-1)).toMatchObject({ status: 'error', error: 'RuntimeError' })

    const timedOut = await lambda.send(new InvokeCommand({ FunctionName: 'slow', LogType: 'Tail' }))
    expect(timedOut.FunctionError).toBe('Unhandled')
    const tbody = JSON.parse(Buffer.from(timedOut.Payload!).toString()) as Record<string, unknown>
    expect(tbody).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: `RequestId: ${timedOut.$metadata.requestId} Error: Task timed out after 1.00 seconds`
    })
    expect(tail(timedOut)).toMatch(/Status: timeout\t\n$/)
    expect(Number(reportField(tail(timedOut), 'Duration'))).toBeGreaterThanOrEqual(1000)
  })

  it('gives typed errors: not found, invalid memory, stale revision, access denied, throttled', async () => {
    for (const FunctionName of [
      'missing',
      'arn:aws:lambda:us-east-1:123456789012:function:missing',
      '123456789012:function:missing:7'
    ]) {
      const e = await caught(once.send(new GetFunctionCommand({ FunctionName })))
      expect(e.name).toBe('ResourceNotFoundException')
      expect(e.message).toMatch(
        /^Function not found: arn:aws:lambda:us-east-1:123456789012:function:missing/
      )
    }
    const badQualifier = await caught(
      once.send(new InvokeCommand({ FunctionName: 'app', Qualifier: '99' }))
    )
    expect(badQualifier.name).toBe('ResourceNotFoundException')

    const low = await caught(
      once.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: 'versioned', MemorySize: 64 })
      )
    )
    expect(low.name).toBe('InvalidParameterValueException')
    expect(low.message).toBe(
      "1 validation error detected: Value '64' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128"
    )
    const high = await caught(
      once.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: 'versioned', MemorySize: 10241 })
      )
    )
    expect(high.message).toMatch(/less than or equal to 10240$/)

    const stale = await caught(
      once.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: 'versioned',
          MemorySize: 256,
          RevisionId: '00000000-0000-0000-0000-000000000000'
        })
      )
    )
    expect(stale.name).toBe('PreconditionFailedException')
    expect((stale.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(412)

    const denied = await caught(
      once.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'locked', MemorySize: 256 }))
    )
    expect(denied.name).toBe('AccessDeniedException')
    expect((denied.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(403)
    expect(denied.message).toContain(
      'is not authorized to perform: lambda:UpdateFunctionConfiguration on resource: arn:aws:lambda:us-east-1:123456789012:function:locked'
    )

    const throttled = await caught(once.send(new InvokeCommand({ FunctionName: 'throttled' })))
    expect(throttled.name).toBe('TooManyRequestsException')
    expect(throttled.Reason).toBe('ReservedFunctionConcurrentInvocationLimitExceeded')
    expect(throttled.message).toBe('Rate Exceeded.')
    const calls = emu.journal.callsOf('Invoke', 'throttled')
    expect(calls.at(-1)).toMatchObject({ status: 429, errorCode: 'TooManyRequestsException' })
    expect(emu.journal.invocations.some((i) => i.functionName === 'throttled')).toBe(false)
  })

  it('throttles above reserved concurrency while invocations are in flight', async () => {
    const busy = await startEmulator({
      timeScale: 0.2,
      functions: [{ name: 'busy', reservedConcurrency: 2, model: { cpuMs: 100, ioMs: 200 } }]
    })
    const client = sdkClients(busy, 1).lambda
    try {
      const results = await Promise.allSettled(
        Array.from({ length: 5 }, () => client.send(new InvokeCommand({ FunctionName: 'busy' })))
      )
      const rejected = results.filter((r) => r.status === 'rejected')
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2)
      expect(rejected).toHaveLength(3)
      for (const r of rejected) {
        expect((r as PromiseRejectedResult).reason.name).toBe('TooManyRequestsException')
      }
    } finally {
      client.destroy()
      await busy.stop()
    }
  })

  it('retries a burst of 500 ServiceException through the SDK', async () => {
    const out = await lambda.send(new GetFunctionCommand({ FunctionName: 'flaky' }))
    expect(out.Configuration?.FunctionName).toBe('flaky')
    expect(emu.journal.callsOf('GetFunction', 'flaky').map((c) => c.status)).toEqual([
      500, 500, 200
    ])
    expect(emu.journal.callsOf('GetFunction', 'flaky')[0].errorCode).toBe('ServiceException')
  })

  it('answers Pending until the function becomes Active (waitUntilFunctionActiveV2)', async () => {
    const pending = await startEmulator({
      functions: [{ name: 'pending', state: 'Pending', pendingMs: 300, model: { cpuMs: 40 } }]
    })
    const [client, single] = [sdkClients(pending).lambda, sdkClients(pending, 1).lambda]
    try {
      const config = await client.send(
        new GetFunctionConfigurationCommand({ FunctionName: 'pending' })
      )
      expect([config.State, config.StateReasonCode]).toEqual(['Pending', 'Creating'])
      const e = await caught(single.send(new InvokeCommand({ FunctionName: 'pending' })))
      expect(e.name).toBe('ResourceConflictException')
      const waited = await waitUntilFunctionActiveV2(
        { client, maxWaitTime: 10, minDelay: 1, maxDelay: 1 },
        { FunctionName: 'pending' }
      )
      expect(waited.state).toBe('SUCCESS')
      const out = await client.send(new InvokeCommand({ FunctionName: 'pending' }))
      expect(out.StatusCode).toBe(200)
    } finally {
      client.destroy()
      single.destroy()
      await pending.stop()
    }
  })

  it('publishes versions (idempotently), lists them in pages, routes aliases, deletes a version', async () => {
    const v1 = await lambda.send(new PublishVersionCommand({ FunctionName: 'versioned' }))
    expect(v1.Version).toBe('1')
    expect(v1.FunctionArn).toBe('arn:aws:lambda:us-east-1:123456789012:function:versioned:1')
    const again = await lambda.send(new PublishVersionCommand({ FunctionName: 'versioned' }))
    expect(again.Version).toBe('1')
    await lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: 'versioned', MemorySize: 512 })
    )
    const blocked = await caught(
      once.send(new PublishVersionCommand({ FunctionName: 'versioned' }))
    )
    expect(blocked.name).toBe('ResourceConflictException')
    await waitUntilFunctionUpdatedV2(
      { client: lambda, maxWaitTime: 10, minDelay: 1, maxDelay: 1 },
      { FunctionName: 'versioned' }
    )
    const v2 = await lambda.send(new PublishVersionCommand({ FunctionName: 'versioned' }))
    expect(v2.Version).toBe('2')
    expect(v2.MemorySize).toBe(512)

    const page1 = await lambda.send(
      new ListVersionsByFunctionCommand({ FunctionName: 'versioned', MaxItems: 2 })
    )
    expect(page1.Versions?.map((v) => v.Version)).toEqual(['$LATEST', '1'])
    expect(page1.NextMarker).toBeDefined()
    const page2 = await lambda.send(
      new ListVersionsByFunctionCommand({
        FunctionName: 'versioned',
        MaxItems: 2,
        Marker: page1.NextMarker
      })
    )
    expect(page2.Versions?.map((v) => v.Version)).toEqual(['2'])
    expect(page2.NextMarker).toBeUndefined()

    await lambda.send(
      new CreateAliasCommand({ FunctionName: 'versioned', Name: 'live', FunctionVersion: '1' })
    )
    const aliases = await lambda.send(new ListAliasesCommand({ FunctionName: 'versioned' }))
    expect(aliases.Aliases?.map((a) => [a.Name, a.FunctionVersion])).toEqual([['live', '1']])
    const viaAlias = await lambda.send(
      new InvokeCommand({ FunctionName: 'versioned:live', LogType: 'Tail' })
    )
    expect(viaAlias.ExecutedVersion).toBe('1')
    expect(reportField(tail(viaAlias), 'Memory Size')).toBe('128')
    expect(tail(viaAlias)).toContain('Version: 1\n')
    const viaVersion = await lambda.send(
      new InvokeCommand({ FunctionName: 'versioned', Qualifier: '2' })
    )
    expect(viaVersion.ExecutedVersion).toBe('2')

    const inUse = await caught(
      once.send(new DeleteFunctionCommand({ FunctionName: 'versioned', Qualifier: '1' }))
    )
    expect(inUse.name).toBe('ResourceConflictException')
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'versioned', Qualifier: '2' }))
    const gone = await caught(
      once.send(new GetFunctionCommand({ FunctionName: 'versioned', Qualifier: '2' }))
    )
    expect(gone.name).toBe('ResourceNotFoundException')
    expect(emu.journal.driftedFunctions()).toContain('versioned')
  })

  it('reports Restore Duration instead of Init Duration for SnapStart (published versions)', async () => {
    const { Version } = await lambda.send(new PublishVersionCommand({ FunctionName: 'snap' }))
    const out = tail(
      await lambda.send(
        new InvokeCommand({ FunctionName: 'snap', Qualifier: Version, LogType: 'Tail' })
      )
    )
    expect(out).toMatch(/\tRestore Duration: [\d.]+ ms\tBilled Restore Duration: \d+ ms\t\n$/)
    expect(out).not.toContain('Init Duration')
  })

  it('serves the journal and takes faults over HTTP', async () => {
    const res = await fetch(`${emu.url}/__emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ name: 'json-fn', faults: { accessDenied: ['Invoke'] } })
    })
    expect(res.status).toBe(200)
    const e = await caught(once.send(new InvokeCommand({ FunctionName: 'json-fn' })))
    expect(e.name).toBe('AccessDeniedException')
    expect(e.message).toContain('lambda:InvokeFunction')
    emu.setFaults('json-fn', {})
    const journal = (await (await fetch(`${emu.url}/__emulator/journal`)).json()) as {
      calls: unknown[]
      invocations: unknown[]
    }
    expect(journal.invocations.length).toBe(emu.journal.invocations.length)
    expect(journal.calls.length).toBeGreaterThan(10)
  })
})

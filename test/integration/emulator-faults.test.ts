import {
  GetFunctionCommand,
  InvokeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionUpdatedV2
} from '@aws-sdk/client-lambda'
import { startEmulator, type Emulator } from '../emulator/index.js'
import { sdkClients } from '../emulator/clients.js'

const waiter = { maxWaitTime: 3, minDelay: 1, maxDelay: 1 }

describe('emulator: injected faults', () => {
  let emu: Emulator

  beforeAll(async () => {
    emu = await startEmulator({
      functions: [
        {
          name: 'stuck',
          updateDelayMs: 50,
          model: { cpuMs: 40 },
          faults: { updateOutcome: 'InProgressForever' }
        },
        {
          name: 'broken',
          updateDelayMs: 50,
          model: { cpuMs: 40 },
          faults: { updateOutcome: 'Failed' }
        },
        {
          name: 'dropper',
          model: { cpuMs: 40 },
          faults: { dropConnection: { operation: 'Invoke', count: 1 } }
        },
        { name: 'no-report', model: { cpuMs: 40 }, faults: { tailWithoutReport: true } }
      ]
    })
  })
  afterAll(() => emu.stop())

  it('leaves an update InProgress forever: the waiter times out, further updates get 409', async () => {
    const { lambda } = sdkClients(emu, 1)
    await lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: 'stuck', MemorySize: 512 })
    )
    await expect(
      waitUntilFunctionUpdatedV2(
        { client: lambda, ...waiter, maxWaitTime: 2 },
        { FunctionName: 'stuck' }
      )
    ).rejects.toThrow(/TIMEOUT|timed out|exceeded/i)
    expect(emu.functionConfig('stuck').LastUpdateStatus).toBe('InProgress')
    await expect(
      lambda.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: 'stuck', MemorySize: 128 })
      )
    ).rejects.toMatchObject({ name: 'ResourceConflictException' })
    // Lifting the fault at run time lets the stuck update complete.
    emu.setFaults('stuck', {})
    const done = await waitUntilFunctionUpdatedV2(
      { client: lambda, ...waiter },
      { FunctionName: 'stuck' }
    )
    expect(done.state).toBe('SUCCESS')
    expect(emu.functionConfig('stuck').MemorySize).toBe(512)
  })

  it('fails an update: LastUpdateStatus Failed, the waiter reports failure, memory unchanged', async () => {
    const { lambda } = sdkClients(emu)
    await lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: 'broken', MemorySize: 2048 })
    )
    await expect(
      waitUntilFunctionUpdatedV2({ client: lambda, ...waiter }, { FunctionName: 'broken' })
    ).rejects.toThrow()
    const config = (await lambda.send(new GetFunctionCommand({ FunctionName: 'broken' })))
      .Configuration!
    expect(config.LastUpdateStatus).toBe('Failed')
    expect(config.LastUpdateStatusReasonCode).toBe('InternalError')
    expect(config.MemorySize).toBe(128)
  })

  it('drops the connection once; the SDK retries and succeeds', async () => {
    const { lambda } = sdkClients(emu)
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'dropper' }))
    expect(out.StatusCode).toBe(200)
    const calls = emu.journal.callsOf('Invoke', 'dropper')
    expect(calls.map((c) => c.errorCode ?? c.status)).toEqual(['ConnectionDropped', 200])
    await expect(
      sdkClients(emu, 1).lambda.send(new InvokeCommand({ FunctionName: 'dropper' }))
    ).resolves.toMatchObject({ StatusCode: 200 })
  })

  it('starts service errors after the first calls when asked', async () => {
    emu.setFaults('dropper', { serviceErrors: { operation: 'Invoke', count: 2, after: 1 } })
    const { lambda } = sdkClients(emu, 1)
    const invoke = () =>
      lambda.send(new InvokeCommand({ FunctionName: 'dropper' })).then(
        () => 'ok',
        (error: Error) => error.name
      )
    const outcomes = [await invoke(), await invoke(), await invoke(), await invoke()]
    expect(outcomes).toEqual(['ok', 'ServiceException', 'ServiceException', 'ok'])
    emu.setFaults('dropper', {})
  })

  it('can apply an update and then drop its answer: the retry with the old RevisionId gets 412', async () => {
    const { lambda } = sdkClients(emu)
    const before = emu.functionConfig('dropper')
    emu.setFaults('dropper', {
      dropConnection: { operation: 'UpdateFunctionConfiguration', count: 1, afterApplying: true }
    })
    const size = before.MemorySize === 512 ? 640 : 512
    await expect(
      lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: 'dropper',
          MemorySize: size,
          RevisionId: before.RevisionId
        })
      )
    ).rejects.toMatchObject({ name: 'PreconditionFailedException' })
    const calls = emu.journal.callsOf('UpdateFunctionConfiguration', 'dropper')
    expect(calls.map((c) => c.errorCode ?? c.status).slice(-2)).toEqual([
      'ConnectionDropped',
      'PreconditionFailedException'
    ])
    expect(emu.functionConfig('dropper').MemorySize).toBe(size)
    expect(emu.functionConfig('dropper').RevisionId).not.toBe(before.RevisionId)
    emu.setFaults('dropper', {})
  })

  it('can send tails without the REPORT while the log group still gets it', async () => {
    const { lambda } = sdkClients(emu)
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'no-report', LogType: 'Tail' }))
    const text = Buffer.from(out.LogResult!, 'base64').toString()
    expect(text).toMatch(/^START RequestId: /)
    expect(text).not.toContain('REPORT')
    const stream = emu.journal.invocations.at(-1)!
    expect(stream.requestId).toBe(out.$metadata.requestId)
  })

  it('goes away until told and comes back on the same port; a hung call it cut is its own', async () => {
    const { lambda } = sdkClients(emu, 1)
    const get = () => lambda.send(new GetFunctionCommand({ FunctionName: 'dropper' }))
    emu.setFaults('dropper', { hang: { operation: 'GetFunction', count: 1 } })
    const read = emu.journal.untilCall((c) => c.errorCode === 'Hung')
    const hung = get()
    await read
    const call = emu.journal.callsOf('GetFunction', 'dropper').at(-1)!
    // Gone until a call made meanwhile has been refused: no guessed delay decides whether the
    // call came while it was away.
    let refusedOne = (): void => undefined
    const paused = emu.pause(new Promise<void>((r) => (refusedOne = r)))
    await expect(get()).rejects.toThrow()
    refusedOne()
    await paused
    // Going away destroyed the hung call's socket: ended by the emulator, not the client.
    await expect(hung).rejects.toThrow()
    await emu.journal.untilClosed(call)
    expect(call.closedBy).toBe('server')
    const back = await get()
    expect(back.Configuration?.FunctionName).toBe('dropper')
    lambda.destroy()
  })
})

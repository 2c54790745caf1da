/**
 * A request the server accepted and never answers: the emulator's `hang` fault, and the per-request
 * limits of src/aws/clients.ts that turn it into a TimeoutError the SDK and our loops retry —
 * short for control-plane and Logs calls, long for Invoke.
 */
import { GetFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { createClients, type AwsClients } from '../../src/aws/clients.js'
import { isTransient } from '../../src/aws/errors.js'
import { clientConfig } from '../emulator/clients.js'
import { startEmulator, type CallRecord, type Emulator } from '../emulator/index.js'

let emu: Emulator

beforeAll(async () => {
  emu = await startEmulator({
    // Invocations take their reported time in wall time: 1.5 s of waiting on I/O.
    timeScale: 1,
    functions: [
      { name: 'quick', model: { cpuMs: 5 } },
      { name: 'slow', timeout: 10, model: { cpuMs: 1, ioMs: 1_500, initMs: 1 } }
    ]
  })
})

afterAll(async () => {
  await emu.stop()
})

const outcomes = (operation: string, name: string): (string | number)[] =>
  emu.journal.callsOf(operation, name).map((c) => c.errorCode ?? c.status)

/**
 * Every Hung call of `calls` was ended by the client, and the call after it (if any) arrived
 * only then: the journal's record of who closed the socket and of the order, not a duration.
 * The client runs in this process, so its error can come before the emulator read the close.
 */
async function expectClosedByTheClient(calls: CallRecord[]): Promise<void> {
  const hung = calls.filter((c) => c.errorCode === 'Hung')
  expect(hung.length).toBeGreaterThan(0)
  for (const call of hung) {
    await emu.journal.untilClosed(call)
    expect(call).toMatchObject({ closedBy: 'client' })
    const next = calls[calls.indexOf(call) + 1]
    if (next) expect(next.receivedAt).toBeGreaterThanOrEqual(call.closedAt!)
  }
}

test('hang: the call is never answered, later ones are; a client limit ends it as TimeoutError', async () => {
  emu.setFaults('quick', { hang: { operation: 'GetFunction', count: 2, after: 1 } })
  const plain = new LambdaClient(clientConfig(emu, 1))
  const bounded = new LambdaClient({
    ...clientConfig(emu, 1),
    requestHandler: { requestTimeout: 300, throwOnRequestTimeout: true }
  })
  try {
    const get = (client: LambdaClient, abortSignal?: AbortSignal) =>
      client.send(new GetFunctionCommand({ FunctionName: 'quick' }), { abortSignal })
    await expect(get(plain)).resolves.toMatchObject({ Configuration: { FunctionName: 'quick' } })

    // Without a limit the client waits, for as long as it is willing to: still waiting 800 ms
    // after the emulator has read the request (a lower bound, whatever the machine's pace).
    const abort = new AbortController()
    let settled = false
    const read = emu.journal.untilCall((c) => c.errorCode === 'Hung')
    const waiting = get(plain, abort.signal).finally(() => (settled = true))
    await read
    await new Promise((r) => setTimeout(r, 800))
    expect(settled).toBe(false)
    abort.abort()
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' })

    // The limit ends the second one: the emulator sees the client close it, not itself.
    const error: unknown = await get(bounded).catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'TimeoutError' })
    expect(isTransient(error)).toBe(true)
    await expectClosedByTheClient(emu.journal.callsOf('GetFunction', 'quick').slice(1, 3))

    await expect(get(bounded)).resolves.toMatchObject({ Configuration: { FunctionName: 'quick' } })
    expect(outcomes('GetFunction', 'quick')).toEqual([200, 'Hung', 'Hung', 200])
  } finally {
    plain.destroy()
    bounded.destroy()
  }
}, 30_000)

describe('createClients', () => {
  let clients: AwsClients
  const saved = { ...process.env }

  beforeAll(() => {
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: emu.url,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_MAX_ATTEMPTS: '3'
    })
    clients = createClients({ maxSockets: 4, requestTimeoutMs: 500 })
  })

  afterAll(() => {
    clients.destroy()
    process.env = saved
  })

  test('a hung control-plane call times out and the SDK retries it', async () => {
    emu.setFaults('quick', { hang: { operation: 'GetFunction', count: 2 } })
    const out = await clients
      .lambda(emu.region)
      .send(new GetFunctionCommand({ FunctionName: 'quick' }))
    expect(out.Configuration?.FunctionName).toBe('quick')
    expect(outcomes('GetFunction', 'quick').slice(-3)).toEqual(['Hung', 'Hung', 200])
    // Both 500 ms limits ran out: the client closed each hung request, then tried again.
    await expectClosedByTheClient(emu.journal.callsOf('GetFunction', 'quick').slice(-3))
  }, 30_000)

  test('an answer whose body stalls after the headers times out too, and is retried', async () => {
    emu.setFaults('quick', { hang: { operation: 'GetFunction', count: 1, afterHeaders: true } })
    const out = await clients
      .lambda(emu.region)
      .send(new GetFunctionCommand({ FunctionName: 'quick' }))
    expect(out.Configuration?.FunctionName).toBe('quick')
    expect(outcomes('GetFunction', 'quick').slice(-2)).toEqual(['Hung', 200])
    await expectClosedByTheClient(emu.journal.callsOf('GetFunction', 'quick').slice(-2))
  }, 30_000)

  test('a hung Logs call times out too', async () => {
    emu.setFaults('quick', { hang: { operation: 'FilterLogEvents', count: 1 } })
    const out = await clients
      .logs(emu.region)
      .send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/quick' }))
    expect(out.events).toBeDefined()
    expect(outcomes('FilterLogEvents', 'quick')).toEqual(['Hung', 200])
    await expectClosedByTheClient(emu.journal.callsOf('FilterLogEvents', 'quick'))
  }, 30_000)

  test('Invoke gets its own client, whose limit is far above the control-plane one', async () => {
    const out = await clients.invoker(emu.region).send(new InvokeCommand({ FunctionName: 'slow' }))
    expect(out.StatusCode).toBe(200)
    expect(clients.invoker(emu.region)).not.toBe(clients.lambda(emu.region))
    // The same 1.5 s invocation through the control-plane client is cut off, every attempt.
    await expect(
      clients.lambda(emu.region).send(new InvokeCommand({ FunctionName: 'slow' }))
    ).rejects.toMatchObject({ name: 'TimeoutError' })
    // The emulator still runs the three abandoned invocations; they end before it stops.
    const ran = (): number =>
      emu.journal.invocations.filter((i) => i.functionName === 'slow').length
    while (ran() < 4) await new Promise((r) => setTimeout(r, 100))
  }, 30_000)
})

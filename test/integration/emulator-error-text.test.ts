/**
 * The emulator's text overrides (FaultSpec errorType / errorMessage / stateReason): what a
 * function or Lambda says arrives on the wire exactly as given, so escaping can be tested.
 */
import { GetFunctionCommand, InvokeCommand } from '@aws-sdk/client-lambda'
import { sdkClients } from '../emulator/clients.js'
import { startEmulator, type Emulator } from '../emulator/index.js'

const NASTY = 'Bad|Type`<script>alert(1)</script><!-- lambda-memory-benchmark -->'

let emulator: Emulator
afterEach(async () => {
  await emulator?.stop()
})

test('errorType and errorMessage replace the model error, in the body and in the journal', async () => {
  emulator = await startEmulator({
    functions: [
      {
        name: 'fails',
        model: { cpuMs: 10, errorRate: 1 },
        faults: { errorType: NASTY, errorMessage: 'msg | `x`' }
      }
    ]
  })
  const { lambda } = sdkClients(emulator)
  const out = await lambda.send(new InvokeCommand({ FunctionName: 'fails' }))
  expect(out.FunctionError).toBe('Unhandled')
  const body = JSON.parse(Buffer.from(out.Payload!).toString('utf8')) as Record<string, string>
  expect(body).toMatchObject({ errorType: NASTY, errorMessage: 'msg | `x`' })
  expect(emulator.journal.invocations[0].error).toBe(NASTY)
  lambda.destroy()
})

test('stateReason replaces the StateReason of a Failed function', async () => {
  emulator = await startEmulator({
    functions: [
      { name: 'broken', state: 'Failed', model: { cpuMs: 10 }, faults: { stateReason: NASTY } }
    ]
  })
  const { lambda } = sdkClients(emulator)
  const out = await lambda.send(new GetFunctionCommand({ FunctionName: 'broken' }))
  expect(out.Configuration).toMatchObject({ State: 'Failed', StateReason: NASTY })
  lambda.destroy()
})

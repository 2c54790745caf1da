/**
 * The first poll of an update wait is timed from the apply times of our own updates
 * (src/bench/update-timing.ts). An update someone else started before the snapshot, whose
 * wait we only see the end of, must not teach it anything.
 */
import { UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda'
import { setMemory, snapshotFunction } from '../../src/bench/configure.js'
import { firstPollDelayMs } from '../../src/bench/update-timing.js'
import { sdkClients } from '../emulator/clients.js'
import { startEmulator, type Emulator } from '../emulator/index.js'

let emu: Emulator

beforeAll(async () => {
  emu = await startEmulator({
    functions: [{ name: 'f', memorySize: 128, updateDelayMs: 1_000, model: { cpuMs: 5 } }]
  })
})

afterAll(async () => {
  await emu.stop()
})

test("someone else's update waited out at the snapshot is not learned; our own are", async () => {
  const { lambda, logs } = sdkClients(emu)
  try {
    const before = firstPollDelayMs()
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'f', Timeout: 10 }))
    await new Promise((r) => setTimeout(r, 700))
    const snapshot = await snapshotFunction(lambda, 'f', 'f')
    expect(snapshot.memorySize).toBe(128)
    // Waited ~0.3 s for the end of a 1 s update: learning that would poll far too early.
    expect(firstPollDelayMs()).toBe(before)

    await setMemory(lambda, snapshot, 'f', 256, snapshot.revisionId)
    // Our own update took about its 1 s (±20 %): the next wait sleeps 0.9 × that first.
    expect(firstPollDelayMs()).toBeGreaterThan(600)
    expect(firstPollDelayMs()).toBeLessThan(1_300)
  } finally {
    lambda.destroy()
    logs.destroy()
  }
})

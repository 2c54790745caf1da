/**
 * The first poll of an update wait is timed from the apply times of our own updates
 * (src/configure/update-timing.ts). An update someone else started before the snapshot, whose
 * wait we only see the end of, must not teach it anything.
 */
import { UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda'
import { snapshotFunction } from '../../src/configure/snapshot.js'
import { setMemory } from '../../src/configure/update.js'
import { UpdateTiming } from '../../src/configure/update-timing.js'
import { sdkClients } from '../emulator/clients.js'
import { startEmulator, type Emulator } from '../emulator/index.js'
import { controlFor } from '../fixtures/control.js'

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
  const timing = new UpdateTiming()
  const control = controlFor(lambda, 'f', { timing })
  try {
    const before = timing.firstPollDelayMs()
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'f', Timeout: 10 }))
    await new Promise((r) => setTimeout(r, 700))
    const snapshot = await snapshotFunction(control)
    expect(snapshot.memorySize).toBe(128)
    // Waited ~0.3 s for the end of a 1 s update: learning that would poll far too early.
    expect(timing.firstPollDelayMs()).toBe(before)

    await setMemory(control, snapshot.fingerprint, 256, snapshot.revisionId)
    // Our own update took at least the emulator's 800 ms (1 s − 20 %), however busy the
    // machine: the next wait sleeps 0.9 × that first, more than the 500 ms first guess.
    expect(timing.firstPollDelayMs()).toBeGreaterThanOrEqual(720)
  } finally {
    lambda.destroy()
    logs.destroy()
  }
})

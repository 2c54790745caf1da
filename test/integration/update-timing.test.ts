/**
 * The first poll of an update wait is timed from the apply times of our own updates
 * (src/configure/update-timing.ts). An update someone else started before the snapshot, whose
 * wait we only see the end of, must not teach it anything.
 */
import { UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda'
import { snapshotFunction } from '../../src/configure/snapshot.js'
import { applyChange } from '../../src/configure/update.js'
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
  // What it learns, seen directly rather than inferred from a delay that depends on the
  // machine's pace.
  const learned: number[] = []
  const record = timing.record.bind(timing)
  timing.record = (ms) => {
    learned.push(ms)
    record(ms)
  }
  const control = controlFor(lambda, 'f', { timing })
  try {
    const before = timing.firstPollDelayMs()
    // Someone else's update, held InProgress until the snapshot has read it and polled once
    // more: however busy the machine, the snapshot finds it InProgress and waits for its end.
    emu.setFaults('f', { updateOutcome: 'InProgressForever' })
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'f', Timeout: 10 }))
    let gets = 0
    const waitedOn = emu.journal.untilCall((c) => c.operation === 'GetFunction' && ++gets === 2)
    const snapshotting = snapshotFunction(control)
    await waitedOn
    emu.setFaults('f', {})
    const snapshot = await snapshotting
    expect(snapshot.memorySize).toBe(128)
    expect(learned).toEqual([])
    expect(timing.firstPollDelayMs()).toBe(before)

    // Our own update is learned: once, no longer than the call took, and the next wait first
    // sleeps 0.9 × that (src/configure/update-timing.ts).
    const started = Date.now()
    await applyChange(control, snapshot.fingerprint, { memorySize: 256 }, snapshot.revisionId)
    const took = Date.now() - started
    expect(learned).toHaveLength(1)
    expect(learned[0]).toBeGreaterThan(0)
    expect(learned[0]).toBeLessThanOrEqual(took)
    expect(timing.firstPollDelayMs()).toBe(Math.max(100, Math.round(0.9 * learned[0])))
  } finally {
    lambda.destroy()
    logs.destroy()
  }
})

/**
 * The invocation pool in process against the emulator: edge cases of its stop signal that the
 * built action rarely reaches.
 */
import { runTiers } from '../../src/bench/invoke-pool.js'
import { systemClock } from '../../src/core/clock.js'
import { sdkClients } from '../emulator/clients.js'
import { startEmulator, type Emulator } from '../emulator/index.js'

let emu: Emulator

beforeAll(async () => {
  emu = await startEmulator({ functions: [{ name: 'f', memorySize: 128, model: { cpuMs: 5 } }] })
})

afterAll(async () => {
  await emu.stop()
})

test('a signal aborted before the tier starts runs no invocation', async () => {
  const { lambda, logs } = sdkClients(emu)
  const controller = new AbortController()
  controller.abort()
  try {
    const [run] = await runTiers(
      {
        lambda,
        observeThrottles: () => undefined,
        identifier: 'f',
        functionName: 'f',
        concurrency: 4,
        payload: new Uint8Array(),
        signal: controller.signal,
        stallDeadlineMs: 300_000,
        clock: systemClock,
        warn: () => undefined
      },
      [{ memorySize: 128, count: 20 }]
    )
    expect(run.invocations).toEqual([])
    expect(run.complete).toBe(false)
    expect(emu.journal.invocations).toEqual([])
  } finally {
    lambda.destroy()
    logs.destroy()
  }
})

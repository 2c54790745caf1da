/**
 * Waiting for a function or a version to leave Pending (src/configure/active.ts), against the
 * emulator: Pending is waited out, and any other error is said at once, never as "stayed
 * Pending" after the whole deadline (the SDK's waiter retries every error until its deadline).
 */
import { PublishVersionCommand } from '@aws-sdk/client-lambda'
import { untilNotPending } from '../../src/configure/active.js'
import { BenchmarkError } from '../../src/core/errors.js'
import { sdkClients } from '../emulator/clients.js'
import { startEmulator, type Emulator } from '../emulator/index.js'
import { controlFor } from '../fixtures/control.js'

let emu: Emulator

beforeAll(async () => {
  emu = await startEmulator({
    functions: [
      { name: 'snap', snapStart: true, snapshotMs: 1_500, model: { cpuMs: 5 } },
      { name: 'stuck', snapStart: true, snapshotMs: 3_600_000, model: { cpuMs: 5 } }
    ]
  })
})

afterAll(async () => {
  await emu.stop()
})

async function publish(name: string): Promise<string> {
  const { lambda } = sdkClients(emu)
  const out = await lambda.send(new PublishVersionCommand({ FunctionName: name }))
  expect(out.State).toBe('Pending')
  return out.Version as string
}

test('a version Pending for its snapshot is waited out: the configuration once Active', async () => {
  const { lambda } = sdkClients(emu)
  const version = await publish('snap')
  const config = await untilNotPending(controlFor(lambda, 'snap'), { qualifier: version })
  expect(config.State).toBe('Active')
  expect(config.Version).toBe(version)
})

test('an AccessDenied on the read is said at once, with the action, not after the deadline', async () => {
  const { lambda } = sdkClients(emu)
  const version = await publish('stuck')
  emu.setFaults('stuck', { accessDenied: ['GetFunction'] })
  const before = emu.journal.calls.filter((c) => c.operation === 'GetFunction').length
  const error = await untilNotPending(
    // An hour to wait: only an answer that is not Pending can end this in time.
    controlFor(lambda, 'stuck', { settings: { activeDeadlineMs: 3_600_000 } }),
    { qualifier: version }
  ).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(BenchmarkError)
  expect((error as Error).message).toMatch(
    /^lambda:GetFunction was denied for version \d+ of stuck \(grant lambda:GetFunction on it\)/
  )
  // Asked once: a denial is not waited out.
  expect(emu.journal.calls.filter((c) => c.operation === 'GetFunction').length - before).toBe(1)
  emu.setFaults('stuck', {})
})

test('a version that stays Pending past the deadline is named, with why', async () => {
  const { lambda } = sdkClients(emu)
  const version = await publish('stuck')
  const error = await untilNotPending(
    controlFor(lambda, 'stuck', { settings: { activeDeadlineMs: 1_000 } }),
    { qualifier: version, why: 'while Lambda made its SnapStart snapshot' }
  ).catch((e: unknown) => e)
  expect((error as Error).message).toBe(
    `version ${version} of stuck stayed Pending for 1 s (LMB_ACTIVE_DEADLINE_MS) while Lambda made its SnapStart snapshot; it must be Active to be benchmarked`
  )
})

/**
 * The emulator serves a benchmark's volume through the real SDK, every answer right. How fast
 * is a figure of the machine, not a property: `npm run bench:emulator` prints it.
 */
import { driveLoad, startEmulatorProcess } from '../emulator/process.js'

describe('emulator: volume', () => {
  // A guard against a hang only: 10,000 invocations take ~10–20 s on a 2-core machine.
  it('serves 10,000 invocations through the real SDK, each answered right', async () => {
    // Emulator and SDK each in a plain Node process of their own, as the action runs.
    const emu = await startEmulatorProcess({
      functions: [{ name: 'hot', model: { cpuMs: 120, noisePct: 5 } }]
    })
    try {
      const load = await driveLoad(emu.url, 'hot', 10_000, 25)
      expect(load.wrong).toEqual([])
      expect(load.ok).toBe(10_000)
      const journal = await emu.journal()
      expect(journal.invocations).toHaveLength(10_000)
      expect(
        journal.calls.filter((c) => c.operation === 'Invoke' && c.status === 200)
      ).toHaveLength(10_000)
      expect(journal.calls).toHaveLength(10_000)
      expect(journal.invocations.every((i) => i.status === 'success')).toBe(true)
      expect(journal.invocations.filter((i) => i.cold).length).toBeGreaterThanOrEqual(1)
      expect(journal.invocations.filter((i) => !i.cold).length).toBeGreaterThan(9_900)
      expect(journal.drifted).toEqual([])
    } finally {
      await emu.stop()
    }
  }, 300_000)
})

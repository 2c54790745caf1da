import { execFile } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { startEmulatorProcess } from '../emulator/process.js'

const here = dirname(fileURLToPath(import.meta.url))

describe('emulator: volume', () => {
  it('serves 10,000 invocations through the real SDK in under 10 s at time scale 0', async () => {
    // Emulator and SDK each in a plain Node process of their own, as the action runs.
    const emu = await startEmulatorProcess({
      functions: [{ name: 'hot', model: { cpuMs: 120, noisePct: 5 } }]
    })
    try {
      const serverCpu0 = await emu.cpuMs()
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', join(here, '../emulator/load.ts'), emu.url, 'hot', '10000', '25'],
        { env: { ...process.env, NODE_OPTIONS: '', NODE_NO_WARNINGS: '1' } }
      )
      const { seconds, cpuMs } = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
        seconds: number
        cpuMs: number
      }
      const serverCpu = (await emu.cpuMs()) - serverCpu0
      // The CPU split tells a slow emulator from a busy machine.
      console.log(
        `10,000 invocations in ${seconds.toFixed(2)} s; CPU: SDK ${cpuMs} ms, emulator ${serverCpu} ms`
      )
      expect(seconds).toBeLessThan(10)
      const journal = await emu.journal()
      expect(journal.invocations).toHaveLength(10_000)
      expect(journal.invocations.filter((i) => i.cold).length).toBeGreaterThanOrEqual(1)
      expect(journal.invocations.filter((i) => !i.cold).length).toBeGreaterThan(9_900)
    } finally {
      await emu.stop()
    }
  })
})

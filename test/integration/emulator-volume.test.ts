import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { startEmulatorProcess } from '../emulator/process.js'
import { clientConfig } from '../emulator/clients.js'

describe('emulator: volume', () => {
  it('serves 10,000 invocations through the real SDK in under 10 s at time scale 0', async () => {
    const emu = await startEmulatorProcess({
      functions: [{ name: 'hot', model: { cpuMs: 120, noisePct: 5 } }]
    })
    // cacheMiddleware: the SDK's own option to resolve the middleware stack once per command
    // class instead of once per call (what a high-volume caller such as the benchmark uses).
    const lambda = new LambdaClient({ ...clientConfig(emu), cacheMiddleware: true })
    try {
      const total = 10_000
      let next = 0
      const serverCpu0 = await emu.cpuMs()
      const clientCpu0 = process.cpuUsage()
      const t0 = performance.now()
      await Promise.all(
        Array.from({ length: 25 }, async () => {
          while (next < total) {
            next++
            await lambda.send(new InvokeCommand({ FunctionName: 'hot', LogType: 'Tail' }))
          }
        })
      )
      const seconds = (performance.now() - t0) / 1000
      const clientCpu = process.cpuUsage(clientCpu0)
      const serverCpu = (await emu.cpuMs()) - serverCpu0
      // The CPU split tells a slow emulator from a busy machine or a slow SDK.
      console.log(
        `10,000 invocations in ${seconds.toFixed(2)} s; CPU: SDK side ${Math.round((clientCpu.user + clientCpu.system) / 1000)} ms, emulator ${serverCpu} ms`
      )
      expect(seconds).toBeLessThan(10)
      const journal = await emu.journal()
      expect(journal.invocations).toHaveLength(total)
      expect(journal.invocations.filter((i) => i.cold).length).toBeGreaterThanOrEqual(1)
      expect(journal.invocations.filter((i) => !i.cold).length).toBeGreaterThan(total - 100)
    } finally {
      lambda.destroy()
      await emu.stop()
    }
  })
})

/**
 * Drives N invocations through the real SDK from a plain Node process and prints
 * `{"seconds":…,"cpuMs":…}`. Used by the volume test: inside Jest's VM context the SDK itself
 * costs about a third more CPU than in plain Node, where the action really runs.
 *
 *   node --import tsx test/emulator/load.ts <url> <function> <total> <concurrency>
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { clientConfig } from './clients.js'

const [url, functionName, totalArg, concurrencyArg] = process.argv.slice(2)
const total = Number(totalArg)
// cacheMiddleware: the SDK's own option to resolve the middleware stack once per command class.
const lambda = new LambdaClient({
  ...clientConfig({ url, region: 'us-east-1' }),
  cacheMiddleware: true
})
let next = 0
const cpu0 = process.cpuUsage()
const t0 = performance.now()
await Promise.all(
  Array.from({ length: Number(concurrencyArg) }, async () => {
    while (next < total) {
      next++
      await lambda.send(new InvokeCommand({ FunctionName: functionName, LogType: 'Tail' }))
    }
  })
)
const seconds = (performance.now() - t0) / 1000
const cpu = process.cpuUsage(cpu0)
lambda.destroy()
console.log(JSON.stringify({ seconds, cpuMs: Math.round((cpu.user + cpu.system) / 1000) }))

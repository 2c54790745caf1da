/**
 * Drives N invocations through the real SDK from a plain Node process and prints
 * `{"seconds":…,"cpuMs":…,"ok":…,"wrong":[…]}`: `ok` counts the answers that are right (200, no
 * function error, a tail whose REPORT carries the request id), `wrong` describes the first few
 * that are not. Used by the volume test and `npm run bench:emulator`: inside Jest's VM context
 * the SDK itself costs about a third more CPU than in plain Node, where the action really runs.
 *
 *   node --import tsx test/emulator/load.ts <url> <function> <total> <concurrency>
 */
import { InvokeCommand, LambdaClient, type InvokeCommandOutput } from '@aws-sdk/client-lambda'
import { clientConfig } from './clients.js'

const [url, functionName, totalArg, concurrencyArg] = process.argv.slice(2)
const total = Number(totalArg)
// cacheMiddleware: the SDK's own option to resolve the middleware stack once per command class.
const lambda = new LambdaClient({
  ...clientConfig({ url, region: 'us-east-1' }),
  cacheMiddleware: true
})

/** Why an answer is wrong, or undefined when it is right. */
function problem(out: InvokeCommandOutput): string | undefined {
  if (out.StatusCode !== 200) return `status ${out.StatusCode}`
  if (out.FunctionError) return `function error ${out.FunctionError}`
  const tail = Buffer.from(out.LogResult ?? '', 'base64').toString('utf8')
  if (!tail.includes(`REPORT RequestId: ${out.$metadata.requestId}`)) return 'no REPORT in tail'
  return undefined
}

let next = 0
let ok = 0
const wrong: string[] = []
const cpu0 = process.cpuUsage()
const t0 = performance.now()
await Promise.all(
  Array.from({ length: Number(concurrencyArg) }, async () => {
    while (next < total) {
      next++
      const out = await lambda.send(
        new InvokeCommand({ FunctionName: functionName, LogType: 'Tail' })
      )
      const why = problem(out)
      if (why === undefined) ok++
      else if (wrong.length < 5) wrong.push(why)
    }
  })
)
const seconds = (performance.now() - t0) / 1000
const cpu = process.cpuUsage(cpu0)
lambda.destroy()
console.log(
  JSON.stringify({ seconds, cpuMs: Math.round((cpu.user + cpu.system) / 1000), ok, wrong })
)

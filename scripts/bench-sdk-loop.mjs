/**
 * The reference for the action's own CPU in `npm run bench`: the same Invokes sent by the
 * plainest possible loop over a stock LambdaClient (default configuration, no middleware
 * trimmed), `concurrency` in flight per function, the functions at once, nothing else done.
 * Run by scripts/bench.ts in its own process, like the action; prints `lmb-usage {…}` as the
 * action does with LMB_REPORT_USAGE=1.
 *
 * Usage: node scripts/bench-sdk-loop.mjs <functions,comma,separated> <invocations per function> <concurrency>
 * (endpoint, region and credentials from AWS_* variables).
 */
import { Buffer } from 'node:buffer'
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda'

const [names, perFunction, concurrency] = [
  process.argv[2].split(','),
  Number(process.argv[3]),
  Number(process.argv[4])
]
const lambda = new LambdaClient({})
const payload = Buffer.from('{}')

async function drain(name) {
  let left = perFunction
  const worker = async () => {
    while (left-- > 0) {
      await lambda.send(
        new InvokeCommand({ FunctionName: name, LogType: 'Tail', Payload: payload })
      )
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
}

await Promise.all(names.map(drain))
lambda.destroy()
const usage = process.resourceUsage()
console.log(
  `lmb-usage ${JSON.stringify({ userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000, maxRssMB: usage.maxRSS / 1024 })}`
)

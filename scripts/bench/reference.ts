/**
 * What `npm run bench` measures the action against: a bare loop over a stock LambdaClient (the
 * reference for its CPU), and the article's serial way (one invocation at a time).
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import {
  InvokeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionUpdatedV2
} from '@aws-sdk/client-lambda'
import { sdkClients } from '../../test/emulator/clients.js'
import { startEmulator } from '../../test/emulator/index.js'
import { FUNCTIONS, CONCURRENCY, spec, usageOf, type Usage } from './job.js'

/**
 * The reference for the action's CPU: the same Invokes from a bare loop over a stock
 * LambdaClient (scripts/bench-sdk-loop.mjs), in its own process, on a fresh emulator.
 */
export async function runSdkLoop(perFunction: number): Promise<Usage> {
  const emulator = await startEmulator({ timeScale: 0, seed: 7, functions: FUNCTIONS.map(spec) })
  try {
    const script = fileURLToPath(new URL('../bench-sdk-loop.mjs', import.meta.url))
    const args = [script, FUNCTIONS.join(','), String(perFunction), String(CONCURRENCY)]
    const child = spawn(process.execPath, args, {
      env: {
        PATH: process.env.PATH ?? '',
        AWS_ENDPOINT_URL: emulator.url,
        AWS_REGION: emulator.region,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test'
      },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    // The SDK's Node-version notice goes here; shown only if the loop fails.
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    const code = await new Promise<number | null>((r) => child.on('close', r))
    const usage = usageOf(stdout)
    if (code !== 0 || !usage) throw new Error(`the SDK loop failed (${code}): ${stdout}${stderr}`)
    return usage
  } finally {
    await emulator.stop()
  }
}

/** The article's way: one function after another, one invocation at a time, with the real SDK. */
export async function runSerial(
  sizes: number[],
  n: number,
  scale: number,
  functions: number
): Promise<number> {
  const names = FUNCTIONS.slice(0, functions)
  const emulator = await startEmulator({ timeScale: scale, seed: 7, functions: names.map(spec) })
  const { lambda } = sdkClients(emulator)
  const started = Date.now()
  try {
    const setMemory = async (name: string, size: number): Promise<void> => {
      await lambda.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: name, MemorySize: size })
      )
      // The SDK waiter with its default delays (1 s).
      await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 300 }, { FunctionName: name })
    }
    for (const name of names) {
      for (const size of sizes) {
        await setMemory(name, size)
        for (let i = 0; i < n; i++) {
          await lambda.send(
            new InvokeCommand({ FunctionName: name, LogType: 'Tail', Payload: '{}' })
          )
        }
      }
      await setMemory(name, 1024)
    }
    return ((Date.now() - started) / names.length) * FUNCTIONS.length
  } finally {
    lambda.destroy()
    await emulator.stop()
  }
}

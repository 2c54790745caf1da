/**
 * The emulator in a child process: the server then has a core of its own, so a test that
 * measures the SDK's throughput does not also pay for the server on the same thread.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { CallRecord, InvocationRecord } from './journal.js'
import type { Scenario } from './types.js'

/** A running out-of-process emulator. */
export interface EmulatorProcess {
  url: string
  region: string
  /** The journal, fetched over HTTP. */
  journal(): Promise<{ calls: CallRecord[]; invocations: InvocationRecord[]; drifted: string[] }>
  /** CPU ms the emulator process has used so far. */
  cpuMs(): Promise<number>
  stop(): Promise<void>
}

/** Starts `cli.ts` with the scenario in a child process (tsx), on a free port. */
export async function startEmulatorProcess(scenario: Scenario): Promise<EmulatorProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'emulator-'))
  const file = join(dir, 'scenario.json')
  await writeFile(file, JSON.stringify(scenario))
  const here = dirname(fileURLToPath(import.meta.url))
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(here, 'cli.ts'), '--port', '0', '--scenario', file],
    {
      cwd: join(here, '..', '..'),
      env: { ...process.env, NODE_OPTIONS: '', NODE_NO_WARNINGS: '1' },
      stdio: ['ignore', 'pipe', 'pipe']
    }
  )
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    let err = ''
    const timer = setTimeout(() => reject(new Error(`emulator did not start: ${err}`)), 30_000)
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(m[1])
      }
    })
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()))
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`emulator exited with ${code}: ${err}`))
    })
  })
  return {
    url,
    region: scenario.region ?? 'us-east-1',
    async journal() {
      const res = await fetch(`${url}/__emulator/journal`)
      return (await res.json()) as Awaited<ReturnType<EmulatorProcess['journal']>>
    },
    async cpuMs() {
      const res = await fetch(`${url}/__emulator/health`)
      return ((await res.json()) as { cpuMs: number }).cpuMs
    },
    stop() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      })
    }
  }
}

/** What test/emulator/load.ts reports of one load run. */
export interface LoadResult {
  seconds: number
  /** CPU ms of the SDK's process. */
  cpuMs: number
  /** Answers that were right: 200, no function error, the REPORT in the tail. */
  ok: number
  /** The first few wrong answers, described. */
  wrong: string[]
}

/** Sends `total` Invokes of `functionName`, `concurrency` at a time, from a plain Node process. */
export async function driveLoad(
  url: string,
  functionName: string,
  total: number,
  concurrency: number
): Promise<LoadResult> {
  const here = dirname(fileURLToPath(import.meta.url))
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--import',
      'tsx',
      join(here, 'load.ts'),
      url,
      functionName,
      String(total),
      String(concurrency)
    ],
    {
      cwd: join(here, '..', '..'),
      env: { ...process.env, NODE_OPTIONS: '', NODE_NO_WARNINGS: '1' },
      maxBuffer: 1 << 20
    }
  )
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as LoadResult
}

/**
 * `npm run bench:emulator`: the emulator's throughput through the real SDK, each in a plain Node
 * process of its own as the action runs (test/emulator/process.ts, load.ts). Prints, per round,
 * the wall time, invocations per second and the CPU split between the SDK's process and the
 * emulator's: a slow emulator shows as emulator CPU, a busy machine as wall time beyond both.
 * The volume test only checks that every answer is right; the pace belongs here.
 *
 * Options: --invocations 10000, --concurrency 25, --rounds 3 (machines are noisy).
 */
import { driveLoad, startEmulatorProcess } from '../test/emulator/process.js'

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback
}

const INVOCATIONS = Number(arg('invocations', '10000'))
const CONCURRENCY = Number(arg('concurrency', '25'))
const ROUNDS = Number(arg('rounds', '3'))

const emu = await startEmulatorProcess({
  functions: [{ name: 'hot', model: { cpuMs: 120, noisePct: 5 } }]
})
const rates: number[] = []
let wrong = 0
try {
  console.log(
    `${INVOCATIONS.toLocaleString('en-US')} invocations × ${ROUNDS} rounds, ${CONCURRENCY} in flight`
  )
  for (let round = 1; round <= ROUNDS; round++) {
    const serverCpu0 = await emu.cpuMs()
    const load = await driveLoad(emu.url, 'hot', INVOCATIONS, CONCURRENCY)
    const serverCpu = (await emu.cpuMs()) - serverCpu0
    const rate = INVOCATIONS / load.seconds
    rates.push(rate)
    wrong += INVOCATIONS - load.ok
    const perInvocation = (ms: number): string => `${((ms * 1000) / INVOCATIONS).toFixed(0)} µs`
    console.log(
      `round ${round}: ${load.seconds.toFixed(2)} s, ${rate.toFixed(0)} invocations/s; CPU: SDK ${load.cpuMs} ms (${perInvocation(load.cpuMs)}/invocation), emulator ${serverCpu} ms (${perInvocation(serverCpu)}/invocation)${load.ok < INVOCATIONS ? `; ${INVOCATIONS - load.ok} wrong: ${load.wrong.join('; ')}` : ''}`
    )
  }
} finally {
  await emu.stop()
}
const sorted = [...rates].sort((a, b) => a - b)
console.log(`median: ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} invocations/s`)
if (wrong > 0) process.exitCode = 1

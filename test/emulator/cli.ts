/**
 * Starts the emulator from the command line:
 *   npm run emulator -- --port 4566 --scenario demo|<path.json>
 */
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { startEmulator, type Scenario } from './index.js'
import { articleScenario } from './scenarios/article.js'

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : undefined
}

async function loadScenario(which: string): Promise<Scenario> {
  if (which === 'demo' || which === 'article') {
    return articleScenario({ timeScale: Number(arg('time-scale') ?? 0) })
  }
  if (which.endsWith('.json')) return JSON.parse(await readFile(which, 'utf8')) as Scenario
  const mod = (await import(resolve(which))) as { default?: Scenario; demo?: Scenario }
  const scenario = mod.default ?? mod.demo
  if (!scenario) throw new Error(`${which} exports no default scenario`)
  return scenario
}

const scenario = await loadScenario(arg('scenario') ?? 'demo')
const emulator = await startEmulator(scenario, { port: Number(arg('port') ?? 0) })
console.log(`Lambda + CloudWatch Logs emulator listening on ${emulator.url}`)
console.log(`Functions: ${scenario.functions.map((f) => f.name).join(', ')}`)
console.log('Point the AWS SDK / CLI at it:')
console.log(`  export AWS_ENDPOINT_URL=${emulator.url}`)
console.log(`  export AWS_REGION=${emulator.region}`)
console.log('  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test')
console.log(`Journal: ${emulator.url}/__emulator/journal   (Ctrl-C to stop)`)

const stop = (): void => {
  void emulator.stop().then(() => process.exit(0))
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)

/**
 * The whole benchmark: every function in parallel (each with its own pool of invocations) →
 * the Results of schemaVersion 1.
 */
import type { AwsClients } from '../aws/clients.js'
import type { Plan } from '../plan.js'
import { SCHEMA_VERSION, type FunctionResult, type Results } from '../results.js'
import { displayNames } from '../stats/display-names.js'
import { recommend } from '../stats/recommend.js'
import { benchmarkFunction, type Logger } from './function.js'
import type { RestoreLedger } from './state.js'

export interface BenchmarkDeps {
  clients: AwsClients
  ledger: RestoreLedger
  /** Cancellation: no new invocation starts, every function is restored, results are partial. */
  signal: AbortSignal
  log: Logger
  env?: NodeJS.ProcessEnv
}

/** Link to the workflow run, when GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_RUN_ID are set. */
export function runUrlOf(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run } = env
  if (!server || !repo || !run) return undefined
  return `${server.replace(/\/+$/, '')}/${repo}/actions/runs/${run}`
}

/** Runs the plan. Never throws for a function's failure: it is in that function's result. */
export async function runBenchmark(plan: Plan, deps: BenchmarkDeps): Promise<Results> {
  const startedAt = new Date().toISOString()
  const isolation = plan.isolation
  const payload = Buffer.from(plan.payload, 'utf8')
  const measured = await Promise.all(
    plan.functions.map((target) =>
      benchmarkFunction(target, {
        clients: deps.clients,
        plan,
        payload,
        signal: deps.signal,
        ledger: deps.ledger,
        log: deps.log
      })
    )
  )
  const names = displayNames(measured)
  const functions: FunctionResult[] = measured.map((m, i) => ({
    functionArn: m.functionArn,
    functionName: m.functionName,
    displayName: names[i],
    region: m.region,
    architecture: m.architecture,
    originalMemorySize: m.originalMemorySize,
    status: m.status,
    error: m.error,
    tiers: m.tiers,
    recommendation: recommend(m.tiers)
  }))
  const results: Results = {
    schemaVersion: SCHEMA_VERSION,
    startedAt,
    finishedAt: new Date().toISOString(),
    settings: {
      memorySizes: plan.memorySizes,
      invocations: plan.invocations,
      concurrency: plan.concurrency,
      isolation,
      monthlyInvocations: plan.monthlyInvocations ?? null
    },
    functions
  }
  const runUrl = runUrlOf(deps.env ?? process.env)
  if (runUrl) results.runUrl = runUrl
  if (deps.signal.aborted) results.cancelled = true
  return results
}

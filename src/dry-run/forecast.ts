/**
 * The dry run's plan: per function what the benchmark would send (calls.ts), what it would cost
 * and take (estimate.ts), and whether it would be refused (refusal.ts), from the configurations
 * read and the baseline. Pure. This is the `plan` output, as JSON.
 */
import type { FunctionConfiguration } from '@aws-sdk/client-lambda'
import { groupsOf } from '../model/order.js'
import type { FunctionTarget, Isolation, Plan } from '../model/plan.js'
import type { Architecture, FunctionResult, Results, TierResult } from '../model/results.js'
import { displayNames } from '../stats/display-names.js'
import { matchFunctions } from '../stats/match.js'
import { NO_CALLS, plannedCalls, totalCalls, type PlannedCalls } from './calls.js'
import {
  estimate,
  runWall,
  totalCost,
  UPDATE_WAIT_MS,
  type CostEstimate,
  type SizeEstimate,
  type WallEstimate
} from './estimate.js'
import { coldStartRefusal, snapshotOf } from '../configure/snapshot.js'
import { judgeConfiguration } from './refusal.js'

/** What reading one function gave: its configuration, or why it could not be read. */
export type ReadOutcome =
  | { target: FunctionTarget; configuration: FunctionConfiguration }
  | { target: FunctionTarget; error: string }

/** One function in the dry run's plan. */
export interface FunctionForecast {
  /** Its display name, as the report would show it. */
  functionName: string
  functionArn: string
  region: string
  /** Null when it could not be read. */
  architecture: Architecture | null
  /** Its memory size now, MB; null when it could not be read. */
  memorySize: number | null
  /** A live baseline: the display name of the function it is measured beside. */
  liveBaselineOf?: string
  calls: PlannedCalls
  cost: CostEstimate
  wall: WallEstimate
  /** The baseline function the estimate took figures from, and the sizes it had; null: none. */
  baseline: { functionName: string; memorySizes: number[] } | null
  sizes: SizeEstimate[]
  /** Why the run would not benchmark it; empty when it would. */
  problems: string[]
  /** What the run would wait for first. */
  notes: string[]
}

/** The `plan` output. */
export interface Forecast {
  dryRun: true
  isolation: Isolation
  memorySizes: number[]
  invocations: number
  concurrency: number
  /** `cold-starts`: forced cold starts per size, besides the invocations. */
  coldStarts: number
  /** `target-precision`: then the invocations, cost and wall time are the most it takes. */
  targetPrecision: number | null
  /** The wait assumed per update, in the wall estimates. */
  updateWaitSeconds: number
  /** Each live baseline right after its current function, as the results list them. */
  functions: FunctionForecast[]
  total: { calls: PlannedCalls; cost: CostEstimate; wall: WallEstimate }
  /** Functions the run would not benchmark (the step fails when there is one). */
  refused: number
}

const configurationOf = (r: ReadOutcome): FunctionConfiguration | undefined =>
  'configuration' in r ? r.configuration : undefined

/** A stand-in Result of a function, enough for matchFunctions (names and region). */
function asResult(
  r: ReadOutcome,
  displayName: string,
  arn: string,
  architecture: Architecture
): FunctionResult {
  return {
    functionArn: arn,
    functionName: r.target.functionName,
    displayName,
    region: r.target.region,
    architecture,
    originalMemorySize: configurationOf(r)?.MemorySize ?? 0,
    status: 'ok',
    error: null,
    tiers: [],
    recommendation: { cost: null, speed: null, balanced: null }
  }
}

/** Why each function of a group would not be benchmarked: its own problem, or its partner's. */
function groupProblems(group: readonly ReadOutcome[], coldStarts: number): string[][] {
  const own = group.map((r) => {
    if ('error' in r) return r.error
    const { functionName } = r.target
    const refusal = judgeConfiguration(r.configuration, functionName).refusal
    if (refusal || coldStarts === 0) return refusal
    return coldStartRefusal(snapshotOf(r.configuration, functionName))
  })
  const stopped = group.filter((_, i) => own[i] !== undefined).map((r) => r.target.functionName)
  return group.map((_, i) => {
    const mine = own[i]
    if (mine !== undefined) return [mine]
    if (stopped.length === 0) return []
    return [`not benchmarked: ${stopped.join(', ')}, measured beside it, cannot be`]
  })
}

/**
 * The plan of the run: `reads` are the groups' functions in order (each live baseline right
 * after its current), `baseline` the results compared with (a file, or `baseline: auto`).
 */
export function forecastRun(
  plan: Plan,
  reads: readonly ReadOutcome[],
  baseline?: Results
): Forecast {
  const arns = reads.map((r) => configurationOf(r)?.FunctionArn ?? r.target.identifier)
  const architectures = reads.map((r): Architecture =>
    configurationOf(r)?.Architectures?.[0] === 'arm64' ? 'arm64' : 'x86_64'
  )
  const names = displayNames(reads.map((r, i) => ({ ...r.target, functionArn: arns[i] })))
  const stand = reads.map((r, i) => asResult(r, names[i], arns[i], architectures[i]))
  const partnerOf = new Map<FunctionResult, FunctionResult>()
  if (baseline) {
    const match = matchFunctions(stand, baseline.functions, plan.baseline?.map)
    for (const p of match.pairs) partnerOf.set(p.current, p.baseline)
  }

  const functions: FunctionForecast[] = []
  let at = 0
  for (const targets of groupsOf(plan)) {
    const group = reads.slice(at, at + targets.length)
    const problems = groupProblems(group, plan.coldStarts)
    const memories = group.map((r) => configurationOf(r)?.MemorySize ?? 128)
    group.forEach((r, j) => {
      const i = at + j
      const config = configurationOf(r)
      const memory = config?.MemorySize ?? 128
      const partner = partnerOf.get(stand[i])
      const tiers = new Map<number, TierResult>(
        (partner?.tiers ?? []).map((t) => [t.memorySize, t])
      )
      const refused = problems[j].length > 0
      const calls = refused ? NO_CALLS : plannedCalls(plan, memory, memories)
      const est = refused
        ? { cost: { usd: 0, perSecondUsd: 0 }, wall: { seconds: 0, rounds: 0 }, sizes: [] }
        : estimate(plan, {
            region: r.target.region,
            architecture: architectures[i],
            baseline: tiers,
            updates: calls.updates
          })
      functions.push({
        functionName: names[i],
        functionArn: arns[i],
        region: r.target.region,
        architecture: config ? architectures[i] : null,
        memorySize: config ? memory : null,
        ...(j > 0 ? { liveBaselineOf: names[at] } : {}),
        calls,
        cost: est.cost,
        wall: est.wall,
        baseline: partner
          ? {
              functionName: partner.displayName,
              memorySizes: [...tiers.keys()].sort((a, b) => a - b)
            }
          : null,
        sizes: est.sizes,
        problems: problems[j],
        notes:
          config && !refused
            ? judgeConfiguration(config, r.target.functionName, plan.isolation).notes
            : []
      })
    })
    at += targets.length
  }
  return {
    dryRun: true,
    isolation: plan.isolation,
    memorySizes: plan.memorySizes,
    invocations: plan.invocations,
    concurrency: plan.concurrency,
    coldStarts: plan.coldStarts,
    targetPrecision: plan.sampling?.targetPrecision ?? null,
    updateWaitSeconds: UPDATE_WAIT_MS / 1000,
    functions,
    total: {
      calls: totalCalls(functions.map((f) => f.calls)),
      cost: totalCost(functions.map((f) => f.cost)),
      wall: runWall(functions.map((f) => f.wall))
    },
    refused: functions.filter((f) => f.problems.length > 0).length
  }
}

/** Why the step fails: the functions the run would not benchmark, a line each; null when none. */
export function forecastFailure(forecast: Forecast): string | null {
  const refused = forecast.functions.filter((f) => f.problems.length > 0)
  if (refused.length === 0) return null
  const total = forecast.functions.length
  const lines = refused.map((f) => `${f.functionName}: ${f.problems.join('; ')}`)
  return `Dry run: ${refused.length} of ${total} function(s) would not be benchmarked:\n${lines.join('\n')}`
}

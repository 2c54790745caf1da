/**
 * The one step that turns what was measured into the Results: display names, recommendations,
 * the run's settings, and the comparison with the baseline. Pure: the same measurements give the
 * same Results, and nothing is added to them afterwards.
 */
import { compareResults } from '../compare/comparison.js'
import type { Measurements } from '../model/measurement.js'
import type { Plan } from '../model/plan.js'
import {
  SCHEMA_VERSION,
  type Comparison,
  type FunctionResult,
  type Results
} from '../model/results.js'
import { displayNames } from '../stats/display-names.js'
import { recommend } from '../stats/recommend.js'

/** Link to the workflow run, when GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_RUN_ID are set. */
export function runUrlOf(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run } = env
  if (!server || !repo || !run) return undefined
  return `${server.replace(/\/+$/, '')}/${repo}/actions/runs/${run}`
}

/** What the Results carry besides the measurements. */
export interface AssembleOptions {
  /** The baseline read before the run, to compare with. */
  baseline?: Results
  runUrl?: string
}

/** The Results of a run (schemaVersion 1). */
export function assembleResults(
  plan: Plan,
  measured: Measurements,
  options: AssembleOptions = {}
): Results {
  const names = displayNames(measured.functions)
  const results: Results = {
    schemaVersion: SCHEMA_VERSION,
    startedAt: measured.startedAt,
    finishedAt: measured.finishedAt,
    settings: {
      memorySizes: plan.memorySizes,
      invocations: plan.invocations,
      concurrency: plan.concurrency,
      isolation: plan.isolation,
      monthlyInvocations: plan.monthlyInvocations ?? null,
      coldStarts: plan.coldStarts,
      targetPrecision: plan.sampling?.targetPrecision ?? null,
      minInvocations: plan.sampling?.minInvocations ?? null
    },
    functions: measured.functions.map((m, i) => ({
      functionArn: m.functionArn,
      functionName: m.functionName,
      displayName: names[i],
      region: m.region,
      architecture: m.architecture,
      originalMemorySize: m.originalMemorySize,
      status: m.status,
      error: m.error,
      tiers: m.tiers,
      recommendation: recommend(m.tiers),
      ...(m.liveBaseline !== undefined ? { liveBaseline: m.liveBaseline } : {}),
      ...(m.liveBaselineOf !== undefined ? { liveBaselineOf: m.liveBaselineOf } : {})
    })),
    ...(options.runUrl ? { runUrl: options.runUrl } : {}),
    ...(measured.cancelled ? { cancelled: true as const } : {})
  }
  if (plan.liveBaselines !== undefined)
    return { ...results, comparison: liveComparison(plan, results) }
  return options.baseline === undefined ? results : compareWith(results, options.baseline, plan)
}

/**
 * The Results with their comparison against a baseline run, by the plan's threshold and
 * `baseline-map` (replacing any comparison they carried: merged shards compared afresh).
 */
export function compareWith(results: Results, baseline: Results, plan: Plan): Results {
  const comparison = compareResults(results, baseline, {
    thresholdPct: plan.regressionThreshold,
    map: plan.baseline?.map
  })
  return { ...results, comparison }
}

/**
 * Each current function against the live baseline measured beside it, by the same test and
 * rule as a baseline file; functions outside a pair are not compared.
 */
function liveComparison(plan: Plan, results: Results): Comparison {
  const byArn = new Map(results.functions.map((f) => [f.functionArn, f]))
  const currents = results.functions.filter((f) => f.liveBaseline !== undefined)
  const map = Object.fromEntries(
    currents.map((f) => [f.displayName, byArn.get(f.liveBaseline as string)?.displayName ?? ''])
  )
  const side = (functions: FunctionResult[]): Results => ({ ...results, functions })
  const comparison = compareResults(
    side(currents),
    side(results.functions.filter((f) => f.liveBaselineOf !== undefined)),
    { thresholdPct: plan.regressionThreshold, map }
  )
  return { ...comparison, live: true }
}

/**
 * `merge-results`: the results files of a benchmark split over several jobs (a matrix, one per
 * account or region) made into the Results of one run, as if one job had measured everything.
 * Pure; ./merge-files.ts finds and reads the files.
 *
 * What cannot be one value is decided here, and each file's own values are kept in `merged`:
 * - settings: memory sizes are the union; invocations and concurrency the largest (each tier
 *   carries its own invocations); isolation `latest` unless every file used `versions` (never
 *   claim an isolation some functions were not measured with); monthly invocations null unless
 *   every file gave the same (a projection with another job's traffic would be wrong);
 * - the shards' comparisons are combined into one, when they were made by the same rule
 *   (threshold and significance level); otherwise the merge is refused, unless the caller
 *   compares the merged run afresh (`combineComparisons: false`).
 */
import { InputError } from '../inputs/parse.js'
import {
  SCHEMA_VERSION,
  type BenchmarkSettings,
  type Comparison,
  type FunctionResult,
  type MergedFile,
  type Results,
  type TierComparison,
  type UnmatchedMemorySize
} from '../model/results.js'
import { displayNames } from '../stats/display-names.js'

/** One results file to merge: where it was found, and what it holds. */
export interface Shard {
  /** As shown in messages and recorded in `merged`: relative to the workspace when inside it. */
  path: string
  results: Results
}

/** Why the files cannot be merged: every problem found, one line each (bad input, as the rest). */
export class MergeError extends InputError {
  constructor(problems: string[]) {
    super(problems)
    this.name = 'MergeError'
  }
}

/** What the merged run carries besides the shards. */
export interface MergeOptions {
  /** The merge job's own workflow run. */
  runUrl?: string
  /**
   * Combine the shards' comparisons into the merged run's (default true). False when the caller
   * compares the merged run afresh (the merge job was given a baseline): the shards' comparisons
   * are then left out, and whether they could have been combined is not checked.
   */
  combineComparisons?: boolean
}

/** Each function (by ARN) found in more than one file: a problem line each, in file order. */
export function duplicateFunctions(shards: readonly Shard[]): string[] {
  const where = new Map<string, { fn: FunctionResult; paths: string[] }>()
  for (const shard of shards) {
    for (const fn of shard.results.functions) {
      const seen = where.get(fn.functionArn)
      if (seen === undefined) where.set(fn.functionArn, { fn, paths: [shard.path] })
      else seen.paths.push(shard.path)
    }
  }
  return [...where.values()]
    .filter(({ paths }) => paths.length > 1)
    .map(
      ({ fn, paths }) =>
        `merge-results: ${fn.functionName} (${fn.functionArn}) is in ${
          paths.length === 2 ? 'both ' : ''
        }${andList(paths)}`
    )
}

/**
 * The shards as one run: their functions in shard order (display names recomputed over them
 * all), the earliest start and the latest finish, cancelled when any shard was, the settings
 * and comparisons combined as the header says, `merged` recording each shard. Throws a
 * MergeError when there is nothing to merge, a function is in two shards, or the comparisons
 * were made by different rules.
 */
export function mergeResults(shards: readonly Shard[], options: MergeOptions = {}): Results {
  if (shards.length === 0) throw new MergeError(['merge-results: no results file to merge'])
  const combine = options.combineComparisons ?? true
  const problems = [...duplicateFunctions(shards), ...(combine ? ruleConflicts(shards) : [])]
  if (problems.length > 0) throw new MergeError(problems)

  const all = shards.flatMap((s) => s.results.functions)
  const names = displayNames(all)
  const functions = all.map((f, i) => ({ ...f, displayName: names[i] }))
  // Each shard's display names (unique within it) to the merged ones, for its comparison.
  let next = 0
  const renames = shards.map((s) => {
    const rename = new Map<string, string>()
    for (const f of s.results.functions) {
      if (!rename.has(f.displayName)) rename.set(f.displayName, names[next])
      next++
    }
    return rename
  })
  const comparison = combine ? combineComparisons(shards, renames) : undefined
  return {
    schemaVersion: SCHEMA_VERSION,
    startedAt: earliest(shards.map((s) => s.results.startedAt)),
    finishedAt: latest(shards.map((s) => s.results.finishedAt)),
    settings: mergeSettings(shards.map((s) => s.results.settings)),
    functions,
    ...(options.runUrl !== undefined ? { runUrl: options.runUrl } : {}),
    ...(shards.some((s) => s.results.cancelled === true) ? { cancelled: true } : {}),
    ...(comparison !== undefined ? { comparison } : {}),
    merged: { files: shards.map(mergedFile) }
  }
}

function mergedFile({ path, results: r }: Shard): MergedFile {
  return {
    path,
    ...(r.runUrl !== undefined ? { runUrl: r.runUrl } : {}),
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    settings: r.settings,
    functions: r.functions.map((f) => f.functionArn),
    ...(r.cancelled === true ? { cancelled: true } : {})
  }
}

function mergeSettings(all: readonly BenchmarkSettings[]): BenchmarkSettings {
  const agreed = <T>(values: readonly T[]): boolean => values.every((v) => v === values[0])
  const monthly = all.map((s) => s.monthlyInvocations)
  return {
    memorySizes: [...new Set(all.flatMap((s) => s.memorySizes))].sort((a, b) => a - b),
    invocations: Math.max(...all.map((s) => s.invocations)),
    concurrency: Math.max(...all.map((s) => s.concurrency)),
    isolation: all.every((s) => s.isolation === 'versions') ? 'versions' : 'latest',
    monthlyInvocations: agreed(monthly) ? monthly[0] : null,
    coldStarts: Math.max(...all.map((s) => s.coldStarts)),
    // A target some jobs were not held to is no target of the whole.
    targetPrecision: agreed(all.map((s) => s.targetPrecision)) ? all[0].targetPrecision : null,
    minInvocations: agreed(all.map((s) => s.minInvocations)) ? all[0].minInvocations : null
  }
}

/** The rule a comparison was made by: what must agree for comparisons to be combined. */
const ruleOf = (c: Comparison): string => `regression-threshold ${c.thresholdPct} %, α ${c.alpha}`

/** One line when the shards' comparisons were made by different rules, naming every file. */
function ruleConflicts(shards: readonly Shard[]): string[] {
  const byRule = new Map<string, string[]>()
  for (const { path, results } of shards) {
    if (results.comparison === undefined) continue
    const rule = ruleOf(results.comparison)
    byRule.set(rule, [...(byRule.get(rule) ?? []), path])
  }
  if (byRule.size <= 1) return []
  const groups = [...byRule].map(([rule, paths]) => `${andList(paths)} with ${rule}`)
  return [
    `merge-results: the files compared with their baselines by different rules (${groups.join('; ')}): run every job with the same regression-threshold, or give this job a baseline to compare the merged run afresh`
  ]
}

/**
 * The shards' comparisons as one: pairs concatenated in shard order under the merged display
 * names, counts summed, unmatched names unioned. Live only when every comparison was. A shard
 * without a comparison had no baseline: its functions are listed as unmatched (except beside
 * live comparisons, where a function outside a pair is not compared, as in one run).
 */
function combineComparisons(
  shards: readonly Shard[],
  renames: readonly Map<string, string>[]
): Comparison | undefined {
  const compared = shards.flatMap((s, i) =>
    s.results.comparison === undefined ? [] : [{ c: s.results.comparison, rename: renames[i] }]
  )
  if (compared.length === 0) return undefined
  const live = compared.every(({ c }) => c.live === true)

  const tiers: TierComparison[] = []
  const functions: string[] = []
  const baselineFunctions: string[] = []
  const memorySizes: UnmatchedMemorySize[] = []
  for (const { c, rename } of compared) {
    const current = (name: string): string => rename.get(name) ?? name
    // A live baseline is one of the shard's functions, renamed with them; a baseline file's
    // names are that file's, and stay.
    const baseline = (name: string): string => (c.live === true ? current(name) : name)
    for (const t of c.tiers) {
      tiers.push({
        ...t,
        functionName: current(t.functionName),
        baselineFunctionName: baseline(t.baselineFunctionName)
      })
    }
    functions.push(...c.unmatched.functions.map(current))
    baselineFunctions.push(...c.unmatched.baselineFunctions.map(baseline))
    for (const m of c.unmatched.memorySizes) {
      const functionName = m.side === 'current' ? current(m.functionName) : baseline(m.functionName)
      memorySizes.push({ ...m, functionName })
    }
  }
  if (!live) {
    shards.forEach((s, i) => {
      if (s.results.comparison !== undefined) return
      for (const f of s.results.functions) {
        if (f.liveBaselineOf === undefined) functions.push(renames[i].get(f.displayName)!)
      }
    })
  }
  // Shards compared with one baseline file each miss the functions the others measured; a
  // baseline function paired in any shard was matched.
  const paired = new Set(tiers.map((t) => t.baselineFunctionName))
  const first = compared[0].c
  return {
    baselineStartedAt: earliest(compared.map(({ c }) => c.baselineStartedAt)),
    ...(live ? { live: true } : {}),
    thresholdPct: first.thresholdPct,
    alpha: first.alpha,
    minSamples: Math.max(...compared.map(({ c }) => c.minSamples)),
    tiers,
    regressions: sum(compared.map(({ c }) => c.regressions)),
    improvements: sum(compared.map(({ c }) => c.improvements)),
    unmatched: {
      functions: unique(functions),
      baselineFunctions: unique(baselineFunctions).filter((n) => !paired.has(n)),
      memorySizes: uniqueBy(
        memorySizes,
        (m) => `${m.side}\u0000${m.functionName}\u0000${m.memorySize}`
      )
    }
  }
}

/** The instant of an ISO 8601 timestamp (any offset); NaN when it does not parse. */
const instant = (t: string): number => Date.parse(t)

/** The earliest timestamp; ones that do not parse only when none does. */
function earliest(times: readonly string[]): string {
  const valid = times.filter((t) => !Number.isNaN(instant(t)))
  if (valid.length === 0) return times[0]
  return valid.reduce((a, b) => (instant(b) < instant(a) ? b : a))
}

/** The latest timestamp; ones that do not parse only when none does. */
function latest(times: readonly string[]): string {
  const valid = times.filter((t) => !Number.isNaN(instant(t)))
  if (valid.length === 0) return times[0]
  return valid.reduce((a, b) => (instant(b) > instant(a) ? b : a))
}

const sum = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0)

const unique = (values: readonly string[]): string[] => [...new Set(values)]

function uniqueBy<T>(values: readonly T[], key: (v: T) => string): T[] {
  const seen = new Set<string>()
  return values.filter((v) => {
    const k = key(v)
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}

/** `a`, `a and b`, `a, b and c`. */
function andList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

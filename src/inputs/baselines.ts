/**
 * What the run is compared with: `baseline-map` (names matched against a baseline file) and
 * `baseline-functions` (live baselines, benchmarked in this run beside their current function).
 */
import { isEnterpriseServer } from '../github/host.js'
import type { BaselineSource, FunctionTarget, LivePair } from '../model/plan.js'
import { baselineSource } from './artifacts.js'
import { parseTarget, sameFunction, splitList } from './functions.js'
import { type Problems, quote as q } from './problems.js'

/** `current=baseline` function-name pairs, one per line or comma-separated. */
function baselineMap(raw: string, problems: Problems): Record<string, string> {
  const map: Record<string, string> = {}
  for (const pair of splitList(raw)) {
    const match = /^([^=]+)=([^=]+)$/.exec(pair)
    const current = match?.[1].trim()
    const baseline = match?.[2].trim()
    if (!current || !baseline) {
      problems.add(`baseline-map: ${q(pair)} is not a pair current=baseline`)
    } else if (current in map) {
      problems.add(`baseline-map: ${q(current)} is mapped twice`)
    } else {
      map[current] = baseline
    }
  }
  return map
}

/**
 * `current=baseline` pairs of functions (names or ARNs, the rules of `functions`). Every current
 * is one of `functions`; a baseline is not, since it is measured as the current's baseline; a
 * function is in one pair at most.
 */
function livePairs(
  raw: string,
  functions: readonly FunctionTarget[],
  defaultRegion: string | undefined,
  problems: Problems
): LivePair[] {
  const pairs: LivePair[] = []
  for (const entry of splitList(raw)) {
    const match = /^([^=]+)=([^=]+)$/.exec(entry)
    const sides = match ? [match[1].trim(), match[2].trim()] : []
    if (!match || sides.some((side) => side === '')) {
      problems.add(`baseline-functions: ${q(entry)} is not a pair current=baseline`)
      continue
    }
    const [currentInput, baselineInput] = sides
    const named = parseTarget('baseline-functions', currentInput, defaultRegion)
    const baseline = parseTarget('baseline-functions', baselineInput, defaultRegion)
    if (typeof named === 'string' || typeof baseline === 'string') {
      for (const side of [named, baseline]) if (typeof side === 'string') problems.add(side)
      continue
    }
    const current = functions.find((f) => sameFunction(f, named))
    if (!current) {
      problems.add(
        `baseline-functions: ${q(currentInput)} is not one of functions; a current function is benchmarked as listed there`
      )
      continue
    }
    const written = { entry, current: currentInput, baseline: baselineInput }
    const problem = pairProblem(current, baseline, written, functions, pairs)
    if (problem !== null) {
      problems.add(`baseline-functions: ${problem}`)
      continue
    }
    pairs.push({ current, baseline })
  }
  return pairs
}

/** What is wrong with pairing `current` with `baseline` (as written: `raw`), or null. */
function pairProblem(
  current: FunctionTarget,
  baseline: FunctionTarget,
  raw: { entry: string; current: string; baseline: string },
  functions: readonly FunctionTarget[],
  pairs: readonly LivePair[]
): string | null {
  if (sameFunction(current, baseline)) return `${q(raw.entry)} pairs a function with itself`
  if (functions.some((f) => sameFunction(f, baseline))) {
    return `${q(raw.baseline)} is also in functions; list a baseline function only here`
  }
  if (pairs.some((p) => sameFunction(p.current, current))) {
    return `${q(raw.current)} is paired twice; give each current function one baseline`
  }
  if (pairs.some((p) => sameFunction(p.baseline, baseline))) {
    return `${q(raw.baseline)} is the baseline of two functions; give each its own`
  }
  return null
}

/** The raw inputs that say what the run is compared with. */
interface ComparisonInputs {
  baseline: string
  map: string
  required: boolean
  pairs: string
  token: string
  /** `merge-results` is given: live baselines belong to the jobs that measure. */
  merging: boolean
}

/**
 * `baseline` (a file or `auto`), `baseline-map`, `baseline-required` and `baseline-functions`,
 * and the rules between them: one way of comparing at a time, a token to read artifacts with,
 * and an artifact service that exists (not on GitHub Enterprise Server).
 */
export function comparedWith(
  raw: ComparisonInputs,
  context: {
    targets: readonly FunctionTarget[]
    region: string | undefined
    env: NodeJS.ProcessEnv
  },
  problems: Problems
): {
  source: BaselineSource | undefined
  map: Record<string, string>
  required: boolean
  pairs: LivePair[]
} {
  const source = baselineSource(raw.baseline)
  const map = baselineMap(raw.map, problems)
  if (raw.required && !raw.baseline) {
    problems.add(
      'baseline-required: is true but baseline is empty; give the baseline results file, or baseline: auto'
    )
  }
  if (source?.kind === 'artifact' && !raw.token) {
    problems.add(
      "baseline: auto reads the base branch's results artifacts with github-token, which is empty; give a token with actions: read"
    )
  }
  if (source?.kind === 'artifact' && isEnterpriseServer(context.env)) {
    problems.add(
      `baseline: auto reads results artifacts through GitHub's artifact service, which GitHub Enterprise Server (${context.env.GITHUB_SERVER_URL}) does not have; give baseline a results file instead`
    )
  }
  const pairs = livePairs(raw.pairs, context.targets, context.region, problems)
  if (raw.merging && raw.pairs) {
    problems.add(
      'baseline-functions and merge-results: live baselines are measured by a benchmark; give them to the jobs that measure, not to the one that merges'
    )
  }
  if (pairs.length > 0 && raw.baseline) {
    problems.add(
      'baseline-functions and baseline: give one, live baselines measured in this run or a results file of an earlier one'
    )
  }
  if (pairs.length > 0 && Object.keys(map).length > 0) {
    problems.add(
      'baseline-map: matches functions to a baseline file; with baseline-functions the pairs are given there'
    )
  }
  return { source, map, required: raw.required, pairs }
}

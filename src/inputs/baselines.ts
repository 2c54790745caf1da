/**
 * What the run is compared with: `baseline-map` (names matched against a baseline file) and
 * `baseline-functions` (live baselines, benchmarked in this run beside their current function).
 */
import type { FunctionTarget, LivePair } from '../model/plan.js'
import { parseTarget, sameFunction, splitList } from './functions.js'
import { type Problems, quote as q } from './problems.js'

/** `current=baseline` function-name pairs, one per line or comma-separated. */
export function baselineMap(raw: string, problems: Problems): Record<string, string> {
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
export function livePairs(
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

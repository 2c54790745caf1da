/**
 * Pairs the functions of a run with those of its baseline. Stage names differ between runs
 * (`my-fn-pr-42` against `my-fn-main`), so an explicit map `current=baseline` wins over names.
 */
import type { FunctionResult } from '../model/results.js'

/** A current function and the baseline function it is compared with. */
interface FunctionPair {
  current: FunctionResult
  baseline: FunctionResult
}

/** The pairs, and the display names left without a partner on either side. */
export interface FunctionMatch {
  pairs: FunctionPair[]
  unmatchedCurrent: string[]
  unmatchedBaseline: string[]
}

/**
 * Matches by function name. A map key may be the current display name or function name, its
 * value the baseline display name or function name. When names repeat (one name in two
 * regions), the display names — which carry the region — decide, and each baseline function is
 * used at most once.
 */
export function matchFunctions(
  current: readonly FunctionResult[],
  baseline: readonly FunctionResult[],
  map: Readonly<Record<string, string>> = {}
): FunctionMatch {
  const taken = new Set<FunctionResult>()
  const pairs: FunctionPair[] = []
  const unmatchedCurrent: string[] = []
  const find = (cur: FunctionResult): FunctionResult | undefined => {
    const mapped = map[cur.displayName] ?? map[cur.functionName]
    const free = baseline.filter((b) => !taken.has(b))
    if (mapped !== undefined) {
      return (
        free.find((b) => b.displayName === mapped) ?? free.find((b) => b.functionName === mapped)
      )
    }
    return (
      free.find((b) => b.displayName === cur.displayName) ??
      free.find((b) => b.functionName === cur.functionName && b.region === cur.region) ??
      free.find((b) => b.functionName === cur.functionName)
    )
  }
  for (const cur of current) {
    const partner = find(cur)
    if (partner === undefined) {
      unmatchedCurrent.push(cur.displayName)
      continue
    }
    taken.add(partner)
    pairs.push({ current: cur, baseline: partner })
  }
  const unmatchedBaseline = baseline.filter((b) => !taken.has(b)).map((b) => b.displayName)
  return { pairs, unmatchedCurrent, unmatchedBaseline }
}

/**
 * `dry-run`: read each function's configuration and report what the benchmark would do, with
 * nothing changed or invoked. It plans a benchmark, so it cannot go with `merge-results`, which
 * runs none.
 */
import type { Problems } from './problems.js'

/** The plan's `dryRun`: `dry-run` as parsed (a boolean), refused beside `merge-results`. */
export function dryRun(value: boolean, merging: boolean, problems: Problems): boolean {
  if (value && merging) {
    problems.add(
      'dry-run and merge-results: give one, dry-run to plan a benchmark of functions without running it, or merge-results to report results files measured by other jobs'
    )
  }
  return value
}

/**
 * The order in which memory sizes are set. Results are reported in ascending order whatever
 * the order of measurement.
 */

/**
 * isolation: versions — the function's current size first (published as it is, without an
 * update), then the others ascending: one update wait fewer per function.
 */
export function sizesInChangeOrder(sizes: readonly number[], current: number): number[] {
  return [...sizes].sort((a, b) => (a === current ? -1 : b === current ? 1 : a - b))
}

/**
 * isolation: latest — the others ascending, the function's current size last: setting it back
 * is the restore the run owes anyway, so it costs no update of its own. Measuring it first, as
 * it is, would save the same update but run it on environments that may have been warm before
 * the run, so its cold starts would not compare with the other sizes', which all start fresh.
 */
export function sizesCurrentLast(sizes: readonly number[], current: number): number[] {
  return [...sizes].sort((a, b) => (a === current ? 1 : b === current ? -1 : a - b))
}

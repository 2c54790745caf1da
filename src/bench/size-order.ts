/**
 * The order in which memory sizes are set: the function's current size first (measured or
 * published as it is, without an update), then the others ascending. One update wait fewer per
 * function; results are still reported in ascending order.
 */
export function sizesInChangeOrder(sizes: readonly number[], current: number): number[] {
  return [...sizes].sort((a, b) => (a === current ? -1 : b === current ? 1 : a - b))
}

/**
 * The size budget: GitHub refuses comments over 65,536 characters. The report is composed
 * from whole sections at a given layout; the budget tries layouts from richest to leanest and
 * keeps the first that fits, so nothing is ever cut in the middle of a table or a block.
 */

/** A comment body must stay under GitHub's limit with room for the publisher's marker line. */
export const DEFAULT_MAX_LENGTH = 65_000

/** The first rendering, in order, whose length is at most `maxLength`; null if none is. */
export function firstThatFits<T>(
  layouts: T[],
  render: (layout: T) => string,
  maxLength: number
): string | null {
  for (const layout of layouts) {
    const text = render(layout)
    if (text.length <= maxLength) return text
  }
  return null
}

/**
 * The largest `k` in [1, high] whose rendering fits, by bisection (the length grows with k).
 * Null when even k = 1 does not fit.
 */
export function largestThatFits(
  high: number,
  render: (k: number) => string,
  maxLength: number
): { k: number; text: string } | null {
  let best: { k: number; text: string } | null = null
  let lo = 1
  let hi = high
  while (lo <= hi) {
    const mid = Math.floor((lo + hi) / 2)
    const text = render(mid)
    if (text.length <= maxLength) {
      best = { k: mid, text }
      lo = mid + 1
    } else {
      hi = mid - 1
    }
  }
  return best
}

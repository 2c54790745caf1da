/** How a payload set spreads a size's invocations: the shares, and the order they are sent in. */

/**
 * Each payload's share of `total` invocations, in proportion to its weight, by largest-remainder
 * rounding: the floors first, then one more to the largest remainders (the earlier entry on a tie).
 * The shares add up to exactly `total`.
 */
export function shares(weights: readonly number[], total: number): number[] {
  const sum = weights.reduce((a, w) => a + w, 0)
  const floors = weights.map((w) => Math.floor((w * total) / sum))
  let left = total - floors.reduce((a, n) => a + n, 0)
  const byRemainder = weights
    .map((w, i) => ({ i, remainder: (w * total) % sum }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i)
  for (const { i } of byRemainder) {
    if (left <= 0) break
    floors[i]++
    left--
  }
  return floors
}

/**
 * The order in which `counts` (invocations per payload) are sent, so that the payloads interleave
 * evenly in time: in every prefix of k sends, each payload has been sent within 1 of its pace
 * k × count / total, and each exactly its count in all. Tijdeman's chairman-assignment rule: at
 * step k, of the payloads at least 1/(2n−2) behind their pace, the one whose next send is due
 * first (the earlier entry on a tie). Deterministic; integer arithmetic only.
 */
export function schedule(counts: readonly number[]): number[] {
  const total = counts.reduce((a, n) => a + n, 0)
  const active = counts.filter((n) => n > 0).length
  // With one payload the rule is trivial; 2n − 2 otherwise.
  const c = Math.max(1, 2 * active - 2)
  const sent = counts.map(() => 0)
  const order: number[] = []
  for (let k = 1; k <= total; k++) {
    let best = -1
    for (let i = 0; i < counts.length; i++) {
      if (sent[i] >= counts[i]) continue
      // Behind by at least 1/c: k × count/total − sent ≥ 1/c.
      if (c * (k * counts[i] - total * sent[i]) < total) continue
      // Due first: the least (c − 1 + c × sent) / count.
      if (best < 0 || (c - 1 + c * sent[i]) * counts[best] < (c - 1 + c * sent[best]) * counts[i]) {
        best = i
      }
    }
    // Tijdeman proves one is always behind enough; the first with sends left, should one not be.
    if (best < 0) best = counts.findIndex((n, i) => sent[i] < n)
    sent[best]++
    order.push(best)
  }
  return order
}

/** The payload set's shares (largest remainder) and schedule (interleaved, exact). */
import fc from 'fast-check'
import { schedule, shares } from '../../src/stats/payload-mix.js'

describe('shares', () => {
  it('are proportional to the weights, the remainders to the largest, the earlier on a tie', () => {
    expect(shares([1, 1, 1], 10)).toEqual([4, 3, 3])
    expect(shares([3, 1], 10)).toEqual([8, 2])
    expect(shares([1, 2, 3], 7)).toEqual([1, 2, 4])
    expect(shares([5], 3)).toEqual([3])
    expect(shares([1, 100], 10)).toEqual([0, 10])
  })

  it('add up to exactly the total, each within 1 of its exact quota', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 10_000 }),
        (weights, total) => {
          const got = shares(weights, total)
          const sum = weights.reduce((a, w) => a + w, 0)
          expect(got.reduce((a, n) => a + n, 0)).toBe(total)
          got.forEach((n, i) => {
            expect(Math.abs(n - (weights[i] * total) / sum)).toBeLessThan(1)
          })
        }
      )
    )
  })
})

describe('schedule', () => {
  it('interleaves: not one payload after another', () => {
    expect(schedule([2, 2])).toEqual([0, 1, 0, 1])
    expect(schedule([4, 2])).toEqual([0, 1, 0, 0, 1, 0])
  })

  it('sends each payload exactly its share, and in any prefix each within 1 of its pace', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 500 }),
        (weights, total) => {
          const counts = shares(weights, total)
          const order = schedule(counts)
          expect(order).toHaveLength(total)
          const sent = counts.map(() => 0)
          order.forEach((i, k) => {
            sent[i]++
            sent.forEach((n, j) => {
              expect(Math.abs(n - ((k + 1) * counts[j]) / total)).toBeLessThanOrEqual(1)
            })
          })
          expect(sent).toEqual(counts)
        }
      ),
      { numRuns: 300 }
    )
  })
})

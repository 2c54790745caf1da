/**
 * The calls a dry run predicts (src/dry-run/calls.ts). test/e2e/dry-run.test.ts checks the same
 * counts against the emulator's journal of a real run; here, the rule in closed form over every
 * set of sizes, and the orders the strategies measure in (src/model/order.ts, theirs and the
 * dry run's).
 */
import fc from 'fast-check'
import { plannedCalls, totalCalls, updatesThrough } from '../../src/dry-run/calls.js'
import { latestOrder, versionsOrder } from '../../src/model/order.js'

const SIZES = [128, 256, 512, 1024, 1536, 2048, 3008]

describe('the orders of the strategies', () => {
  it('latest: the others ascending, the current size last', () => {
    expect(latestOrder([128, 512, 1024], 512)).toEqual([128, 1024, 512])
    expect(latestOrder([1024, 128, 512], 256)).toEqual([128, 512, 1024])
  })

  it('versions: the current size first, then the others ascending', () => {
    expect(versionsOrder([128, 512, 1024], 512)).toEqual([512, 128, 1024])
    expect(versionsOrder([1024, 128, 512], 256)).toEqual([128, 512, 1024])
  })
})

describe('updatesThrough', () => {
  it('counts an update for each size the function is not at, and the way back', () => {
    expect(updatesThrough([128, 1024, 512], 512)).toBe(3)
    expect(updatesThrough([512, 128, 1024], 512)).toBe(3)
    expect(updatesThrough([128, 512, 1024], 256)).toBe(4)
    expect(updatesThrough([512], 512)).toBe(0)
    expect(updatesThrough([], 512)).toBe(0)
  })
})

describe('plannedCalls', () => {
  const plan = (
    isolation: 'latest' | 'versions',
    memorySizes: number[],
    invocations = 10,
    coldStarts = 0
  ) => ({ isolation, memorySizes, invocations, concurrency: 4, coldStarts })

  it('latest, the current size listed: one update per other size and one back to it', () => {
    expect(plannedCalls(plan('latest', [128, 512, 1024]), 512)).toEqual({
      updates: 3,
      publishes: 0,
      deletes: 0,
      invocations: 30
    })
  })

  it('latest, the current size not listed: one update per size and the restore', () => {
    expect(plannedCalls(plan('latest', [128, 512, 1024]), 256).updates).toBe(4)
  })

  it('latest, only the current size: nothing to change', () => {
    expect(plannedCalls(plan('latest', [512], 5), 512)).toEqual({
      updates: 0,
      publishes: 0,
      deletes: 0,
      invocations: 5
    })
  })

  it('versions: a version per size, the current one published as it is, each deleted', () => {
    expect(plannedCalls(plan('versions', [128, 512, 1024]), 512)).toEqual({
      updates: 3,
      publishes: 3,
      deletes: 3,
      invocations: 30
    })
    expect(plannedCalls(plan('versions', [128, 512, 1024]), 256).updates).toBe(4)
    expect(plannedCalls(plan('versions', [512]), 512)).toMatchObject({ updates: 0, publishes: 1 })
  })

  it('latest, a live baseline follows its current function’s order', () => {
    // The current at 512: 128, 1024, 512. Its baseline at 128 is already there for the first.
    expect(plannedCalls(plan('latest', [128, 512, 1024]), 128, [512, 128]).updates).toBe(3)
    // At 1024 it needs all three, then back to 1024.
    expect(plannedCalls(plan('latest', [128, 512, 1024]), 1024, [512, 1024]).updates).toBe(4)
    // In versions mode each function has its own order.
    expect(plannedCalls(plan('versions', [128, 512, 1024]), 1024, [512, 1024]).updates).toBe(3)
  })

  it('in closed form: with the current size listed one update per other size plus one back, else one per size plus the restore', () => {
    fc.assert(
      fc.property(
        fc.subarray(SIZES, { minLength: 1 }),
        fc.constantFrom(...SIZES, 640),
        fc.constantFrom<'latest' | 'versions'>('latest', 'versions'),
        fc.integer({ min: 1, max: 10_000 }),
        (sizes, current, isolation, invocations) => {
          const others = sizes.filter((s) => s !== current).length
          const calls = plannedCalls(
            { isolation, memorySizes: sizes, invocations, concurrency: 4, coldStarts: 0 },
            current
          )
          expect(calls.updates).toBe(others === 0 ? 0 : others + 1)
          expect(calls.invocations).toBe(sizes.length * invocations)
          expect(calls.publishes).toBe(isolation === 'versions' ? sizes.length : 0)
          expect(calls.deletes).toBe(calls.publishes)
        }
      )
    )
  })

  it('cold starts, latest: a size reached by its update has its first round free; each other round is an update', () => {
    // 6 cold starts in rounds of 4: two rounds a size, the second after a marker change.
    // 128, 1024, 512: three memory updates, three marker updates, and the last size's marker
    // taken out by a restore the memory alone would not need.
    expect(plannedCalls(plan('latest', [128, 512, 1024], 10, 6), 512)).toEqual({
      updates: 7,
      publishes: 0,
      deletes: 0,
      invocations: 48
    })
    // Not at a listed size: the restore of the memory takes the marker out as well.
    expect(plannedCalls(plan('latest', [128, 512, 1024], 10, 6), 256).updates).toBe(7)
    // Only the current size: no update makes it fresh, so every round needs a marker.
    expect(plannedCalls(plan('latest', [512], 10, 6), 512).updates).toBe(3)
    // One round a size: never a marker.
    expect(plannedCalls(plan('latest', [128, 512, 1024], 10, 4), 512).updates).toBe(3)
    // A live pair: the first size is fresh only when neither function is at it already.
    expect(plannedCalls(plan('latest', [128, 512], 10, 4), 512, [512, 256]).updates).toBe(2)
    // Its baseline is at 128 already: both get a marker change for that size's round.
    expect(plannedCalls(plan('latest', [128, 512], 10, 4), 512, [512, 128]).updates).toBe(3)
    expect(plannedCalls(plan('latest', [128, 512], 10, 4), 128, [512, 128]).updates).toBe(3)
  })

  it('cold starts, versions: every further round is an update, a version and its deletion', () => {
    expect(plannedCalls(plan('versions', [128, 512, 1024], 10, 6), 512)).toEqual({
      // 512 as it is, 128, 1024; three marker updates; the restore.
      updates: 6,
      publishes: 6,
      deletes: 6,
      invocations: 48
    })
    expect(plannedCalls(plan('versions', [128, 512, 1024], 10, 4), 512)).toMatchObject({
      updates: 3,
      publishes: 3
    })
  })

  it('adds up', () => {
    const a = plannedCalls(plan('versions', [128, 512]), 512)
    const b = plannedCalls(plan('versions', [128, 512]), 256)
    expect(totalCalls([a, b])).toEqual({
      updates: a.updates + b.updates,
      publishes: 4,
      deletes: 4,
      invocations: 40
    })
    expect(totalCalls([])).toEqual({ updates: 0, publishes: 0, deletes: 0, invocations: 0 })
  })
})

import { charts, niceCeiling, plainNumber, selectForChart } from '../../src/report/chart.js'
import { buildView, meanAt } from '../../src/report/view.js'
import { articleResults } from '../fixtures/results/article.js'
import { fn, results } from '../fixtures/results/builder.js'
import { allColdResults, messyResults } from '../fixtures/results/messy.js'

describe('chart selection', () => {
  it('charts every function at every size when nothing is missing', () => {
    const view = buildView(articleResults(), null)
    const s = selectForChart(view)
    expect(s.functions).toHaveLength(3)
    expect(s.sizes).toEqual([128, 512, 1024, 1536, 2048, 3008])
    expect(s.leftOut).toEqual([])
  })

  it('leaves out a size or a function, whichever loses fewer points, never charting a gap', () => {
    const view = buildView(messyResults(), null)
    const s = selectForChart(view)
    // 128 MB timed out for image-resize; billing-export stopped after 256 MB.
    expect(s.sizes).toEqual([256, 512, 1024])
    expect(s.functions.map((f) => f.displayName)).toEqual(['orders-api', 'image-resize'])
    for (const f of s.functions) for (const size of s.sizes) expect(meanAt(f, size)).not.toBeNull()
    expect(s.leftOut.join('; ')).toContain('128\u00a0MB (no warm figure for image-resize)')
    expect(s.leftOut.join('; ')).toContain(
      'billing-export (no warm figure at 512\u00a0MB, 1024\u00a0MB)'
    )
  })

  it('drops a function missing one size rather than a size every other function has', () => {
    const sizes = [128, 256, 512, 1024]
    const full = (name: string): ReturnType<typeof fn> =>
      fn({ name, tiers: sizes.map((memorySize) => ({ memorySize, mean: 100000 / memorySize })) })
    const gap = fn({
      name: 'gap',
      tiers: sizes.map((memorySize) => ({
        memorySize,
        mean: memorySize === 128 ? null : 500,
        errorTypes: (memorySize === 128 ? { 'Runtime.ExitError': 100 } : {}) as Record<
          string,
          number
        >
      }))
    })
    const s = selectForChart(buildView(results([full('a'), full('b'), full('c'), gap]), null))
    // Removing 128 MB loses 3 points; removing "gap" loses 3 too: ties keep every function.
    expect(s.sizes).toEqual([256, 512, 1024])
    expect(s.functions).toHaveLength(4)
    const five = selectForChart(
      buildView(results([full('a'), full('b'), full('c'), full('d'), gap]), null)
    )
    // Now 128 MB carries 4 points against gap's 3: gap goes, all sizes stay.
    expect(five.sizes).toEqual(sizes)
    expect(five.functions.map((f) => f.displayName)).toEqual(['a', 'b', 'c', 'd'])
  })

  it('charts nothing, and says why, when no function has two warm sizes', () => {
    const text = charts(buildView(allColdResults(), null))
    expect(text).not.toContain('```mermaid')
    expect(text).toContain('cron-task (warm figures at fewer than two sizes)')
  })
})

describe('chart numbers', () => {
  it('rounds axis maxima up to 1, 2, 2.5 or 5 × a power of ten', () => {
    expect(niceCeiling(3820)).toBe(5000)
    expect(niceCeiling(101)).toBe(200)
    expect(niceCeiling(2.3)).toBe(2.5)
    expect(niceCeiling(0.07)).toBe(0.1)
  })

  it('writes plain decimals only', () => {
    expect(plainNumber(560.8123)).toBe('560.8')
    expect(plainNumber(3633.2)).toBe('3633')
    expect(plainNumber(0.0000001234)).not.toMatch(/e/)
  })
})

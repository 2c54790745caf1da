/** The charts with a function whose region has no published price: duration yes, cost no. */
import type { FunctionResult, Results } from '../../src/model/results.js'
import { renderReport } from '../../src/report/index.js'
import { articleResults } from '../fixtures/results/article.js'

/** The article's results with the second function moved to a region without a price. */
function withUnpriced(): Results {
  const results = articleResults()
  const functions = results.functions.map((f, i): FunctionResult =>
    i === 1
      ? {
          ...f,
          region: 'il-central-1',
          tiers: f.tiers.map((t) => ({
            ...t,
            costPerInvocation: null,
            coldStartCostPerInvocation: null
          }))
        }
      : f
  )
  return { ...results, functions }
}

const blocks = (md: string): string[] =>
  [...md.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1])

describe('charts: a function without a price', () => {
  const md = renderReport(withUnpriced())
  const [duration, cost] = blocks(md)
  const lines = (chart: string): number =>
    chart.split('\n').filter((l) => /^ {2}line /.test(l)).length

  it('keeps its duration line, leaves it out of the cost chart and says why', () => {
    expect(lines(duration)).toBe(3)
    expect(lines(cost)).toBe(2)
    expect(md).toMatch(
      /No cost line for [^:]+: no published Lambda price is known for its region\./
    )
    expect(md).not.toContain('warm figures at fewer than two sizes')
  })

  it('keeps each priced line in its legend colour (the first and third)', () => {
    const palette = (chart: string): string =>
      /"plotColorPalette": "([^"]+)"/.exec(chart)?.[1] ?? ''
    const all = palette(duration).split(', ')
    expect(palette(cost).split(', ')).toEqual([all[0], all[2]])
  })
})

import { marked, type Tokens } from 'marked'
import { compareResults } from '../../src/compare/comparison.js'
import { renderComparison } from '../../src/report/comparison.js'
import { billed, fn, results, tier } from '../fixtures/results/samples.js'

const BASE_DATE = '2026-11-24T09:00:00.000Z'

/** A pair of runs: `factor[name][size]` slows (>1) or speeds up (<1) a pair; 5 % noise. */
function runs(names: string[], sizes: number[], factor: Record<string, Record<number, number>>) {
  const make = (offset: number, scale: boolean) =>
    names.map((n, i) =>
      fn(
        n,
        sizes.map((m, j) =>
          tier(
            m,
            billed(100, 200 * (scale ? (factor[n]?.[m] ?? 1) : 1), 0.05, offset + i * 100 + j)
          )
        )
      )
    )
  return {
    base: results(BASE_DATE, make(0, false)),
    cur: results('2026-11-25', make(50_000, true))
  }
}

function tables(markdown: string): Tokens.Table[] {
  const found: Tokens.Table[] = []
  marked.walkTokens(marked.lexer(markdown), (t) => {
    if (t.type === 'table') found.push(t as Tokens.Table)
  })
  return found
}

describe('renderComparison', () => {
  it('lists regressions first, the largest first, then improvements, then the rest', () => {
    const { base, cur } = runs(['api', 'worker'], [128, 512], {
      api: { 128: 0.6, 512: 1.3 },
      worker: { 512: 1.6 }
    })
    const md = renderComparison(compareResults(cur, base, { thresholdPct: 10 }))
    const [changes, others] = tables(md)
    const labels = changes.rows.map((r) => [r[0].text, r[1].text, r[2].text])
    expect(labels).toEqual([
      ['🔴 **regression**', 'worker', '512\u00a0MB'],
      ['🔴 **regression**', 'api', '512\u00a0MB'],
      ['🟢 improvement', 'api', '128\u00a0MB']
    ])
    expect(changes.rows[0][5].text).toMatch(/^▲\u00a0\+(59|60|61)\u00a0%$/)
    expect(changes.rows[2][5].text).toMatch(/^▼\u00a0\u2212(39|40|41)\u00a0%$/)
    expect(changes.rows[0][7].text).toBe('<\u00a00.001\u00a0✱')
    expect(changes.rows[0][6].text).toMatch(/^\+\d+\u00a0% … \+\d+\u00a0%$/)
    expect(others.rows.map((r) => r[1].text)).toEqual(['worker'])
    expect(md.indexOf('<details>')).toBeGreaterThan(md.indexOf('🟢 improvement'))
    expect(md).toContain('reaches past +10\u00a0%')
    expect(md).toContain('p\u00a0<\u00a00.01')
  })

  it('escapes names so they cannot break the table or smuggle markup', () => {
    const evil = 'a|b`c`<!-- lambda-memory-benchmark -->'
    const { base, cur } = runs([evil, '<img src=x>'], [256], { [evil]: { 256: 1.5 } })
    const md = renderComparison(compareResults(cur, base, { thresholdPct: 10 }))
    expect(md).not.toContain('<!--')
    expect(md).not.toContain('-->')
    expect(md).not.toContain('<img')
    expect(md).not.toContain('a|b')
    expect(md).not.toContain('`c`')
    for (const table of tables(md)) {
      for (const r of table.rows) expect(r).toHaveLength(table.header.length)
    }
  })

  it('shows a mapped baseline name beside the current one, and what was not compared', () => {
    const base = results(BASE_DATE, [
      fn('orders-main', [tier(128, billed(50, 100, 0.05, 1)), tier(256, billed(50, 60, 0.05, 2))]),
      fn('legacy', [tier(128, billed(50, 100, 0.05, 3))])
    ])
    const cur = results('2026-11-25', [
      fn('orders-pr-42', [tier(128, billed(50, 100, 0.05, 4)), tier(2048, [9, 9, 9])]),
      fn('new|fn', [tier(128, billed(50, 100, 0.05, 5))])
    ])
    const md = renderComparison(
      compareResults(cur, base, { thresholdPct: 10, map: { 'orders-pr-42': 'orders-main' } })
    )
    expect(md).toContain('orders-pr-42 <sub>vs orders-main</sub>')
    expect(md).toContain('- Not in the baseline: new&#124;fn')
    expect(md).toContain('- In the baseline only: legacy')
    expect(md).toContain('- Memory sizes measured in this run only: orders-pr-42 at 2048\u00a0MB')
    expect(md).toContain('- Memory sizes measured in the baseline only: orders-main at 256\u00a0MB')
  })

  it('labels a significant change inside the threshold as such, not as a regression', () => {
    const base = results(BASE_DATE, [fn('api', [tier(128, billed(100, 1000, 0.01, 1))])])
    const cur = results('2026-11-25', [fn('api', [tier(128, billed(100, 1050, 0.01, 2))])])
    const [others] = tables(renderComparison(compareResults(cur, base, { thresholdPct: 10 })))
    expect(others.rows[0][0].text).toBe('within 10\u00a0%')
    expect(others.rows[0][7].text).toBe('<\u00a00.001\u00a0✱')
  })

  it('says which pairs had too few samples', () => {
    const base = results(BASE_DATE, [fn('api', [tier(128, [100, 101, 100])])])
    const cur = results('2026-11-25', [fn('api', [tier(128, billed(100, 100, 0.05, 1))])])
    const md = renderComparison(compareResults(cur, base, { thresholdPct: 10 }))
    expect(md).toContain('too few samples (3 → 100)')
    expect(md).toContain('1 with too few samples to test')
  })

  it('stays under 8,000 characters for 20 functions × 12 sizes, however many changed', () => {
    const names = Array.from({ length: 20 }, (_, i) => `orders-service-handler-${i}`)
    const sizes = Array.from({ length: 12 }, (_, i) => 128 * (i + 1))
    const few = runs(names, sizes, {
      [names[3]]: { 512: 1.4, 1024: 1.3 },
      [names[7]]: { 128: 0.5 }
    })
    const mdFew = renderComparison(compareResults(few.cur, few.base, { thresholdPct: 10 }))
    expect(mdFew.length).toBeLessThan(8000)
    const [changes, ...matrix] = tables(mdFew)
    expect(changes.rows).toHaveLength(3)
    expect(matrix).toHaveLength(3) // 8 + 8 + 4 function columns
    expect(matrix[0].rows).toHaveLength(12)
    expect(mdFew).toMatch(/\*\*▲\u00a0\+4\d\u00a0%\*\* /)

    const all = Object.fromEntries(
      names.map((n) => [n, Object.fromEntries(sizes.map((s) => [s, 1.3]))])
    )
    const every = runs(names, sizes, all)
    const c = compareResults(every.cur, every.base, { thresholdPct: 10 })
    expect(c.regressions).toBe(240)
    const mdAll = renderComparison(c)
    expect(mdAll.length).toBeLessThan(8000)
    expect(mdAll).toContain('… and 220 more significant changes')
  })
})

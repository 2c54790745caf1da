import { marked } from 'marked'
import { renderReport } from '../../src/report/index.js'
import { articleResults } from '../fixtures/results/article.js'
import { messyResults, wideResults } from '../fixtures/results/messy.js'

/** Structural checks that fail when a section was cut in the middle. */
function expectWholeMarkdown(md: string): void {
  expect(md.endsWith('\n')).toBe(true)
  expect(md.match(/<details>/g)?.length ?? 0).toBe(md.match(/<\/details>/g)?.length ?? 0)
  expect((md.match(/^```/gm)?.length ?? 0) % 2).toBe(0)
  expect(md.match(/<sub>/g)?.length ?? 0).toBe(md.match(/<\/sub>/g)?.length ?? 0)
  for (const token of marked.lexer(md)) {
    if (token.type === 'table') {
      const width = token.header.length
      for (const row of token.rows) expect(row).toHaveLength(width)
    }
  }
  // Every line that starts a table row is a complete row.
  for (const line of md.split('\n')) if (line.startsWith('|')) expect(line.endsWith('|')).toBe(true)
}

describe('report size budget', () => {
  it.each([
    [20, 12],
    [100, 12]
  ])('keeps %i functions × %i sizes under 65,000 characters, whole', (count, sizes) => {
    const md = renderReport(wideResults(count, sizes), {
      comparisonSection: '### Against main\n\nno significant change'
    })
    expect(md.length).toBeLessThanOrEqual(65_000)
    expectWholeMarkdown(md)
    // Every function is still in the main table.
    const tables = marked.lexer(md).filter((t) => t.type === 'table')
    const names = tables.flatMap((t) =>
      t.type === 'table' ? t.header.map((h: { text: string }) => h.text) : []
    )
    for (let f = 0; f < count; f++) {
      expect(names).toContain(
        `service-${String(f).padStart(3, '0')}-handler-with-a-rather-long-name`
      )
    }
  })

  it('shortens the details first, then drops them, then the charts, saying so', () => {
    const results = articleResults()
    const full = renderReport(results)
    expect(full).not.toContain('leaves out')
    const compact = renderReport(results, { maxLength: full.length - 1 })
    expect(compact).toContain('<details>')
    expect(compact).toContain('leaves out some columns of the per-function details')
    expect(compact).toContain('```mermaid')
    const noDetails = renderReport(results, { maxLength: compact.length - 1 })
    expect(noDetails).not.toContain('<details>')
    expect(noDetails).toContain('leaves out the per-function details')
    expect(noDetails).toContain('```mermaid')
    const noCharts = renderReport(results, { maxLength: noDetails.length - 1 })
    expect(noCharts).not.toContain('```mermaid')
    expect(noCharts).toContain('leaves out the charts and the per-function details')
    expect(noCharts).toContain('### Duration by memory size')
  })

  it('splits off whole functions last, and never exceeds the limit at any size', () => {
    const results = wideResults(30, 12)
    for (let max = 1_000; max <= 70_000; max += 3_500) {
      const md = renderReport(results, { maxLength: max, verdictLine: '**no significant change**' })
      expect(md.length).toBeLessThanOrEqual(max)
      expectWholeMarkdown(md)
      expect(md.startsWith('## Lambda memory benchmark\n\n**no significant change**')).toBe(true)
    }
    const split = renderReport(results, { maxLength: 9_000 })
    expect(split).toMatch(/leaves out .*\d+ of 30 functions/)
  })

  it('drops an oversized comparison section before giving up on the tables', () => {
    const huge = '### Against main\n\n' + 'x'.repeat(70_000)
    const md = renderReport(messyResults(), { comparisonSection: huge })
    expect(md.length).toBeLessThanOrEqual(65_000)
    expect(md).toContain('leaves out')
    expect(md).toContain('the baseline comparison')
    expect(md).toContain('### Duration by memory size')
  })
})

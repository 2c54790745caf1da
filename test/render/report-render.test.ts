/**
 * The comment as GitHub renders it: GFM through a real renderer (marked), the tables read back
 * from the HTML, the charts through mermaid's own xychart grammar.
 */
import { marked } from 'marked'
import { renderReport } from '../../src/report/index.js'
import { formatMs, formatUsd } from '../../src/report/format.js'
import type { Results } from '../../src/model/results.js'
import { articleResults } from '../fixtures/results/article.js'
import { baseBranchHistory } from '../fixtures/results/history.js'
import { HOSTILE, messyResults, wideResults } from '../fixtures/results/messy.js'
import { codeBlocks, tables, textOf } from './html.js'
import { parseXyChart, strictXyChartProblems } from './mermaid.js'

function html(md: string): string {
  return marked.parse(md, { gfm: true, async: false })
}

/** The rendered table whose header row starts with `first` and names `fn`. */
function tableWith(rendered: string, index: number): string[][] {
  return tables(rendered)[index].map((row) => row.map(textOf))
}

describe('rendered report: tables', () => {
  const results = articleResults(5_000_000)
  const rendered = html(renderReport(results))

  it('renders the main table as rows of memory sizes × columns of functions', () => {
    const table = tableWith(rendered, 0)
    expect(table).toHaveLength(1 + 6)
    for (const row of table) expect(row).toHaveLength(1 + 3)
    expect(table[0]).toEqual(['Memory', 'boto3-serial', 'boto3-threadpool', 'aioboto3-async'])
    results.functions.forEach((f, col) => {
      f.tiers.forEach((t, row) => {
        const cell = table[row + 1][col + 1]
        expect(table[row + 1][0]).toBe(`${t.memorySize}\u00a0MB`)
        expect(cell.startsWith(formatMs(t.billedDuration!.mean))).toBe(true)
        expect(cell).toContain(`p90 ${formatMs(t.billedDuration!.p90)}`)
      })
    })
  })

  it('marks exactly the fastest cell of each column, in bold', () => {
    const raw = tables(rendered)[0]
    results.functions.forEach((f, col) => {
      const means = f.tiers.map((t) => t.billedDuration!.mean)
      const fastest = means.indexOf(Math.min(...means))
      raw.slice(1).forEach((row, i) => {
        expect(row[col + 1].includes('<strong>')).toBe(i === fastest)
        expect(row[col + 1].includes('★')).toBe(i === fastest)
      })
    })
  })

  it('renders the cost table in the same shape, with the monthly cost', () => {
    const table = tableWith(rendered, 2)
    expect(table).toHaveLength(7)
    expect(table[0]).toEqual(['Memory', 'boto3-serial', 'boto3-threadpool', 'aioboto3-async'])
    const t = results.functions[2].tiers[3]
    expect(table[4][3]).toContain(formatUsd(t.costPerInvocation! * 1e6))
    expect(table[4][3]).toContain(`a month: ${formatUsd(t.costPerInvocation! * 5e6)}`)
  })

  it('renders the recommendation table with a row per function', () => {
    const table = tableWith(rendered, 1)
    expect(table[0]).toEqual(['Function', 'Current', 'Cheapest', 'Fastest', 'Balanced'])
    expect(table.slice(1).map((r) => r[0])).toEqual(results.functions.map((f) => f.displayName))
    for (const row of table.slice(1)) expect(row).toHaveLength(5)
  })

  it('keeps each details table inside its <details>', () => {
    const blocks = [...rendered.matchAll(/<details>([\s\S]*?)<\/details>/g)]
    expect(blocks).toHaveLength(3)
    for (const [, inner] of blocks) {
      const [table] = tables(inner)
      expect(table[0]).toHaveLength(1 + 6)
      expect(table).toHaveLength(1 + 14)
      expect(new Set(table.map((r) => r.length)).size).toBe(1)
    }
  })
})

describe('rendered report: hostile text', () => {
  const rendered = html(renderReport(messyResults()))

  it('renders no markup from outside, and reads exactly as sent', () => {
    expect(rendered).not.toMatch(/<script/i)
    expect(rendered).not.toContain('<!--')
    // A bare URL may be autolinked (GitHub does it even inside <code>), but no link is disguised.
    for (const [, href, text] of rendered.matchAll(/<a href="([^"]*)">([\s\S]*?)<\/a>/g)) {
      if (text !== 'workflow run') expect(textOf(text)).toBe(href)
    }
    expect(rendered).not.toContain('href="u"')
    expect(rendered).not.toContain('<em>bold</em>')
    const failed = rendered.slice(rendered.indexOf('<h3>⚠ Failed functions</h3>'))
    const code = /<code>([\s\S]*?)<\/code>/.exec(failed)![1]
    expect(textOf(code)).toBe(`AccessDeniedException: ${HOSTILE.replace('\n', ' ')}`)
  })

  it('keeps every table row at its header width despite `|` in the text', () => {
    for (const table of tables(rendered)) {
      for (const row of table) expect(row).toHaveLength(table[0].length)
    }
  })

  it('shows the timeout-only size and the never-reached sizes in their cells', () => {
    const table = tableWith(rendered, 0)
    const col = table[0].indexOf('image-resize')
    expect(table[1][col]).toBe('⚠ timeout1')
    const failedCol = table[0].indexOf('billing-export')
    expect(table[3][failedCol]).toMatch(/^—\d$/)
  })
})

describe('rendered report: mermaid charts', () => {
  async function chartsOf(
    results: Results,
    options: Parameters<typeof renderReport>[1] = {}
  ): Promise<{ md: string; charts: string[] }> {
    const md = renderReport(results, options)
    return { md, charts: codeBlocks(html(md), 'mermaid') }
  }

  it('emits charts that mermaid’s grammar and the strict grammar both accept', async () => {
    for (const results of [articleResults(), messyResults(), wideResults(20, 12)]) {
      const { charts } = await chartsOf(results)
      expect(charts.length).toBeGreaterThanOrEqual(2)
      for (const chart of charts) {
        expect(strictXyChartProblems(chart)).toEqual([])
        const parsed = await parseXyChart(chart)
        expect(parsed.lines.length).toBeGreaterThan(0)
        for (const line of parsed.lines) expect(line).toHaveLength(parsed.xLabels.length)
      }
    }
  })

  it('emits trend charts (run labels on the x axis) that both grammars accept', async () => {
    const { charts } = await chartsOf(messyResults(), { history: baseBranchHistory() })
    const trend = charts.filter((c) => c.includes('x-axis "Run"'))
    expect(trend.length).toBeGreaterThanOrEqual(2)
    for (const chart of trend) {
      expect(strictXyChartProblems(chart)).toEqual([])
      const parsed = await parseXyChart(chart)
      expect(parsed.xLabels.at(-1)).toBe('this run')
      expect(parsed.lines).toHaveLength(1)
      expect(parsed.lines[0]).toHaveLength(parsed.xLabels.length)
    }
  })

  it('refuses what is not a chart (the checks can fail)', async () => {
    await expect(parseXyChart('xychart-beta\n  line [1, 2\n')).rejects.toThrow(/Parse error/)
    expect(strictXyChartProblems('xychart-beta\n  line [1, , 2]')).not.toEqual([])
  })

  it('draws the figures of the tables, and no 0 for a missing value', async () => {
    const results = messyResults()
    const { md, charts } = await chartsOf(results)
    const [duration, cost] = await Promise.all(charts.map(parseXyChart))
    const legend = /Lines, in order: (.*)/.exec(md)![1]
    const names = legend.split(' · ').map((item) => item.replace(/^\S+ \w+: /, ''))
    expect(names).toEqual(['orders-api', 'image-resize'])
    expect(duration.xLabels).toEqual(['256', '512', '1024'])
    names.forEach((name, i) => {
      const fn = results.functions.find((f) => f.displayName === name)!
      duration.xLabels.forEach((label, x) => {
        const tier = fn.tiers.find((t) => t.memorySize === Number(label))!
        expect(duration.lines[i][x]).toBeCloseTo(tier.billedDuration!.mean, -1)
        expect(cost.lines[i][x]).toBeCloseTo(tier.costPerInvocation! * 1e6, 2)
      })
    })
    for (const line of [...duration.lines, ...cost.lines]) expect(line).not.toContain(0)
    // The left-out size and function are named beside the chart.
    expect(md).toMatch(/Not charted, so that no missing value is drawn as 0: 128\u00a0MB/)
    expect(duration.yRange[0]).toBe(0)
    expect(duration.yRange[1]).toBeGreaterThanOrEqual(Math.max(...duration.lines.flat()))
  })
})

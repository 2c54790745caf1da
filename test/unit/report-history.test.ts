import { marked } from 'marked'
import type { HistoryRun } from '../../src/model/history.js'
import type { Results } from '../../src/model/results.js'
import { formatChange, formatMs } from '../../src/report/format.js'
import { historySection, historyWindow } from '../../src/report/history.js'
import { renderReport } from '../../src/report/index.js'
import { fn, results as resultsOf } from '../fixtures/results/builder.js'
import { baseBranchHistory } from '../fixtures/results/history.js'
import { HOSTILE, messyResults, wideResults } from '../fixtures/results/messy.js'
import { codeBlocks, tables, textOf } from '../render/html.js'
import { parseXyChart } from '../render/mermaid.js'

const HASH = '&#35;&#8203;'
const MB = '\u00a0MB'

function html(md: string): string {
  return marked.parse(md, { gfm: true, async: false })
}

/** The trend section of a report, from its heading to the next section. */
function trendOf(md: string): string {
  const start = md.indexOf('### Trend on the base branch')
  if (start < 0) return ''
  const next = md.indexOf('\n### ', start + 1)
  return md.slice(start, next < 0 ? undefined : next)
}

/** The trend's first table as text cells, the header row first. */
function trendTable(md: string): string[][] {
  return tables(html(trendOf(md)))[0].map((row) => row.map(textOf))
}

/** The mean warm billed duration of a function at a size in a run. */
function meanIn(results: Results, name: string, size: number): number {
  const f = results.functions.find((x) => x.functionName === name)!
  return f.tiers.find((t) => t.memorySize === size)!.billedDuration!.mean
}

const ms = (value: number): string => `${formatMs(value)}\u00a0ms`

describe('trend over the base branch: order', () => {
  const current = messyResults()
  const history = baseBranchHistory()
  const md = renderReport(current, { history })
  const table = trendTable(md)

  it('shows the runs oldest first by createdAt, whatever order they came in, this run last', () => {
    const reversed = renderReport(current, { history: [...history].reverse() })
    expect(trendOf(reversed)).toBe(trendOf(md))
    const rows = table.slice(1, 6).map((r) => r[0])
    expect(rows.map((r) => r.split(' · ')[0])).toEqual([
      '#\u200b1',
      '#\u200b2',
      '#\u200b3',
      '#\u200b4',
      'this run'
    ])
    const days = rows.map((r) => r.split(' · ')[1])
    expect(days).toEqual([
      '2025-05-19',
      '2025-05-26',
      '2025-05-30 09:12',
      '2025-05-30 16:40',
      '2025-06-02'
    ])
    expect(historyWindow(history).map((h) => h.createdAt)).toEqual(
      [...history].map((h) => h.createdAt).sort()
    )
  })

  it('gives each earlier run its date, workflow run and commit as links, and marks a cancelled run', () => {
    const section = trendOf(md)
    expect(section).toContain(
      '[`1a1a1a1`](https://github.com/acme/orders/commit/1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a)'
    )
    const url = history[3].results.runUrl!
    expect(section).toContain(`[2025-05-19](${url})`)
    expect(table[3][0]).toMatch(/ · cancelled$/)
    expect(table.filter((r) => r[0].includes('cancelled'))).toHaveLength(1)
  })

  it('places the section after this run’s charts and failures, before the folded details', () => {
    const headings = md.split('\n').filter((l) => l.startsWith('### '))
    expect(headings).toEqual([
      '### Duration by memory size',
      '### Recommendation',
      '### Cost by memory size',
      '### Charts',
      '### ⚠ Failed functions',
      '### Trend on the base branch',
      '### Details per function'
    ])
  })

  it('draws this run as the last point, labelled "this run", with this run’s mean', async () => {
    const charts = codeBlocks(html(trendOf(md)), 'mermaid')
    expect(charts).toHaveLength(2)
    const orders = await parseXyChart(charts[0])
    expect(orders.xLabels).toEqual(['#1', '#2', '#3', '#4', 'this run'])
    expect(orders.lines).toHaveLength(1)
    expect(orders.lines[0].at(-1)).toBeCloseTo(meanIn(current, 'orders-api', 512), 0)
    expect(orders.lines[0][0]).toBeCloseTo(meanIn(history[3].results, 'orders-api', 512), 0)
    expect(orders.yRange[0]).toBe(0)
    expect(orders.yRange[1]).toBeGreaterThanOrEqual(Math.max(...orders.lines[0]))
  })
})

describe('trend over the base branch: the size and its points', () => {
  const current = messyResults()
  const history = baseBranchHistory()
  const md = renderReport(current, { history })
  const table = trendTable(md)
  const section = trendOf(md)

  it('uses this run’s balanced recommendation for every run, and says so in the header', () => {
    const orders = current.functions.find((f) => f.functionName === 'orders-api')!
    expect(orders.recommendation.balanced).toBe(512)
    expect(table[0][1]).toBe(`orders-api 512${MB} · recommended`)
    const column = table.slice(1, 6).map((r) => r[1])
    history
      .slice()
      .reverse()
      .forEach((run, i) => {
        expect(column[i].startsWith(ms(meanIn(run.results, 'orders-api', 512)))).toBe(true)
      })
    expect(column[4]).toBe(ms(meanIn(current, 'orders-api', 512)))
  })

  it('falls back to the current size when this run recommends none', () => {
    const broken = (mean: number | null, errors: Record<string, number>): Results =>
      resultsOf([
        fn({
          name: 'cron-task',
          originalMemorySize: 256,
          tiers: [
            { memorySize: 256, mean, errorTypes: errors },
            { memorySize: 512, mean: mean === null ? null : mean / 2, errorTypes: errors }
          ]
        })
      ])
    const now = broken(400, { 'Runtime.ExitError': 5 })
    expect(now.functions[0].recommendation.balanced).toBeNull()
    const run: HistoryRun = { results: broken(390, {}), createdAt: '2025-05-01T10:00:00Z' }
    const t = trendTable(renderReport(now, { history: [run] }))
    expect(t[0][1]).toBe(`cron-task 256${MB} · current size`)
    expect(t[1][1]).toMatch(/^39\d\u00a0ms\d/)
    expect(t[2][1]).toMatch(/^\d+\u00a0ms\d$/)
    // One earlier run: the previous is the oldest, so only one change row.
    expect(t.slice(3).map((r) => r[0])).toEqual(['Δ vs previous (#\u200b1)'])
  })

  it('gives a run that did not measure the size no point, says why, and never draws it as 0', async () => {
    // #3 was cancelled before image-resize reached 512 MB.
    expect(table[3][2]).toMatch(/^—\d,\d$/)
    expect(section).toContain(`not measured at 512${MB} in ${HASH}3: the run was cancelled`)
    const charts = codeBlocks(html(section), 'mermaid')
    const image = await parseXyChart(charts[1])
    expect(image.xLabels).toEqual(['#1', '#2', '#4', 'this run'])
    expect(image.lines[0]).toHaveLength(4)
    expect(image.lines[0]).not.toContain(0)
    expect(section).toContain(
      `No point in ${HASH}3 (see the table): left out of the x axis, never drawn as 0.`
    )
  })

  it('says where a run itself recommended another size', () => {
    const own = history.map((h) =>
      h.results.functions.find((f) => f.functionName === 'orders-api')!
    )
    // #2 (the third listed, newest first) recommended 1024 MB, #4 another size than 512 MB.
    expect(own[2].recommendation.balanced).toBe(1024)
    expect(own[0].recommendation.balanced).not.toBe(512)
    expect(own[3].recommendation.balanced).toBe(512)
    expect(section).toContain(
      `sizes differ between runs: ${HASH}2 recommended 1024${MB}; the trend stays at 512${MB}`
    )
    expect(table[1][1]).toMatch(/ms$/)
    expect(table[2][1]).toMatch(/ms\d$/)
  })

  it('notes the errors of a size that still had a warm mean', () => {
    expect(section).toContain(
      `3 of 100 invocations returned an error at 512${MB} in ${HASH}4; the mean is of the successful ones`
    )
    expect(table[4][1]).toMatch(/ms\d,\d$/)
  })

  it('gives the change of this run against the previous and the oldest run with a point', () => {
    const mean = (i: number, name: string): number =>
      meanIn(historyWindow(history)[i].results, name, 512)
    const now = (name: string): number => meanIn(current, name, 512)
    const previous = table.find((r) => r[0].startsWith('Δ vs previous'))!
    const oldest = table.find((r) => r[0].startsWith('Δ vs oldest'))!
    expect(previous[0]).toBe('Δ vs previous (#\u200b4)')
    expect(previous[1]).toBe(formatChange(now('orders-api') / mean(3, 'orders-api') - 1))
    expect(oldest[0]).toBe('Δ vs oldest (#\u200b1)')
    expect(oldest[2]).toBe(formatChange(now('image-resize') / mean(0, 'image-resize') - 1))
    const range = table.find((r) => r[0] === 'Earlier runs, range')!
    const earlier = [0, 1, 2, 3].map((i) => mean(i, 'orders-api'))
    expect(range[1]).toBe(`${formatMs(Math.min(...earlier))}–${ms(Math.max(...earlier))}`)
  })

  it('names the run compared with when the usual one has no point', () => {
    // Drop image-resize's 512 MB from the newest earlier run: "previous" is then #3, which
    // has none either, so #2.
    const h = baseBranchHistory()
    const newest = h[0].results.functions.find((f) => f.functionName === 'image-resize')!
    newest.tiers = newest.tiers.filter((t) => t.memorySize !== 512)
    const t = trendTable(renderReport(current, { history: h }))
    const previous = t.find((r) => r[0].startsWith('Δ vs previous'))!
    const two = meanIn(historyWindow(h)[1].results, 'image-resize', 512)
    expect(previous[2]).toBe(
      `${formatChange(meanIn(current, 'image-resize', 512) / two - 1)} vs #\u200b2`
    )
  })

  it('leaves out functions no earlier run had, and names them', () => {
    expect(table[0]).toHaveLength(3)
    expect(section).toContain(
      'Not in any earlier run of the base branch (new, or renamed: a `baseline-map` pairs renamed functions): billing-export.'
    )
  })
})

describe('trend over the base branch: matching', () => {
  const sized = (name: string, mean: number, extra: object = {}) =>
    fn({
      name,
      originalMemorySize: 512,
      tiers: [
        { memorySize: 512, mean },
        { memorySize: 1024, mean: mean / 1.6 }
      ],
      ...extra
    })

  it('does not trend live baselines', () => {
    const current = resultsOf([sized('api-pr-7', 200), sized('api-main', 190)])
    current.functions[0].liveBaseline = current.functions[1].functionArn
    current.functions[1].liveBaselineOf = current.functions[0].functionArn
    const earlier = resultsOf([sized('api-pr-7', 205), sized('api-main', 195)])
    earlier.functions[1].liveBaselineOf = earlier.functions[0].functionArn
    const t = trendTable(
      renderReport(current, { history: [{ results: earlier, createdAt: '2025-05-01T00:00:00Z' }] })
    )
    expect(t[0].map((c) => c.split(' ')[0])).toEqual(['Run', 'api-pr-7'])
  })

  it('pairs renamed functions as the comparison with the baseline did', () => {
    const current = resultsOf([sized('orders-pr-42', 200)])
    const earlier = resultsOf([sized('orders-main', 190)])
    current.comparison = {
      baselineStartedAt: earlier.startedAt,
      thresholdPct: 10,
      alpha: 0.01,
      minSamples: 5,
      tiers: [512, 1024].map((memorySize) => ({
        functionName: 'orders-pr-42',
        baselineFunctionName: 'orders-main',
        memorySize,
        baselineMean: 190,
        currentMean: 200,
        baselineSamples: 100,
        currentSamples: 100,
        ratio: 200 / 190,
        ratioCi: [1.01, 1.09] as [number, number],
        pValue: 0.001,
        costRatio: 1.05,
        verdict: 'unchanged' as const
      })),
      regressions: 0,
      improvements: 0,
      unmatched: { functions: [], baselineFunctions: [], memorySizes: [] }
    }
    const size = current.functions[0].recommendation.balanced!
    const t = trendTable(
      renderReport(current, { history: [{ results: earlier, createdAt: '2025-05-01T00:00:00Z' }] })
    )
    expect(t[0][1]).toBe(`orders-pr-42 ${size}${MB} · recommended base: orders-main`)
    expect(t[1][1]).toBe(ms(meanIn(earlier, 'orders-main', size)))
  })
})

describe('trend over the base branch: escaping', () => {
  const hostile = (mean: number): Results =>
    resultsOf([
      fn({
        name: 'evil',
        displayName: HOSTILE,
        tiers: [
          { memorySize: 512, mean },
          { memorySize: 1024, mean: mean / 1.7 }
        ]
      })
    ])

  it('escapes function names and keeps them out of the mermaid blocks', () => {
    const run: HistoryRun = {
      results: { ...hostile(210), runUrl: 'javascript:alert(1)//actions/runs/1' },
      createdAt: '2025-05-01T00:00:00Z<script>',
      headSha: '<img src=x>'
    }
    const md = renderReport(hostile(200), { history: [run] })
    const section = trendOf(md)
    expect(section).not.toBe('')
    expect(section).not.toMatch(/<script|<img|<!--|javascript:/i)
    expect(section).not.toContain('@octocat')
    const rendered = html(section)
    expect(rendered).not.toContain('<em>bold</em>')
    for (const table of tables(rendered)) {
      for (const row of table) expect(row).toHaveLength(table[0].length)
    }
    expect(textOf(tables(rendered)[0][0][1])).toContain(
      HOSTILE.replace('\n', ' ').replace('@', '@\u200b').replace('#', '#\u200b')
    )
    for (const chart of codeBlocks(rendered, 'mermaid')) expect(chart).not.toContain('evil')
    for (const chart of codeBlocks(rendered, 'mermaid')) expect(chart).not.toContain('Denied')
    // Only the timestamp's date is shown, never the rest; no link, no commit, as neither was one.
    expect(tables(rendered)[0][1].map(textOf)[0]).toBe('#\u200b1 · 2025-05-01')
  })

  it('never links #n: the sign is followed by a zero-width space', () => {
    const md = trendOf(renderReport(messyResults(), { history: baseBranchHistory() }))
    expect(textOf(html(md.replace(/```mermaid[\s\S]*?```/g, '')))).not.toMatch(/#\d/)
  })
})

describe('trend over the base branch: size budget', () => {
  /** The function names in the report's main duration table(s). */
  function mainTableFunctions(md: string): string[] {
    const start = md.indexOf('### Duration by memory size')
    if (start < 0) return []
    const end = md.indexOf('\n### ', start + 1)
    return tables(html(md.slice(start, end < 0 ? undefined : end))).flatMap((t) =>
      t[0].slice(1).map(textOf)
    )
  }

  /** `count` earlier runs of the wide results, a day apart, newest first. */
  function wideHistory(functions: number, count: number): HistoryRun[] {
    return Array.from({ length: count }, (_, i) => {
      const results = wideResults(functions, 12)
      const day = new Date(Date.UTC(2025, 0, 1) + (count - i) * 3_600_000)
      results.runUrl = `https://github.com/acme/orders/actions/runs/${1000 + count - i}`
      return {
        results,
        createdAt: day.toISOString(),
        headSha: (count - i).toString(16).padStart(40, 'a')
      }
    })
  }

  it('shows at most the newest 30 earlier runs, and says how many were found', () => {
    const history = wideHistory(2, 40)
    const md = renderReport(wideResults(2, 12), { history })
    const section = trendOf(md)
    expect(section).toContain('newest 30 of 40 earlier runs')
    expect(trendTable(md)).toHaveLength(1 + 31 + 3)
  })

  it('never exceeds maxLength and never pushes a function out of the main table', () => {
    const current = wideResults(12, 12)
    const history = wideHistory(12, 30)
    for (let max = 6_000; max <= 70_000; max += 4_000) {
      const plain = renderReport(current, { maxLength: max })
      const md = renderReport(current, { maxLength: max, history })
      expect(md.length).toBeLessThanOrEqual(max)
      expect(mainTableFunctions(md)).toEqual(mainTableFunctions(plain))
      expect((md.match(/^```/gm)?.length ?? 0) % 2).toBe(0)
      if (trendOf(md) === '' && mainTableFunctions(md).length > 0) {
        expect(md).toContain('the trend over the base branch’s earlier runs')
      }
    }
  })

  it('drops the trend charts with the charts, then the oldest runs, then the trend', () => {
    const current = messyResults()
    const history = baseBranchHistory()
    const full = renderReport(current, { history })
    expect(full).not.toContain('leaves out')
    const states: string[] = []
    for (let max = full.length; max >= 2_000; max -= 100) {
      const md = renderReport(current, { history, maxLength: max })
      expect(md.length).toBeLessThanOrEqual(max)
      const section = trendOf(md)
      const firsts = section === '' ? [] : trendTable(md).map((r) => r[0])
      const runs = firsts.findIndex((c) => c.startsWith('this run')) - 1
      const state = section === '' ? 'none' : section.includes('```mermaid') ? 'charts' : `${runs}`
      if (states.at(-1) !== state) states.push(state)
      if (section !== '') {
        // The charts go together; this run stays the last row whatever is left out.
        expect(section.includes('```mermaid')).toBe(md.includes('### Charts'))
        expect(runs).toBeGreaterThan(0)
        expect(firsts.slice(1, runs + 1).every((c) => c.startsWith('#'))).toBe(true)
      }
      if (section !== '' && runs < 4) expect(md).toMatch(/leaves out .*the trend’s \d oldest runs?/)
      if (section === '' && mainTableFunctions(md).length > 0) {
        expect(md).toContain('the trend over the base branch’s earlier runs')
      }
    }
    expect(states[0]).toBe('charts')
    expect(states[1]).toBe('4')
    expect(states.at(-1)).toBe('none')
    const counts = states.slice(1, -1).map(Number)
    expect(counts).toEqual([...counts].sort((a, b) => b - a))
    expect(counts.length).toBeGreaterThan(1)
  })

  it('renders nothing for no earlier run', () => {
    expect(trendOf(renderReport(messyResults(), { history: [] }))).toBe('')
    expect(historySection(messyResults(), [], { charts: true, found: 0 })).toBe('')
  })
})

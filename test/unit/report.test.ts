import { renderReport } from '../../src/report/index.js'
import { changeAgainstCurrent } from '../../src/report/recommendations.js'
import { benchmarkCost } from '../../src/report/frame.js'
import { formatChange, formatMs, formatUsd } from '../../src/report/format.js'
import { articleResults } from '../fixtures/results/article.js'
import { fn as fnOf, results as resultsOf } from '../fixtures/results/builder.js'
import { recommend } from '../../src/stats/recommend.js'
import { allColdResults, HOSTILE, messyResults } from '../fixtures/results/messy.js'

const lines = (md: string): string[] => md.split('\n')

/** The markdown table that follows a heading, as rows of trimmed cells. */
function tableAfter(md: string, heading: string): string[][] {
  const rest = md.slice(md.indexOf(heading))
  const start = rest.search(/^\|/m)
  const block = rest.slice(start).split('\n\n')[0]
  return block
    .split('\n')
    .filter((l, i) => i !== 1)
    .map((l) =>
      l
        .slice(1, -1)
        .split(' | ')
        .map((c) => c.trim())
    )
}

describe('renderReport: head', () => {
  it('puts the title first, the verdict right under it, then the summary, then the comparison', () => {
    const md = renderReport(articleResults(), {
      verdictLine: '**2 regressions** against main',
      comparisonSection: '### Against main\n\nCOMPARISON'
    })
    const nonEmpty = lines(md).filter((l) => l !== '')
    expect(nonEmpty[0]).toBe('## Lambda memory benchmark')
    expect(nonEmpty[1]).toBe('**2 regressions** against main')
    expect(nonEmpty[2]).toMatch(/^\*\*3 functions × 6 memory sizes × 100 invocations\*\*/)
    expect(nonEmpty[3]).toBe('### Against main')
    expect(nonEmpty[4]).toBe('COMPARISON')
  })

  it('says how long the run took and what the benchmark itself cost', () => {
    const results = articleResults()
    const md = renderReport(results)
    const summary = lines(md)[2]
    expect(summary).toContain('in 1\u00a0min 12\u00a0s')
    // Warm invocations at the warm cost, cold starts at theirs.
    let expected = 0
    for (const f of results.functions) {
      for (const t of f.tiers) {
        expected +=
          (t.invocations - t.coldStarts) * t.costPerInvocation! +
          t.coldStarts * t.coldStartCostPerInvocation!
      }
    }
    expect(benchmarkCost(results)).toBeCloseTo(expected, 12)
    expect(summary).toContain(`the benchmark cost ≈ ${formatUsd(expected)}`)
    expect(renderReport(results, { wallTimeMs: 4_000 })).toContain('in 4\u00a0s')
  })

  it('flags a cancelled run and failed functions in the summary line', () => {
    const results = { ...messyResults(), cancelled: true }
    const summary = lines(renderReport(results))[2]
    expect(summary).toContain('cancelled')
    expect(summary).toContain('1 function failed')
  })
})

describe('renderReport: the main table', () => {
  it('has a row per memory size and a column per function, the fastest cell starred', () => {
    const results = articleResults()
    const table = tableAfter(renderReport(results), '### Duration by memory size')
    expect(table[0]).toEqual(['Memory', 'boto3-serial', 'boto3-threadpool', 'aioboto3-async'])
    expect(table.map((r) => r[0]).slice(1)).toEqual(
      ['128', '512', '1024', '1536', '2048', '3008'].map((m) => `${m}\u00a0MB`)
    )
    for (let col = 1; col <= 3; col++) {
      const starred = table.slice(1).filter((r) => r[col].includes('★'))
      expect(starred).toHaveLength(1)
    }
    // The serial implementation is fastest at 3008 MB in this run; 128 MB holds its mean and p90.
    const tier128 = results.functions[0].tiers[0]
    expect(table[1][1]).toBe(
      `${formatMs(tier128.billedDuration!.mean)}<br><sub>p90 ${formatMs(tier128.billedDuration!.p90)}</sub>`
    )
  })

  it('shows a timeout-only size as such, with the reason under the table', () => {
    const md = renderReport(messyResults())
    const table = tableAfter(md, '### Duration by memory size')
    const col = table[0].indexOf('image-resize')
    expect(table[1][col]).toBe('⚠ timeout<sup>1</sup>')
    expect(md).toContain('<sup>1</sup> every invocation timed out; never recommended')
  })

  it('explains a size without warm samples when invocations ≤ concurrency', () => {
    const md = renderReport(allColdResults())
    const table = tableAfter(md, '### Duration by memory size')
    expect(table[1][1]).toBe('—<sup>1</sup>')
    expect(md).toContain('raise `invocations` above `concurrency`')
    expect(md).not.toContain('NaN')
  })

  it('notes partial errors beside the figure and marks sizes a failed function never reached', () => {
    const table = tableAfter(renderReport(messyResults()), '### Duration by memory size')
    expect(table[1][1]).toMatch(/⚠ 3 errors<\/sub>$/)
    const col = table[0].indexOf('billing-export')
    expect(table[3][col]).toMatch(/^—<sup>\d<\/sup>$/)
  })
  it('stars only sizes without errors, as the recommendation chooses them', () => {
    // The fastest mean is at a size where some invocations crashed: not the one to pick.
    const results = resultsOf([
      fnOf({
        name: 'flaky',
        tiers: [
          { memorySize: 128, mean: 90, errorTypes: { 'Runtime.ExitError': 5 } },
          { memorySize: 256, mean: 200 },
          { memorySize: 512, mean: 150 }
        ]
      })
    ])
    const md = renderReport(results)
    for (const heading of ['### Duration by memory size', '### Cost by memory size']) {
      const starred = tableAfter(md, heading).filter((r) => r[1].includes('★'))
      expect(starred.map((r) => r[0])).toEqual([
        heading.includes('Cost') ? '256\u00a0MB' : '512\u00a0MB'
      ])
    }
    expect(recommend(results.functions[0].tiers).speed).toBe(512)
  })
})

describe('renderReport: cost and recommendation', () => {
  it('prices 1 M invocations and, with a monthly volume, a month', () => {
    const results = articleResults(5_000_000)
    const table = tableAfter(renderReport(results), '### Cost by memory size')
    const t = results.functions[1].tiers[2]
    expect(table[3][2]).toContain(formatUsd(t.costPerInvocation! * 1e6))
    expect(table[3][2]).toContain(`a month: ${formatUsd(t.costPerInvocation! * 5e6)}`)
  })

  it('gives each recommendation its change against the current size and its monthly saving', () => {
    const results = articleResults(5_000_000)
    const serial = results.functions[0]
    const md = renderReport(results)
    const row = tableAfter(md, '### Recommendation').find((r) => r[0] === 'boto3-serial')!
    expect(row[1]).toBe('1024\u00a0MB')
    const cheapest = serial.recommendation.cost!
    const change = changeAgainstCurrent(serial, cheapest, 5_000_000)!
    const current = serial.tiers.find((t) => t.memorySize === 1024)!
    const rec = serial.tiers.find((t) => t.memorySize === cheapest)!
    expect(change.cost).toBeCloseTo(rec.costPerInvocation! / current.costPerInvocation! - 1, 12)
    expect(row[2]).toContain(
      `${formatChange(change.cost)} cost, ${formatChange(change.duration)} duration`
    )
    const saving = (current.costPerInvocation! - rec.costPerInvocation!) * 5_000_000
    expect(row[2]).toContain(`saves ${formatUsd(saving)} a month`)
    // The fastest size costs more: said as such, never as a negative saving.
    expect(row[3]).toMatch(/costs \$[\d.,]+ more a month/)
  })

  it('says so when the current memory size was not measured, and invents no change', () => {
    const md = renderReport(messyResults())
    const row = tableAfter(md, '### Recommendation').find((r) => r[0] === 'image-resize')!
    expect(row[1]).toBe('1000\u00a0MB<br><sub>not measured</sub>')
    expect(row.slice(2).join(' ')).not.toMatch(/%/)
    expect(md).toContain('The current size of image-resize was not among the measured sizes')
  })

  it('never recommends a size where every invocation timed out', () => {
    const image = messyResults().functions[1]
    expect(Object.values(image.recommendation)).not.toContain(128)
  })
})

describe('renderReport: details, failures, footer', () => {
  it('folds every figure of a function into <details>', () => {
    const results = messyResults()
    const md = renderReport(results)
    const orders = md.slice(md.indexOf('<details><summary><b>orders-api</b>'))
    const block = orders.slice(0, orders.indexOf('</details>'))
    const row = (label: string): string[] =>
      block
        .split('\n')
        .find((l) => l.startsWith(`| ${label} |`))!
        .slice(1, -1)
        .split(' | ')
        .map((c) => c.trim())
        .slice(1)
    const tiers = results.functions[0].tiers
    expect(block).toContain('| | 128\u00a0MB | 256\u00a0MB | 512\u00a0MB | 1024\u00a0MB |')
    expect(row('Warm invocations')).toEqual(['87 of 100', '90 of 100', '88 of 100', '90 of 100'])
    for (const [label, key] of [
      ['Mean, ms', 'mean'],
      ['p50', 'p50'],
      ['p90', 'p90'],
      ['p99', 'p99'],
      ['Stddev', 'stddev']
    ] as const) {
      expect(row(label)).toEqual(tiers.map((t) => formatMs(t.billedDuration![key])))
    }
    expect(row('Cold starts')).toEqual(['10', '10', '10', '10'])
    expect(row('Mean init, ms')).toEqual(tiers.map((t) => formatMs(t.initDuration!.mean)))
    expect(row('Cost of a cold start')).toEqual(
      tiers.map((t) => formatUsd(t.coldStartCostPerInvocation!))
    )
    expect(row('Max memory used, MB')[2]).toBe('82 (16\u00a0%)')
    expect(row('Errors')).toEqual(['3', '0', '0', '0'])
    expect(row('Unmeasured (no REPORT)')).toEqual(['0', '0', '2', '0'])
    expect(row('Throttles retried')).toEqual(['0', '14', '0', '0'])
    expect(row('REPORTs from CloudWatch Logs')).toEqual(['0', '0', '9', '0'])
    expect(block).toContain('Errors at 128\u00a0MB: <code>Runtime.ExitError × 3</code>')
  })

  it('lists failed functions with their error, escaped, and no fake marker survives', () => {
    const md = renderReport(messyResults())
    expect(md).toContain('### ⚠ Failed functions')
    expect(md).toMatch(/- \*\*billing-export\*\*: <code>AccessDeniedException: Denied &#124;/)
    expect(md).toContain('2 memory sizes measured before it stopped')
    expect(md).not.toContain('<script>')
    expect(md).not.toContain('<!--')
    expect(md).not.toContain('-->\n')
    expect(md).not.toContain(HOSTILE.split('\n')[0])
  })

  it('ends with the settings and a link to the run', () => {
    const md = renderReport(messyResults())
    const last = lines(md.trimEnd()).at(-1)!
    expect(last).toMatch(/^<sub>Settings: memory sizes 128, 256, 512, 1024\u00a0MB/)
    expect(last).toContain('100 invocations each · concurrency 10 · isolation latest')
    expect(last).toContain('[workflow run](https://github.com/acme/orders/actions/runs/123456789)')
    const other = renderReport(messyResults(), { runUrl: 'https://ghe.example/run/(1)' })
    expect(other).toContain('[workflow run](https://ghe.example/run/%281%29)')
    expect(renderReport(messyResults(), { runUrl: 'javascript:alert(1)' })).not.toContain(
      'workflow run'
    )
  })
})

describe('renderReport: edge cases', () => {
  it('renders a run where nothing could be measured', () => {
    const results = messyResults()
    results.functions = results.functions.map((f) => ({
      ...f,
      status: 'failed' as const,
      error: 'ResourceNotFoundException: Function not found',
      tiers: []
    }))
    const md = renderReport(results)
    expect(md).toContain('Nothing was measured.')
    expect(md).toContain('3 functions failed')
    expect(md).not.toContain('### Duration by memory size')
    expect(md.match(/Function not found/g)).toHaveLength(3)
  })

  it('reads a results file of an older writer (fields added later absent, samples stripped)', () => {
    const results = articleResults() as unknown as {
      settings: Record<string, unknown>
      functions: { tiers: Record<string, unknown>[] }[]
    }
    delete results.settings.isolation
    delete results.settings.monthlyInvocations
    for (const f of results.functions) {
      for (const t of f.tiers) {
        delete t.throttles
        delete t.reportsFromLogs
        delete t.coldStartCostPerInvocation
        t.samples = []
      }
    }
    const md = renderReport(results as unknown as Parameters<typeof renderReport>[0])
    expect(md).not.toMatch(/NaN|undefined|null/)
    expect(md).toContain('90 of 100')
  })
})

describe('renderReport: a payload set', () => {
  it("shows each payload's mean per size in the details, after the distribution over all", () => {
    const results = messyResults()
    const [orders] = results.functions
    orders.tiers = orders.tiers.map((t, i) => ({
      ...t,
      byPayload: {
        small: {
          invocations: 75,
          errors: 0,
          coldStarts: 1,
          billedDuration: { ...t.billedDuration!, mean: 10 + i },
          costPerInvocation: null
        },
        'big|<b>': {
          invocations: 25,
          errors: 0,
          coldStarts: 0,
          billedDuration: i === 0 ? null : { ...t.billedDuration!, mean: 100 + i },
          costPerInvocation: null
        }
      }
    }))
    const md = renderReport(results)
    const block = md.slice(md.indexOf('<details><summary><b>orders-api</b>'))
    const rows = block.slice(0, block.indexOf('</details>')).split('\n')
    const small = rows.findIndex((l) => l.startsWith('| Mean, ms · small |'))
    expect(rows[small - 1]).toMatch(/^\| Stddev \|/)
    expect(rows[small]).toBe(
      `| Mean, ms · small | ${orders.tiers.map((_, i) => formatMs(10 + i)).join(' | ')} |`
    )
    // The name is escaped; a size without a warm sample of it shows a dash.
    expect(rows[small + 1]).toBe(
      `| Mean, ms · big&#124;&#60;b&#62; | — | ${orders.tiers
        .slice(1)
        .map((_, i) => formatMs(101 + i))
        .join(' | ')} |`
    )
  })

  it('has no payload rows without a payload set', () => {
    expect(renderReport(messyResults())).not.toContain('Mean, ms ·')
  })
})

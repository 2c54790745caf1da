import { renderReport } from '../../src/report/index.js'
import type { Results } from '../../src/model/results.js'
import { articleResults } from '../fixtures/results/article.js'

function merged(paths: string[]): Results {
  const results = articleResults()
  return {
    ...results,
    merged: {
      files: paths.map((path, i) => ({
        path,
        startedAt: results.startedAt,
        finishedAt: results.finishedAt,
        settings: results.settings,
        functions: results.functions.slice(i, i + 1).map((f) => f.functionArn)
      }))
    }
  }
}

describe('report: a merged run', () => {
  it('says under the summary line which results files it was merged from', () => {
    const md = renderReport(merged(['shards/results-eu.json', 'shards/results-us.json']))
    const summary = md.indexOf('the benchmark cost')
    const line = md.indexOf('<sub>Merged from 2 results files: ')
    expect(summary).toBeGreaterThan(0)
    expect(line).toBeGreaterThan(summary)
    expect(md).toContain(
      '<code>shards/results-eu.json</code> (1 function) · <code>shards/results-us.json</code> (1 function)</sub>'
    )
  })

  it('escapes a hostile path, and says nothing of merging for a run that was not merged', () => {
    expect(renderReport(merged(['a|b<script>.json']))).not.toContain('<script>')
    expect(renderReport(articleResults())).not.toContain('Merged from')
  })
})

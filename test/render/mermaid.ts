/**
 * Mermaid checks that run under Node. `mermaid.parse` itself needs a DOM (its sanitizer,
 * DOMPurify, is called while parsing titles), but the xychart grammar it uses is a jison
 * parser shipped in its own chunk: we load that chunk from the installed package and feed it a
 * recording `yy`, so the text is accepted or refused by mermaid's real grammar and we see the
 * numbers it would draw. A strict line-by-line check of what we emit stands beside it.
 */
import { readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'

/** What mermaid's parser reported for one chart. */
export interface ParsedXyChart {
  title: string
  xAxisTitle: string
  xLabels: string[]
  yAxisTitle: string
  yRange: [number, number]
  lines: number[][]
}

interface Jison {
  yy: unknown
  parse(text: string): unknown
}

let parserPromise: Promise<Jison> | undefined

async function xychartParser(): Promise<Jison> {
  const require = createRequire(import.meta.url)
  const dist = dirname(require.resolve('mermaid/package.json'))
  const chunks = join(dist, 'dist', 'chunks', 'mermaid.core')
  const file = readdirSync(chunks).find((f) => /^xychartDiagram-.*\.mjs$/.test(f))
  if (file === undefined) throw new Error(`no xychart chunk in ${chunks}`)
  const module = (await import(pathToFileURL(join(chunks, file)).href)) as {
    diagram: { parser: Jison }
  }
  return module.diagram.parser
}

/**
 * Parses an `xychart-beta` block with mermaid's own grammar. The `%%{init}%%` directive is
 * handled by mermaid before the diagram parser runs (as it is here: it is removed first).
 */
export async function parseXyChart(text: string): Promise<ParsedXyChart> {
  parserPromise ??= xychartParser()
  const parser = await parserPromise
  const out: ParsedXyChart = {
    title: '',
    xAxisTitle: '',
    xLabels: [],
    yAxisTitle: '',
    yRange: [NaN, NaN],
    lines: []
  }
  type Text = { text: string }
  parser.yy = {
    setOrientation: () => undefined,
    setDiagramTitle: (t: string) => (out.title = t),
    setAccTitle: () => undefined,
    setAccDescription: () => undefined,
    setXAxisTitle: (t: Text) => (out.xAxisTitle = t.text),
    setXAxisBand: (labels: Text[]) => (out.xLabels = labels.map((l) => l.text)),
    setXAxisRangeData: () => {
      throw new Error('x-axis must be a band of memory sizes')
    },
    setYAxisTitle: (t: Text) => (out.yAxisTitle = t.text),
    setYAxisRangeData: (min: number, max: number) => (out.yRange = [min, max]),
    setLineData: (_title: Text, data: { value: number }[]) =>
      out.lines.push(data.map((d) => d.value)),
    setBarData: () => {
      throw new Error('no bars expected')
    }
  }
  parser.parse(text.replace(/^%%\{init:.*\}%%\n/m, ''))
  return out
}

const LINE_RULES: RegExp[] = [
  /^%%\{init: (\{.*\})\}%%$/,
  /^xychart-beta$/,
  /^ {2}title "[^"\n]+"$/,
  // A band of memory sizes, or of quoted run labels ("#3", "this run") for the trend.
  /^ {2}x-axis "[^"\n]+" \[(\d+(, \d+)*|"[^"\n]+"(, "[^"\n]+")*)\]$/,
  /^ {2}y-axis "[^"\n]+" 0 --> \d+(\.\d+)?$/,
  /^ {2}line \[\d+(\.\d+)?(, \d+(\.\d+)?)*\]$/
]

/**
 * The strict grammar of what we emit: an init directive setting only the palette (and, for
 * the trend's charts, the height), then
 * `xychart-beta`, title, x-axis band, y-axis range, one or more lines with one plain number per
 * x label — nothing else. Returns the problems found (empty when the block is right).
 */
export function strictXyChartProblems(text: string): string[] {
  const problems: string[] = []
  const lines = text.replace(/\n$/, '').split('\n')
  const expectedOrder = [0, 1, 2, 3, 4]
  expectedOrder.forEach((rule, i) => {
    if (!LINE_RULES[rule].test(lines[i] ?? ''))
      problems.push(`line ${i + 1}: ${lines[i] ?? '(missing)'}`)
  })
  const init = /^%%\{init: (\{.*\})\}%%$/.exec(lines[0] ?? '')
  if (init) {
    const config = JSON.parse(init[1]) as Record<string, unknown>
    const keys =
      JSON.stringify(Object.keys(config)) +
      JSON.stringify(Object.keys((config.themeVariables ?? {}) as object)) +
      JSON.stringify(Object.keys((config.xyChart ?? {}) as object))
    if (
      keys !== '["themeVariables"]["xyChart"][]' &&
      keys !== '["xyChart","themeVariables"]["xyChart"]["height"]'
    )
      problems.push(`init sets more than the palette and the height: ${init[1]}`)
  }
  const xCount = ((lines[3] ?? '').match(/\[(.*)\]/)?.[1] ?? '').split(', ').length
  const dataLines = lines.slice(5)
  if (dataLines.length === 0) problems.push('no line')
  for (const l of dataLines) {
    if (!LINE_RULES[5].test(l)) problems.push(`not a line: ${l}`)
    else if (l.slice(l.indexOf('[') + 1, -1).split(', ').length !== xCount) {
      problems.push(`line has not one value per x label: ${l}`)
    }
  }
  return problems
}

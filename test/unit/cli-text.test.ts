/**
 * `--format text`: the article's table for a terminal. Every line within the width asked for
 * (further functions go to a further table with the same rows), figures aligned on the right,
 * long names shortened, errors and failures said under the table, colours only when asked.
 */
import { paintFor } from '../../src/cli/terminal.js'
import { renderText } from '../../src/cli/text-report.js'
import { fn, results } from '../fixtures/results/builder.js'

const SIZES = [128, 512, 1024, 1536, 2048, 3008]
const fnAt = (name: string, base: number, extra = {}) =>
  fn({
    name,
    tiers: SIZES.map((memorySize) => ({ memorySize, mean: (base * 1024) / memorySize })),
    ...extra
  })

test('3 functions × 6 sizes: one table within 100 columns, a row per size and the recommendations', () => {
  const text = renderText(
    results([fnAt('serial', 1500), fnAt('threads', 700), fnAt('async', 850)]),
    100
  )
  const lines = text.trimEnd().split('\n')
  for (const line of lines) expect(line.length).toBeLessThanOrEqual(100)
  expect(lines.filter((l) => l.startsWith('memory'))).toHaveLength(1)
  expect(lines.find((l) => l.startsWith('memory'))).toMatch(/^memory +serial +threads +async$/)
  expect(lines.find((l) => l.startsWith('128 MB'))).toMatch(
    /^128 MB +12,\d{3} \/ [\d,]+ +5,\d{3} \/ [\d,]+ +6,\d{3} \/ [\d,]+$/
  )
  for (const label of ['cheapest', 'fastest', 'balanced', 'current']) {
    expect(lines.some((l) => new RegExp(`^${label} +\\d+ MB +\\d+ MB +\\d+ MB$`).test(l))).toBe(
      true
    )
  }
  // Figures line up on the right: every row of the table is as long as its head.
  const table = lines.slice(
    lines.findIndex((l) => l.startsWith('memory')),
    lines.indexOf('', 3)
  )
  expect(new Set(table.map((l) => l.length)).size).toBe(1)
  expect(text).not.toContain('\u001b[')
})

test('too wide for the terminal: the functions are split over tables, each within the width', () => {
  const many = results(Array.from({ length: 7 }, (_, i) => fnAt(`function-number-${i}`, 900 + i)))
  const text = renderText(many, 80)
  for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(80)
  const heads = text.split('\n').filter((l) => l.startsWith('memory'))
  expect(heads.length).toBeGreaterThan(1)
  for (let i = 0; i < 7; i++) expect(heads.join(' ')).toContain(`function-number-${i}`)
})

test('a long name is shortened; errors, a failed function and a cancelled run are said', () => {
  const long = 'a-very-long-function-name-that-goes-on-and-on-forever'
  const erring = fn({
    name: long,
    tiers: [
      { memorySize: 128, mean: 900, errorTypes: { 'Runtime.ExitError': 3 } },
      { memorySize: 512, mean: null }
    ]
  })
  const failed = fn({
    name: 'gone',
    status: 'failed',
    error: 'lambda:GetFunction was refused',
    tiers: []
  })
  const text = renderText({ ...results([erring, failed]), cancelled: true }, 100)
  expect(text).toContain('a-very-long-function-name-t…')
  // Shortened in the head only: the notes under the table give the whole name.
  expect(text.split('\n').find((l) => l.startsWith('memory'))).not.toContain(long)
  expect(text).toMatch(/128 MB +[\d,.]+ \/ [\d,.]+ !/)
  expect(text).toMatch(/512 MB +— +·/)
  expect(text).toContain(
    `! invocations that failed (not in the figures): ${long} @ 128 MB: 3 errors of 100`
  )
  expect(text).toContain('gone could not be benchmarked: lambda:GetFunction was refused')
  expect(text).toContain('Cancelled: the results are partial')
})

test('colours only through the paint given', () => {
  const paint = (style: string, t: string): string => `<${style}>${t}</${style}>`
  const text = renderText(results([fnAt('serial', 1500)]), 100, paint)
  expect(text).toMatch(/<bold>memory/)
  expect(text).toMatch(/<green> +\d+ MB<\/green>/)
})

test('colours on a terminal only, and never with NO_COLOR or TERM=dumb', () => {
  const tty = { write: () => true, isTTY: true }
  expect(paintFor(tty, {})('bold', 'x')).toContain('\u001b[')
  expect(paintFor(tty, { NO_COLOR: '1' })('bold', 'x')).toBe('x')
  expect(paintFor(tty, { TERM: 'dumb' })('bold', 'x')).toBe('x')
  expect(paintFor({ write: () => true }, {})('bold', 'x')).toBe('x')
})

/**
 * Properties of the REPORT parser over the public corpus (test/fixtures/reports/public-corpus.json)
 * and over records built from random fields: whatever surrounds a real record, it never yields a
 * number the record does not hold; a record cut short yields nothing or only whole fields; tabs
 * or runs of spaces, any field order, any text before: the same record. Fixed seeds: the same
 * cases on every run.
 */
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { findReport, parseReportLine } from '../../src/bench/report-record.js'
import type { ReportRecord } from '../../src/model/measurement.js'

const corpus = JSON.parse(
  readFileSync(new URL('../fixtures/reports/public-corpus.json', import.meta.url), 'utf8')
) as { records: { line: string; expected: ReportRecord }[] }

/** Request ids no noise below can spell (the corpus also has `-`, `id`, `XXX`). */
const realRecords = corpus.records.filter((r) =>
  /^[0-9a-f]{8}-[0-9a-f-]{27}$/.test(r.expected.requestId)
)

type Numeric = Exclude<keyof ReportRecord, 'requestId' | 'status' | 'errorType'>
const LABELS: Record<Numeric, [string, 'ms' | 'MB']> = {
  durationMs: ['Duration', 'ms'],
  billedDurationMs: ['Billed Duration', 'ms'],
  memorySizeMB: ['Memory Size', 'MB'],
  maxMemoryUsedMB: ['Max Memory Used', 'MB'],
  initDurationMs: ['Init Duration', 'ms'],
  restoreDurationMs: ['Restore Duration', 'ms'],
  billedRestoreDurationMs: ['Billed Restore Duration', 'ms']
}
const NUMERIC = Object.keys(LABELS) as Numeric[]

/** Text that looks like REPORT fields as much as possible, never a line break. */
const NOISE_PIECES = [
  'REPORT ',
  'RequestId: ',
  'REPORT RequestId: ',
  ...Object.values(LABELS).flatMap(([label, unit]) => [
    `${label}: `,
    `${label}: 3 ${unit}`,
    `${label}: 12.5 ${unit}`
  ]),
  'RequestId: 0a1b2c3d-1111-4222-8333-444455556666',
  'Status: ',
  'timeout',
  'Error Type: ',
  'XRAY TraceId: 1-5d9d007f-0a8c7fd0',
  '3',
  '12.5',
  '0.',
  '128',
  ' ms',
  ' MB',
  'ms',
  ' ',
  '  ',
  '\t',
  '|',
  ':',
  'x',
  'é',
  '{"time":"2024-02-09T08:42:44.080Z",',
  '"type":"platform.report"',
  '}'
]
const noise = fc.array(fc.constantFrom(...NOISE_PIECES), { maxLength: 24 }).map((p) => p.join(''))
const aRecord = fc.constantFrom(...realRecords)

/** Every numeric field of `got` is the record's own, or one the noise spells out whole. */
function onlyOwnNumbers(got: ReportRecord, own: ReportRecord, noiseText: string): void {
  expect(got.requestId).toBe(own.requestId)
  for (const field of NUMERIC) {
    if (got[field] === undefined) continue
    if (own[field] !== undefined) {
      expect(got[field]).toBe(own[field])
    } else {
      const [label, unit] = LABELS[field]
      expect(noiseText).toMatch(new RegExp(`${label}: ${String(got[field])}(\\.0+)? ${unit}`))
    }
  }
}

const RUNS = { seed: 20261202, numRuns: 400 }

describe('noise around a real record', () => {
  it('before it (on its line): the record exactly', () => {
    fc.assert(
      fc.property(aRecord, noise, (record, before) => {
        expect(findReport(before + record.line, record.expected.requestId)).toEqual(record.expected)
      }),
      RUNS
    )
  })

  it('after it: nothing, or no number the record does not hold', () => {
    fc.assert(
      fc.property(aRecord, noise, noise, (record, before, after) => {
        const got = findReport(before + record.line + after, record.expected.requestId)
        if (got !== null) onlyOwnNumbers(got, record.expected, after)
      }),
      RUNS
    )
  })
})

describe('a record cut short', () => {
  it('yields nothing, or only fields whole and as written, at every cut', () => {
    for (const { line, expected } of realRecords) {
      for (let end = 0; end < line.length; end++) {
        const got = parseReportLine(line.slice(0, end))
        if (got === null) continue
        expect(got.requestId).toBe(expected.requestId)
        for (const field of NUMERIC) {
          if (got[field] !== undefined) expect(got[field]).toBe(expected[field])
        }
      }
    }
  })
})

describe('any separators, any order, any text before', () => {
  const decimal = fc.integer({ min: 0, max: 9_999_999 }).map((n) => (n / 100).toFixed(2))
  const whole = fc.integer({ min: 1, max: 10_240 }).map(String)
  const separator = fc.constantFrom('\t', ' ', '  ', '    ', ' \t', '\t ')
  const fields = fc.record(
    {
      durationMs: decimal,
      billedDurationMs: whole,
      memorySizeMB: whole,
      maxMemoryUsedMB: whole,
      initDurationMs: decimal,
      restoreDurationMs: decimal,
      billedRestoreDurationMs: whole
    },
    { requiredKeys: ['durationMs', 'billedDurationMs', 'memorySizeMB', 'maxMemoryUsedMB'] }
  )
  const prefix = fc.constantFrom(
    '',
    '2021-09-06T02:22:57.104+09:00\t',
    '2021/07/28/[$LATEST]7b4ab412d2494617934d9cd408d8f8a8 2021-07-28T06:15:06.073000 ',
    '| 2025-08-15 13:17:24.627 | ',
    '    return binascii.a2b_base64(s, strict_mode=validate)',
    '{"statusCode":200}'
  )

  it('reads the record Lambda wrote', () => {
    fc.assert(
      fc.property(
        fields,
        fc.array(separator, { minLength: 8, maxLength: 8 }),
        prefix,
        fc.boolean(),
        (values, seps, before, trailing) => {
          const present = NUMERIC.filter((f) => values[f] !== undefined)
          const id = '8f507cfc-xmpl-4697-b07a-ac58fc914c95'
          // Lambda's own order, or the Runtime Interface Emulator's (Init Duration first).
          const order =
            present.includes('initDurationMs') && seps[0] === ' '
              ? ['initDurationMs' as const, ...present.filter((f) => f !== 'initDurationMs')]
              : present
          const text = order.map(
            (f, i) => `${seps[i]}${LABELS[f][0]}: ${values[f]} ${LABELS[f][1]}`
          )
          const line = `${before}REPORT RequestId: ${id}${text.join('')}${trailing ? '\t' : ''}`
          const expected: ReportRecord = { requestId: id } as ReportRecord
          for (const f of NUMERIC) if (values[f] !== undefined) expected[f] = Number(values[f])
          expect(parseReportLine(line)).toEqual(expected)
          expect(findReport(`START RequestId: ${id} Version: $LATEST\n${line}\n`, id)).toEqual(
            expected
          )
        }
      ),
      RUNS
    )
  })
})

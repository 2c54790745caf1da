/**
 * REPORT records as people publish them (test/fixtures/reports/public-corpus.json, sources in
 * test/fixtures/reports/SOURCES.md): with spaces where Lambda writes tabs, after a timestamp, a
 * log stream name, a table's `|`, or an application line written without a line break. Each
 * reads exactly as the record Lambda wrote.
 */
import { readFileSync } from 'node:fs'
import { findReport, parseReportLine, parseReportMessage } from '../../src/bench/report-record.js'
import type { ReportRecord } from '../../src/model/measurement.js'

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/reports/${name}`, import.meta.url), 'utf8')

interface Entry {
  source: string
  line: string
  expected: ReportRecord
}

const corpus = JSON.parse(fixture('public-corpus.json')) as {
  records: Entry[]
  constructed: Entry[]
}
const entries = [...corpus.records, ...corpus.constructed]

describe('the public corpus', () => {
  it('holds 71 published records and 3 built from them', () => {
    expect(corpus.records).toHaveLength(71)
    expect(corpus.constructed).toHaveLength(3)
  })

  it.each(entries.map((e) => [e.source, e] as const))('%s', (_, { line, expected }) => {
    expect(parseReportLine(line)).toEqual(expected)
    expect(parseReportMessage(`${line}\n`)).toEqual(expected)
    expect(findReport(`${line}\n`, expected.requestId)).toEqual(expected)
  })

  it('reads each record with spaces exactly as with tabs', () => {
    for (const { line, expected } of entries) {
      expect(parseReportLine(line.replaceAll('\t', ' '))).toEqual(expected)
      expect(parseReportLine(line.replaceAll('\t', '    '))).toEqual(expected)
    }
  })

  it('exposes SnapStart restores as written, Billed Duration untouched', () => {
    const restores = corpus.records.filter((e) => e.expected.restoreDurationMs !== undefined)
    expect(restores.map((e) => e.expected)).toContainEqual({
      requestId: 'b771fecc-1b53-4faf-922d-1d74357b1676',
      durationMs: 306.34,
      billedDurationMs: 610,
      memorySizeMB: 3009,
      maxMemoryUsedMB: 155,
      restoreDurationMs: 511.25,
      billedRestoreDurationMs: 303
    })
    for (const { line, expected } of restores) {
      expect(parseReportLine(line.replaceAll('\t', ' '))).toMatchObject({
        billedDurationMs: expected.billedDurationMs,
        restoreDurationMs: expected.restoreDurationMs,
        billedRestoreDurationMs: expected.billedRestoreDurationMs
      })
    }
  })

  it('reads a Status: timeout after runs of spaces', () => {
    const timeout = corpus.records.find((e) => e.expected.status === 'timeout')
    expect(timeout && parseReportLine(timeout.line)).toMatchObject({
      billedDurationMs: 10434,
      initDurationMs: 433.75,
      status: 'timeout'
    })
  })
})

describe('published logs around the records', () => {
  it('finds the REPORT after an END glued to an unterminated traceback line', () => {
    const tail = fixture('text-unterminated-line.log')
    expect(tail).toContain('strict_mode=validate)END RequestId: ')
    expect(findReport(tail, 'd696fc83-8c70-4112-8746-605b8a98135a')).toEqual({
      requestId: 'd696fc83-8c70-4112-8746-605b8a98135a',
      durationMs: 31.37,
      billedDurationMs: 32,
      memorySizeMB: 128,
      maxMemoryUsedMB: 81,
      initDurationMs: 539.15
    })
  })

  it('reads a REPORT that follows an unterminated line, spaces for tabs, as the real one', () => {
    expect(
      findReport(
        fixture('text-report-after-unterminated-line.log'),
        'd696fc83-8c70-4112-8746-605b8a98135a'
      )
    ).toEqual(
      findReport(fixture('text-unterminated-line.log'), 'd696fc83-8c70-4112-8746-605b8a98135a')
    )
  })

  it('reads `sam logs` output: log stream, timestamp, runs of spaces', () => {
    expect(
      findReport(fixture('text-sam-logs-spaces.log'), 'abdd9973-487b-4293-93e5-ed230703cab0')
    ).toEqual({
      requestId: 'abdd9973-487b-4293-93e5-ed230703cab0',
      durationMs: 67.61,
      billedDurationMs: 68,
      memorySizeMB: 128,
      maxMemoryUsedMB: 64,
      initDurationMs: 201.85
    })
  })

  it('reads a platform.report after a log stream and timestamp as the bare JSON line', () => {
    const id = 'd661f7cf-9208-46b9-85b0-213b04a91065'
    expect(findReport(fixture('json-prefixed.log'), id)).toEqual(
      findReport(fixture('json-cold.log'), id)
    )
    expect(findReport(fixture('json-prefixed.log'), id)).toMatchObject({ billedDurationMs: 2 })
  })

  it('never reads a REPORT that an application line only mentions', () => {
    const id = '0a1b2c3d-1111-4222-8333-444455556666'
    const line = `2024-03-11T10:02:14.221Z\t6f5e\tINFO\tREPORT RequestId: ${id} Duration: 5 ms was slow`
    expect(parseReportLine(line)).toBeNull()
    expect(findReport(line, id)).toBeNull()
  })

  it('skips an unknown tab-separated field, even one whose name ends in a known label', () => {
    expect(
      parseReportLine(
        'REPORT RequestId: a\tDuration: 4.2 ms\tBilled Duration: 5 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\tExtension Init Duration: 9 ms\tFuture Field: 1 x\t'
      )
    ).toEqual({
      requestId: 'a',
      durationMs: 4.2,
      billedDurationMs: 5,
      memorySizeMB: 128,
      maxMemoryUsedMB: 40
    })
  })
})

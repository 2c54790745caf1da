import { readFileSync } from 'node:fs'
import {
  decodeLogResult,
  findReport,
  parseReportLine,
  parseReportMessage
} from '../../src/bench/report-record.js'

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/reports/${name}`, import.meta.url), 'utf8')

describe('findReport, Text format', () => {
  it('reads a cold start (the developer guide example)', () => {
    expect(findReport(fixture('text-cold.log'), '8f507cfc-xmpl-4697-b07a-ac58fc914c95')).toEqual({
      requestId: '8f507cfc-xmpl-4697-b07a-ac58fc914c95',
      durationMs: 3.01,
      billedDurationMs: 4,
      memorySizeMB: 128,
      maxMemoryUsedMB: 36,
      initDurationMs: 110.1
    })
  })

  it('reads a warm record whose Duration has no decimal point', () => {
    const r = findReport(
      fixture('text-warm-integer-duration.log'),
      '3e1b3f6c-6c8d-4b7a-9f0e-2d5c1a7b9e41'
    )
    expect(r).toEqual({
      requestId: '3e1b3f6c-6c8d-4b7a-9f0e-2d5c1a7b9e41',
      durationMs: 3,
      billedDurationMs: 3,
      memorySizeMB: 1024,
      maxMemoryUsedMB: 68
    })
    expect(r).not.toHaveProperty('initDurationMs')
  })

  it('ignores the X-Ray second line', () => {
    const r = findReport(fixture('text-xray.log'), 'c793869b-ee49-115b-a5b6-4fd21e8dedac')
    expect(r).toMatchObject({ durationMs: 170.19, billedDurationMs: 171, initDurationMs: 208.61 })
    expect(r).not.toHaveProperty('status')
  })

  it('reads Status: timeout', () => {
    const r = findReport(fixture('text-timeout.log'), '5e2c7a1b-0f3d-4c62-8a9e-7b1d4f6a2c38')
    expect(r).toMatchObject({ billedDurationMs: 3000, maxMemoryUsedMB: 87, status: 'timeout' })
  })

  it('reads Status: error with its Error Type', () => {
    const r = findReport(fixture('text-crash.log'), '9a0d3e55-2b71-4f8c-b6d4-1e9c8f7a3b20')
    expect(r).toMatchObject({
      billedDurationMs: 1840,
      maxMemoryUsedMB: 128,
      status: 'error',
      errorType: 'Runtime.ExitError'
    })
  })

  it('reads SnapStart restore fields and no Init Duration', () => {
    const r = findReport(fixture('text-snapstart.log'), '1d6b7c2e-8a4f-4e39-9c50-3f2a7d1e6b84')
    expect(r).toEqual({
      requestId: '1d6b7c2e-8a4f-4e39-9c50-3f2a7d1e6b84',
      durationMs: 38.62,
      billedDurationMs: 114,
      memorySizeMB: 512,
      maxMemoryUsedMB: 99,
      restoreDurationMs: 474.16,
      billedRestoreDurationMs: 75
    })
  })

  it('keeps Billed Duration as written when INIT is billed (never adds Init Duration)', () => {
    const r = findReport(fixture('text-init-billed.log'), '7c4e2f90-3d1a-4b8e-a6c7-5f0e9d2b1a63')
    expect(r).toMatchObject({ durationMs: 1655.1, billedDurationMs: 1978, initDurationMs: 322.04 })
  })

  it('answers null for a REPORT cut before Max Memory Used', () => {
    expect(
      findReport(fixture('text-truncated-report.log'), '2b8f6d14-9e3c-4a75-b1d0-6c4a8e2f7d59')
    ).toBeNull()
  })

  it('finds the record in a 4 KB tail that starts mid-line', () => {
    const tail = fixture('text-tail-mid-line.log')
    expect(Buffer.byteLength(tail)).toBe(4096)
    expect(tail.startsWith('x')).toBe(true)
    expect(findReport(tail, '4f9a2c6e-1b3d-4e8f-9a7c-0d5e3b1f2a86')).toMatchObject({
      billedDurationMs: 251,
      memorySizeMB: 512
    })
  })

  it('answers null when the tail starts inside the REPORT line itself', () => {
    const line = fixture('text-warm-integer-duration.log').split('\n')[2]
    expect(findReport(line.slice(3), '3e1b3f6c-6c8d-4b7a-9f0e-2d5c1a7b9e41')).toBeNull()
  })

  it("takes only this request's record when the tail holds another's", () => {
    const tail = fixture('text-two-requests.log')
    expect(findReport(tail, '6f5e4d3c-aaaa-4bbb-8ccc-ddddeeeeffff')).toEqual({
      requestId: '6f5e4d3c-aaaa-4bbb-8ccc-ddddeeeeffff',
      durationMs: 21.5,
      billedDurationMs: 22,
      memorySizeMB: 256,
      maxMemoryUsedMB: 71
    })
    expect(findReport(tail, '0a1b2c3d-1111-4222-8333-444455556666')).toMatchObject({
      billedDurationMs: 100,
      initDurationMs: 180
    })
    expect(findReport(tail, '11111111-2222-4333-8444-555555555555')).toBeNull()
  })

  it('finds it behind application lines that carry the id (Node console, CR line ends too)', () => {
    const id = '5b7e9c1d-2f4a-4c6e-8a0b-1d3f5a7c9e2b'
    const app = Array.from(
      { length: 40 },
      (_, i) =>
        `2026-11-26T01:00:00.${String(i).padStart(3, '0')}Z\t${id}\tINFO\tcall ${i} for ${id}`
    )
    const report = `REPORT RequestId: ${id}\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 256 MB\tMax Memory Used: 70 MB\t`
    const lines = [
      `START RequestId: ${id} Version: $LATEST`,
      ...app,
      `END RequestId: ${id}`,
      report
    ]
    for (const eol of ['\n', '\r\n', '\r']) {
      const tail = lines.join(eol) + eol
      expect(findReport(tail, id)).toMatchObject({ requestId: id, billedDurationMs: 13 })
      // The REPORT cut off: every line with the id is tried, none is taken for it.
      expect(findReport(lines.slice(0, -1).join(eol), id)).toBeNull()
    }
  })

  it('answers null for an empty tail, an absent request id, or no REPORT', () => {
    expect(findReport('', 'x')).toBeNull()
    expect(findReport(fixture('text-cold.log'), '')).toBeNull()
    expect(
      findReport('START RequestId: abc Version: $LATEST\nEND RequestId: abc\n', 'abc')
    ).toBeNull()
  })

  it('refuses a value with the wrong unit or cut short', () => {
    expect(
      parseReportLine(
        'REPORT RequestId: a\tDuration: 3 ms\tBilled Duration: 3 ms\tMemory Size: 128 MB\tMax Memory Used: 3'
      )
    ).toBeNull()
    expect(
      parseReportLine(
        'REPORT RequestId: a\tDuration: 3 MB\tBilled Duration: 3 ms\tMemory Size: 128 MB\tMax Memory Used: 3 MB'
      )
    ).toBeNull()
  })

  it('looks fields up by label, whatever their order, and ignores unknown ones', () => {
    expect(
      parseReportLine(
        'REPORT RequestId: a\tMax Memory Used: 40 MB\tFuture Field: 1 x\tMemory Size: 128 MB\tBilled Duration: 5 ms\tDuration: 4.2 ms\t'
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

describe('findReport, JSON format', () => {
  it('reads a cold platform.report among other platform and app records', () => {
    expect(findReport(fixture('json-cold.log'), 'd661f7cf-9208-46b9-85b0-213b04a91065')).toEqual({
      requestId: 'd661f7cf-9208-46b9-85b0-213b04a91065',
      durationMs: 1.317,
      billedDurationMs: 2,
      memorySizeMB: 1024,
      maxMemoryUsedMB: 68,
      initDurationMs: 10.123,
      status: 'success'
    })
  })

  it('reads a warm record without optional keys, among text and empty lines (#305, #253)', () => {
    const r = findReport(fixture('json-warm-mixed.log'), 'e0c5b8a2-7f14-4d3b-9a61-2c8e5d4f1b07')
    expect(r).toEqual({
      requestId: 'e0c5b8a2-7f14-4d3b-9a61-2c8e5d4f1b07',
      durationMs: 8.5,
      billedDurationMs: 9,
      memorySizeMB: 1024,
      maxMemoryUsedMB: 69,
      status: 'success'
    })
  })

  it('reads a timeout status and error type', () => {
    expect(
      findReport(fixture('json-timeout.log'), 'b3a1f7d9-5c2e-4e80-8f16-9d7a0c3e2b45')
    ).toMatchObject({ billedDurationMs: 3000, status: 'timeout', errorType: 'Sandbox.Timedout' })
  })

  it('reads SnapStart metrics', () => {
    expect(
      findReport(fixture('json-snapstart.log'), 'a7e9c1b3-2d4f-4a68-b0c2-e4f6a8b0c2d4')
    ).toMatchObject({
      restoreDurationMs: 474.16,
      billedRestoreDurationMs: 75,
      billedDurationMs: 114
    })
  })

  it("skips a first line cut in half and another request's report", () => {
    const tail = fixture('json-two-requests-cut.log')
    expect(findReport(tail, 'f1e3d5c7-b9a1-4c3e-8f5a-7c9e1b3d5f7a')).toMatchObject({
      durationMs: 6.25,
      billedDurationMs: 7,
      maxMemoryUsedMB: 62
    })
    expect(findReport(tail, 'c8d0e2f4-6a8c-4e0a-9c2e-4a6c8e0a2c4e')).toMatchObject({
      billedDurationMs: 5
    })
  })

  it('answers null when a required metric is missing or not a number', () => {
    const line = (metrics: object): string =>
      JSON.stringify({ type: 'platform.report', record: { requestId: 'r', metrics } })
    expect(
      findReport(line({ durationMs: 1, billedDurationMs: 1, memorySizeMB: 128 }), 'r')
    ).toBeNull()
    expect(
      findReport(
        line({ durationMs: '1', billedDurationMs: 1, memorySizeMB: 128, maxMemoryUsedMB: 1 }),
        'r'
      )
    ).toBeNull()
  })
})

describe('parseReportMessage (CloudWatch Logs events)', () => {
  const events = JSON.parse(fixture('cloudwatch-events.json')) as { message: string }[]

  it('parses Text, Text with X-Ray, and JSON events; null for other events', () => {
    const parsed = events.map((e) => parseReportMessage(e.message))
    expect(parsed[0]).toMatchObject({
      requestId: '3e1b3f6c-6c8d-4b7a-9f0e-2d5c1a7b9e41',
      billedDurationMs: 4
    })
    expect(parsed[1]).toMatchObject({
      requestId: 'c793869b-ee49-115b-a5b6-4fd21e8dedac',
      initDurationMs: 208.61
    })
    expect(parsed[2]).toMatchObject({
      requestId: 'd661f7cf-9208-46b9-85b0-213b04a91065',
      billedDurationMs: 2
    })
    expect(parsed[3]).toBeNull()
    expect(parseReportMessage('')).toBeNull()
  })
})

describe('decodeLogResult', () => {
  it('decodes base64 and answers empty for absent values', () => {
    const text = fixture('text-cold.log')
    expect(decodeLogResult(Buffer.from(text).toString('base64'))).toBe(text)
    expect(decodeLogResult(undefined)).toBe('')
    expect(decodeLogResult('')).toBe('')
  })

  it('survives a tail cut inside a multi-byte character', () => {
    const bytes = Buffer.from('é\nREPORT RequestId: a\tDuration: 1 ms\t')
    const decoded = decodeLogResult(bytes.subarray(1).toString('base64'))
    expect(decoded).toContain('REPORT RequestId: a')
  })
})

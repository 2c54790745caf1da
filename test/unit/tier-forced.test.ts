/**
 * Forced cold starts (`cold-starts`) in a tier's summary (src/stats/tier.ts summarizeTier, and
 * src/bench/measured-tier.ts summarizeSize over a measured and a forced run): their cold starts
 * join the measured ones in initDuration, coldBilledDuration and the cold start's cost; nothing
 * else of the tier moves — not the warm figures or samples, not coldStarts, errors or
 * unmeasured, not a payload's figures; the forced ones are counted apart in forcedColdStarts.
 */
import fc from 'fast-check'
import { parseReportLine } from '../../src/bench/report-record.js'
import { summarizeSize, type TierContext } from '../../src/bench/measured-tier.js'
import type { TierRun } from '../../src/bench/tier.js'
import type { Invocation, ReportRecord } from '../../src/model/measurement.js'
import type { TierResult } from '../../src/model/results.js'
import { costPerInvocation } from '../../src/stats/cost.js'
import { summarize } from '../../src/stats/descriptive.js'
import { summarizeTier } from '../../src/stats/tier.js'

const MB = 512
const REGION = 'us-east-1'

/**
 * A REPORT line as Lambda writes it (Text format), parsed as the benchmark parses it. On-demand
 * INIT is billed since August 2025: a cold start's Billed Duration holds its Init Duration.
 */
function report(
  id: string,
  durationMs: number,
  billedMs: number,
  fields: { initMs?: number; maxMemoryMB?: number; status?: string; errorType?: string } = {}
): ReportRecord {
  const line =
    `REPORT RequestId: ${id}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${billedMs} ms\t` +
    `Memory Size: ${MB} MB\tMax Memory Used: ${fields.maxMemoryMB ?? 71} MB\t` +
    (fields.initMs !== undefined ? `Init Duration: ${fields.initMs.toFixed(2)} ms\t` : '') +
    (fields.status ? `Status: ${fields.status}\t` : '') +
    (fields.errorType ? `Error Type: ${fields.errorType}\t` : '')
  const parsed = parseReportLine(line)
  if (!parsed) throw new Error(`not a REPORT: ${line}`)
  return parsed
}

let n = 0
/** An invocation with the REPORT `r` (null: found nowhere). */
function invocation(
  r: ReportRecord | null,
  options: { error?: string; payload?: string; fromLogs?: boolean } = {}
): Invocation {
  const requestId = r?.requestId ?? `c0ffee00-0000-4000-8000-${String(++n).padStart(12, '0')}`
  return {
    requestId,
    memorySize: MB,
    functionError: options.error ?? null,
    report: r,
    fromLogs: options.fromLogs ?? false,
    ...(options.payload ? { payload: options.payload } : {})
  }
}

const id = (k: string): string => `6f1e2d3c-4b5a-4978-8a6b-${k.padStart(12, '0')}`

/** The measured invocations: warm ones, a cold one, an error, one whose REPORT was lost. */
const measured: Invocation[] = [
  invocation(report(id('1'), 312.4, 497, { initMs: 184.2 }), { payload: 'small' }), // cold
  invocation(report(id('2'), 101.3, 102), { payload: 'small' }),
  invocation(report(id('3'), 119.8, 120), { payload: 'big' }),
  invocation(report(id('4'), 108.1, 109), { payload: 'small', fromLogs: true }),
  invocation(report(id('5'), 140.6, 141), { payload: 'big' }),
  invocation(report(id('6'), 95.2, 96, { status: 'error', errorType: 'Runtime.Unknown' }), {
    payload: 'big',
    error: 'Unhandled'
  }),
  invocation(null, { payload: 'small' })
]

/**
 * The forced ones: two on a fresh environment, one that found a warm environment anyway (no Init
 * Duration), a cold one whose handler threw, one whose REPORT was found nowhere. They carry
 * payload names as the measured ones do, and larger figures, so that any leak shows.
 */
const forced: Invocation[] = [
  invocation(report(id('11'), 402.7, 653, { initMs: 250.1 }), { payload: 'small' }),
  invocation(report(id('12'), 388.3, 612, { initMs: 223.6 }), { payload: 'big' }),
  invocation(report(id('13'), 999.9, 1000, { maxMemoryMB: 90 }), { payload: 'small' }), // warm
  invocation(
    report(id('14'), 230.4, 431, { initMs: 200.3, status: 'error', errorType: 'Runtime.Unknown' }),
    { payload: 'big', error: 'Unhandled' }
  ),
  invocation(null, { payload: 'big', error: 'Unhandled' })
]

const PAYLOADS = ['small', 'big']
const without = summarizeTier(MB, measured, 'arm64', REGION, 3, PAYLOADS)
const tier = summarizeTier(MB, measured, 'arm64', REGION, 3, PAYLOADS, forced)

/** Everything of a tier that is the measured invocations' alone. */
function measuredFigures(t: TierResult): Partial<TierResult> {
  const {
    memorySize,
    invocations,
    errors,
    errorTypes,
    unmeasured,
    coldStarts,
    billedDuration,
    duration,
    costPerInvocation: cost,
    throttles,
    samples,
    byPayload
  } = t
  return {
    memorySize,
    invocations,
    errors,
    errorTypes,
    unmeasured,
    coldStarts,
    billedDuration,
    duration,
    costPerInvocation: cost,
    throttles,
    samples,
    byPayload
  }
}

describe('summarizeTier with forced cold starts', () => {
  it('keeps the warm figures, samples and counts of the measured invocations exactly', () => {
    expect(measuredFigures(tier)).toEqual(measuredFigures(without))
    expect(tier.samples).toEqual([102, 120, 109, 141])
    expect(tier.billedDuration).toMatchObject({ mean: 118, min: 102, max: 141 })
    expect(tier.costPerInvocation).toBe(costPerInvocation(118, MB, 'arm64', REGION))
  })

  it('counts only the measured invocations in invocations, coldStarts, errors and unmeasured', () => {
    expect(tier).toMatchObject({
      invocations: 7,
      coldStarts: 1,
      errors: 1,
      errorTypes: { Unhandled: 1 },
      unmeasured: 1,
      throttles: 3
    })
  })

  it('summarises Init Duration over the measured and the forced cold starts', () => {
    expect(without.initDuration).toEqual(summarize([184.2]))
    // The forced one that found a warm environment has no Init Duration: not a cold start.
    expect(tier.initDuration).toEqual(summarize([184.2, 250.1, 223.6, 200.3]))
    expect(tier.initDuration).toMatchObject({ min: 184.2, max: 250.1 })
  })

  it("summarises the cold starts' Billed Duration over the same ones, and prices its mean", () => {
    expect(without.coldBilledDuration).toEqual(summarize([497]))
    expect(tier.coldBilledDuration).toEqual(summarize([497, 653, 612, 431]))
    expect(tier.coldBilledDuration?.mean).toBe(548.25)
    expect(tier.coldStartCostPerInvocation).toBe(costPerInvocation(548.25, MB, 'arm64', REGION))
    expect(without.coldStartCostPerInvocation).toBe(costPerInvocation(497, MB, 'arm64', REGION))
  })

  it('counts the forced ones apart: fresh environments, errors, REPORTs found nowhere', () => {
    expect(tier.forcedColdStarts).toEqual({
      invocations: 5,
      coldStarts: 3,
      errors: 2,
      unmeasured: 1
    })
  })

  it('has no forcedColdStarts without forced invocations', () => {
    expect(without).not.toHaveProperty('forcedColdStarts')
    expect(summarizeTier(MB, measured, 'arm64', REGION, 3, PAYLOADS, [])).toEqual(without)
  })

  it("keeps each payload's figures over its measured invocations only", () => {
    expect(tier.byPayload).toEqual(without.byPayload)
    expect(tier.byPayload?.small).toMatchObject({ invocations: 4, coldStarts: 1, errors: 0 })
    expect(tier.byPayload?.big).toMatchObject({ invocations: 3, coldStarts: 0, errors: 1 })
    expect(tier.byPayload?.small.billedDuration?.mean).toBe(105.5)
  })

  it('gives cold figures from the forced ones alone when no measured invocation was cold', () => {
    const warmOnly = measured.filter((i) => i.report?.initDurationMs === undefined)
    const t = summarizeTier(MB, warmOnly, 'arm64', REGION, 0, undefined, forced)
    expect(t.coldStarts).toBe(0)
    expect(t.initDuration).toEqual(summarize([250.1, 223.6, 200.3]))
    expect(t.coldBilledDuration).toEqual(summarize([653, 612, 431]))
    expect(t.forcedColdStarts?.coldStarts).toBe(3)
  })

  it('has no cold figures from forced ones that all found a warm environment', () => {
    const warmOnly = measured.filter((i) => i.report?.initDurationMs === undefined)
    const t = summarizeTier(MB, warmOnly, 'arm64', REGION, 0, undefined, [forced[2]])
    expect(t.initDuration).toBeNull()
    expect(t.coldBilledDuration).toBeNull()
    expect(t.coldStartCostPerInvocation).toBeNull()
    expect(t.forcedColdStarts).toEqual({ invocations: 1, coldStarts: 0, errors: 0, unmeasured: 0 })
    expect(t.billedDuration).toEqual(summarizeTier(MB, warmOnly, 'arm64', REGION).billedDuration)
  })

  it('never lets a forced invocation into the measured figures, whatever they are', () => {
    const anInvocation = fc
      .record({
        duration: fc.double({ min: 1, max: 5_000, noNaN: true }),
        init: fc.option(fc.double({ min: 50, max: 3_000, noNaN: true }), { nil: undefined }),
        hasReport: fc.boolean(),
        error: fc.option(fc.constantFrom('Unhandled', 'Handled'), { nil: null }),
        payload: fc.constantFrom('small', 'big')
      })
      .map(({ duration, init, hasReport, error, payload }) => {
        const billed = Math.ceil(duration + (init ?? 0))
        const r = hasReport
          ? report(id(String(++n)), duration, billed, init !== undefined ? { initMs: init } : {})
          : null
        return invocation(r, { payload, ...(error ? { error } : {}) })
      })
    fc.assert(
      fc.property(
        fc.array(anInvocation, { maxLength: 30 }),
        fc.array(anInvocation, { minLength: 1, maxLength: 15 }),
        (m, f) => {
          const base = summarizeTier(MB, m, 'x86_64', REGION, 0, PAYLOADS)
          const t = summarizeTier(MB, m, 'x86_64', REGION, 0, PAYLOADS, f)
          expect(measuredFigures(t)).toEqual(measuredFigures(base))
          const cold = [...m, ...f].flatMap((i) =>
            i.report?.initDurationMs !== undefined ? [i.report] : []
          )
          expect(t.initDuration).toEqual(summarize(cold.map((r) => r.initDurationMs!)))
          expect(t.coldBilledDuration).toEqual(summarize(cold.map((r) => r.billedDurationMs)))
          expect(t.forcedColdStarts).toEqual({
            invocations: f.length,
            coldStarts: f.filter((i) => i.report?.initDurationMs !== undefined).length,
            errors: f.filter((i) => i.functionError !== null).length,
            unmeasured: f.filter((i) => i.report === null).length
          })
        }
      )
    )
  })
})

describe('summarizeSize: the measured run and the forced runs of one size', () => {
  const ctx: TierContext = {
    functionName: 'orders',
    architecture: 'x86_64',
    region: REGION,
    log: { info: () => undefined, warning: () => undefined },
    payloads: PAYLOADS,
    logs: {} as TierContext['logs']
  }
  const run = (invocations: Invocation[], fields: Partial<TierRun> = {}): TierRun => ({
    memorySize: MB,
    invocations,
    throttles: 0,
    staleRuns: 0,
    startedAt: 0,
    finishedAt: 1_000,
    complete: true,
    ...fields
  })

  it('is summarizeTier of the measured run, with the forced runs as the forced ones', () => {
    const rounds = [forced.slice(0, 2), forced.slice(2)]
    const summary = summarizeSize(
      MB,
      [
        { run: run(measured, { throttles: 3 }), invocations: measured },
        ...rounds.map((r) => ({ run: run(r, { forced: true }), invocations: r }))
      ],
      ctx
    )
    expect(summary).toEqual(summarizeTier(MB, measured, 'x86_64', REGION, 3, PAYLOADS, forced))
  })

  it("counts a forced SnapStart restore's Billed Restore Duration once in the cold figures", () => {
    // A restore on a published version whose Billed Duration is only its Duration rounded up.
    const restore: ReportRecord = {
      requestId: id('21'),
      durationMs: 20.37,
      billedDurationMs: 21,
      memorySizeMB: MB,
      maxMemoryUsedMB: 90,
      restoreDurationMs: 474.16,
      billedRestoreDurationMs: 75
    }
    const warm = [invocation(report(id('22'), 20.1, 21))]
    const restored = [invocation(restore)]
    const summary = summarizeSize(
      MB,
      [
        { run: run(warm), invocations: warm },
        { run: run(restored, { forced: true }), invocations: restored }
      ],
      ctx
    )
    expect(summary.coldStarts).toBe(0)
    expect(summary.initDuration).toEqual(summarize([474.16]))
    expect(summary.coldBilledDuration).toEqual(summarize([96]))
    expect(summary.coldStartCostPerInvocation).toBe(costPerInvocation(96, MB, 'x86_64', REGION))
    expect(summary.samples).toEqual([21])
    expect(summary.forcedColdStarts).toEqual({
      invocations: 1,
      coldStarts: 1,
      errors: 0,
      unmeasured: 0
    })
  })
})

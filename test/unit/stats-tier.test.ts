import type { Invocation, ReportRecord } from '../../src/model/measurement.js'
import { costPerInvocation } from '../../src/stats/cost.js'
import { summarizeTier } from '../../src/stats/tier.js'

let n = 0
function inv(
  billed: number | null,
  extra: Partial<ReportRecord> = {},
  functionError: string | null = null,
  fromLogs = false
): Invocation {
  const requestId = `req-${++n}`
  const report =
    billed === null
      ? null
      : {
          requestId,
          durationMs: billed - 0.5,
          billedDurationMs: billed,
          memorySizeMB: 512,
          maxMemoryUsedMB: 60,
          ...extra
        }
  return { requestId, memorySize: 512, functionError, report, fromLogs }
}

describe('summarizeTier', () => {
  const invocations: Invocation[] = [
    inv(300, { initDurationMs: 250.5 }), // cold
    inv(120, { restoreDurationMs: 400 }), // cold (SnapStart)
    inv(10),
    inv(20, {}, null, true), // from CloudWatch Logs
    inv(30),
    inv(3000, { status: 'timeout', maxMemoryUsedMB: 90 }, 'Sandbox.Timedout'),
    inv(null, {}, 'Unhandled'), // error without a REPORT
    inv(null) // unmeasured
  ]
  const tier = summarizeTier(512, invocations, 'x86_64', 'us-east-1')

  it('counts invocations, cold starts, errors and unmeasured ones', () => {
    expect(tier.memorySize).toBe(512)
    expect(tier.invocations).toBe(8)
    expect(tier.coldStarts).toBe(2)
    expect(tier.errors).toBe(2)
    expect(tier.errorTypes).toEqual({ 'Sandbox.Timedout': 1, Unhandled: 1 })
    expect(tier.unmeasured).toBe(2)
    expect(tier.reportsFromLogs).toBe(1)
    expect(tier.throttles).toBe(0)
  })

  it('summarises warm successful invocations only, in completion order', () => {
    expect(tier.samples).toEqual([10, 20, 30])
    expect(tier.billedDuration).toMatchObject({ mean: 20, min: 10, max: 30, p50: 20 })
    expect(tier.duration).toMatchObject({ mean: 19.5, min: 9.5, max: 29.5 })
  })

  it('summarises init or restore duration of cold starts', () => {
    expect(tier.initDuration).toMatchObject({ mean: 325.25, min: 250.5, max: 400 })
  })

  it('takes max memory over every REPORT, errors included', () => {
    expect(tier.maxMemoryUsed).toBe(90)
  })

  it('prices the warm mean and, apart, the cold mean', () => {
    expect(tier.costPerInvocation).toBe(costPerInvocation(20, 512, 'x86_64', 'us-east-1'))
    // 0.02 s × 0.5 GB × 0.0000166667 + 0.0000002
    expect(tier.costPerInvocation).toBeCloseTo(3.66667e-7, 15)
    expect(tier.coldStartCostPerInvocation).toBe(costPerInvocation(210, 512, 'x86_64', 'us-east-1'))
  })

  it('has null warm figures when every invocation was cold (invocations ≤ concurrency)', () => {
    const t = summarizeTier(
      128,
      [inv(5, { initDurationMs: 100 }), inv(6, { initDurationMs: 120 })],
      'arm64',
      'us-east-1'
    )
    expect(t.billedDuration).toBeNull()
    expect(t.duration).toBeNull()
    expect(t.costPerInvocation).toBeNull()
    expect(t.samples).toEqual([])
    expect(t.coldStarts).toBe(2)
    expect(t.initDuration?.mean).toBe(110)
  })

  it('has nulls everywhere for a tier with nothing measured', () => {
    const t = summarizeTier(128, [inv(null)], 'x86_64', 'us-east-1')
    expect(t).toMatchObject({
      invocations: 1,
      unmeasured: 1,
      billedDuration: null,
      initDuration: null,
      maxMemoryUsed: null,
      costPerInvocation: null,
      coldStartCostPerInvocation: null
    })
  })
})

describe('summarizeTier with a payload set', () => {
  const named = (payload: string, i: Invocation): Invocation => ({ ...i, payload })
  const invocations: Invocation[] = [
    named('small', inv(10)),
    named('big', inv(100)),
    named('small', inv(20)),
    named('big', inv(300, { initDurationMs: 200 })),
    named('small', inv(30, {}, 'Unhandled'))
  ]
  const tier = summarizeTier(512, invocations, 'x86_64', 'us-east-1', 0, ['small', 'big', 'none'])

  it("keeps the tier's own figures over all payloads", () => {
    expect(tier.invocations).toBe(5)
    expect(tier.billedDuration?.mean).toBeCloseTo((10 + 100 + 20) / 3)
  })

  it('gives each payload its own figures, by the same rules, a payload with none included', () => {
    expect(tier.byPayload).toEqual({
      small: {
        invocations: 3,
        errors: 1,
        coldStarts: 0,
        billedDuration: expect.objectContaining({ mean: 15 }),
        costPerInvocation: costPerInvocation(15, 512, 'x86_64', 'us-east-1')
      },
      big: {
        invocations: 2,
        errors: 0,
        coldStarts: 1,
        billedDuration: expect.objectContaining({ mean: 100 }),
        costPerInvocation: costPerInvocation(100, 512, 'x86_64', 'us-east-1')
      },
      none: {
        invocations: 0,
        errors: 0,
        coldStarts: 0,
        billedDuration: null,
        costPerInvocation: null
      }
    })
  })

  it('has no byPayload without a payload set', () => {
    expect(summarizeTier(512, invocations, 'x86_64', 'us-east-1')).not.toHaveProperty('byPayload')
  })
})

/**
 * SnapStart and Lambda Managed Instances, the pure parts: a restore's Billed Restore Duration
 * counted once in its cost (src/bench/measured-tier.ts), the refusal of a function on a capacity
 * provider (src/configure/snapshot.ts), and the warning of `isolation: latest` on a SnapStart
 * function (src/bench/strategies/latest.ts).
 */
import type { FunctionConfiguration } from '@aws-sdk/client-lambda'
import { parseReportLine } from '../../src/bench/report-record.js'
import { billedRestoreOnce, startTier, type TierContext } from '../../src/bench/measured-tier.js'
import { snapStartOnLatestWarning } from '../../src/configure/snapshot.js'
import type { TierRun } from '../../src/bench/tier.js'
import { managedInstancesRefusal } from '../../src/configure/snapshot.js'
import type { Invocation, ReportRecord } from '../../src/model/measurement.js'
import { costPerInvocation } from '../../src/stats/cost.js'

/** A real record's Duration, Billed Duration (610 ms = ceil(306.34) + 303) and Billed Restore Duration. */
const REAL =
  'REPORT RequestId: 3f1c0a2e-5b7d-4e8f-9a1b-2c3d4e5f6a7b\tDuration: 306.34 ms\tBilled Duration: 610 ms\tMemory Size: 1024 MB\tMax Memory Used: 143 MB\tRestore Duration: 488.24 ms\tBilled Restore Duration: 303 ms\t'

function record(fields: Partial<ReportRecord> = {}): ReportRecord {
  return {
    requestId: 'r',
    durationMs: 20.37,
    billedDurationMs: 21,
    memorySizeMB: 1024,
    maxMemoryUsedMB: 90,
    ...fields
  }
}

describe('billedRestoreOnce', () => {
  it('keeps a real record as it is: its Billed Duration already holds the billed restore', () => {
    const real = parseReportLine(REAL)!
    expect(real).toMatchObject({ billedDurationMs: 610, billedRestoreDurationMs: 303 })
    expect(billedRestoreOnce(real)).toBe(real)
  })

  it('adds the billed restore, once, to a Billed Duration that is only the duration rounded up', () => {
    const bare = record({ restoreDurationMs: 474.16, billedRestoreDurationMs: 75 })
    const once = billedRestoreOnce(bare)
    expect(once.billedDurationMs).toBe(96)
    expect(bare.billedDurationMs).toBe(21) // the record itself is left alone
    expect(billedRestoreOnce(once)).toBe(once) // never a second time
  })

  it('leaves warm invocations, ordinary INITs and timed-out restores alone', () => {
    const warm = record()
    const init = record({ initDurationMs: 300, billedDurationMs: 321 })
    const zero = record({ restoreDurationMs: 10, billedRestoreDurationMs: 0 })
    const timedOut = record({
      durationMs: 3000,
      billedDurationMs: 3000,
      restoreDurationMs: 400,
      billedRestoreDurationMs: 80,
      status: 'timeout'
    })
    for (const r of [warm, init, zero, timedOut]) expect(billedRestoreOnce(r)).toBe(r)
  })
})

describe('a tier with SnapStart restores', () => {
  const lines: string[] = []
  const ctx: TierContext = {
    functionName: 'fn',
    architecture: 'x86_64',
    region: 'us-east-1',
    log: { info: (m) => lines.push(m), warning: (m) => lines.push(m) },
    logs: {} as TierContext['logs']
  }
  const invocation = (report: ReportRecord): Invocation => ({
    requestId: report.requestId,
    memorySize: 1024,
    functionError: null,
    report,
    fromLogs: false
  })
  const run = (reports: ReportRecord[]): TierRun => ({
    memorySize: 1024,
    invocations: reports.map(invocation),
    throttles: 0,
    staleRuns: 0,
    startedAt: 0,
    finishedAt: 1000,
    complete: true
  })

  it('counts restores as cold starts, summarised by Restore Duration, priced once', () => {
    const real = parseReportLine(REAL)!
    const warm = [1, 2, 3].map((i) => record({ requestId: `w${i}`, billedDurationMs: 20 + i }))
    const { summary } = startTier(run([real, ...warm]), ctx)
    expect(summary.coldStarts).toBe(1)
    expect(summary.initDuration).toMatchObject({ mean: 488.24 })
    // 610 ms, not 610 + 303: the restore is in the Billed Duration once.
    expect(summary.coldStartCostPerInvocation).toBe(
      costPerInvocation(610, 1024, 'x86_64', 'us-east-1')
    )
    expect(summary.billedDuration?.mean).toBe(22)
    expect(summary.samples).toEqual([21, 22, 23])
  })

  it('prices a restore whose Billed Duration lacks it with it, once', () => {
    const bare = record({ restoreDurationMs: 474.16, billedRestoreDurationMs: 75 })
    const { summary } = startTier(run([bare]), ctx)
    expect(summary.coldStartCostPerInvocation).toBe(
      costPerInvocation(96, 1024, 'x86_64', 'us-east-1')
    )
  })
})

describe('Lambda Managed Instances', () => {
  const managed: FunctionConfiguration = {
    FunctionName: 'orders',
    MemorySize: 2048,
    CapacityProviderConfig: {
      LambdaManagedInstancesCapacityProviderConfig: {
        CapacityProviderArn: 'arn:aws:lambda:us-east-1:123456789012:capacity-provider:fleet'
      }
    }
  }

  it('is refused, saying why', () => {
    const why = managedInstancesRefusal(managed, 'orders')!
    expect(why).toMatch(/^orders runs on Lambda Managed Instances/)
    expect(why).toContain('$LATEST.PUBLISHED')
    expect(why).toContain('paid for by its instances, not by billed duration')
    expect(why).toContain('left untouched')
    // The account's capacity provider ARN is not repeated into the report.
    expect(why).not.toContain('arn:')
  })

  it('leaves every other function alone, SnapStart included', () => {
    expect(managedInstancesRefusal({ FunctionName: 'f', MemorySize: 128 }, 'f')).toBeUndefined()
    const snap: FunctionConfiguration = {
      SnapStart: { ApplyOn: 'PublishedVersions', OptimizationStatus: 'Off' }
    }
    expect(managedInstancesRefusal(snap, 'f')).toBeUndefined()
  })
})

test('isolation: latest on a SnapStart function warns that restores are not measured, and how to', () => {
  const warning = snapStartOnLatestWarning('orders')
  expect(warning).toMatch(/^orders: SnapStart/)
  expect(warning).toContain('$LATEST')
  expect(warning).toContain('not SnapStart restores')
  expect(warning).toContain('isolation: versions measures the restores')
})

/**
 * The dry run's plan from configurations and a baseline (src/dry-run/): what the benchmark would
 * refuse, the cost and wall estimates, the live pairs, the markdown and the step's failure.
 */
import type { FunctionConfiguration } from '@aws-sdk/client-lambda'
import { estimate, UPDATE_WAIT_MS } from '../../src/dry-run/estimate.js'
import { forecastFailure, forecastRun, type ReadOutcome } from '../../src/dry-run/forecast.js'
import { judgeConfiguration } from '../../src/dry-run/refusal.js'
import { snapStartOnLatestWarning } from '../../src/configure/snapshot.js'
import {
  costText,
  DRY_RUN_TITLE,
  forecastLines,
  renderForecast,
  wallText
} from '../../src/dry-run/render.js'
import type { FunctionTarget, Plan } from '../../src/model/plan.js'
import type { TierResult } from '../../src/model/results.js'
import { costPerInvocation } from '../../src/stats/cost.js'
import { fn, results, tier } from '../fixtures/results/builder.js'

const REGION = 'us-east-1'
const target = (name: string, region = REGION): FunctionTarget => ({
  input: name,
  identifier: name,
  functionName: name,
  region
})
const configuration = (
  name: string,
  memory: number,
  extra: Partial<FunctionConfiguration> = {}
): FunctionConfiguration => ({
  FunctionName: name,
  FunctionArn: `arn:aws:lambda:${REGION}:123456789012:function:${name}`,
  MemorySize: memory,
  State: 'Active',
  LastUpdateStatus: 'Successful',
  Architectures: ['x86_64'],
  ...extra
})
const read = (
  name: string,
  memory: number,
  extra?: Partial<FunctionConfiguration>
): ReadOutcome => ({
  target: target(name),
  configuration: configuration(name, memory, extra)
})

function plan(overrides: Partial<Plan> = {}): Plan {
  return {
    functions: [],
    memorySizes: [128, 512, 1024],
    invocations: 20,
    concurrency: 5,
    payload: '{}',
    comment: { mode: 'off', tag: 'lambda-memory-benchmark', token: '' },
    regressionThreshold: 10,
    failOnRegression: false,
    resultsFile: 'lambda-benchmark-results.json',
    isolation: 'latest',
    coldStarts: 0,
    artifact: { name: 'lambda-benchmark-results', upload: true, history: 0 },
    dryRun: true,
    ...overrides
  }
}

describe('judgeConfiguration: what the benchmark would refuse, in its words', () => {
  it('refuses a function on Lambda Managed Instances', () => {
    const c = configuration('mi', 2048, {
      CapacityProviderConfig: {
        LambdaManagedInstancesCapacityProviderConfig: {
          CapacityProviderArn: 'arn:aws:lambda:us-east-1:123456789012:capacity-provider:cp'
        }
      }
    })
    expect(judgeConfiguration(c, 'mi').refusal).toMatch(
      /^mi runs on Lambda Managed Instances \(its configuration has a capacity provider\), which this benchmark cannot measure: an unqualified invoke runs \$LATEST.PUBLISHED/
    )
  })

  it('refuses a function that is not Active, and one whose last update Failed, with the reason', () => {
    expect(
      judgeConfiguration(
        configuration('f', 128, {
          State: 'Failed',
          StateReason: 'The role is invalid',
          StateReasonCode: 'InsufficientRolePermissions'
        }),
        'f'
      ).refusal
    ).toBe(
      'f is Failed: The role is invalid (InsufficientRolePermissions); it must be Active to be benchmarked'
    )
    expect(judgeConfiguration(configuration('f', 128, { State: 'Inactive' }), 'f').refusal).toBe(
      'f is Inactive: no reason given; it must be Active to be benchmarked'
    )
    expect(
      judgeConfiguration(
        configuration('f', 128, {
          LastUpdateStatus: 'Failed',
          LastUpdateStatusReason: 'Subnet gone',
          LastUpdateStatusReasonCode: 'SubnetOutOfIPAddresses'
        }),
        'f'
      ).refusal
    ).toBe(
      "f's last update Failed: Subnet gone (SubnetOutOfIPAddresses); fix the function before benchmarking it"
    )
  })

  it('notes what the run would wait for, and refuses nothing for it', () => {
    const pending = judgeConfiguration(configuration('p', 128, { State: 'Pending' }), 'p')
    expect(pending.refusal).toBeUndefined()
    expect(pending.notes[0]).toMatch(/^p is Pending: the run waits for it to become Active/)
    const updating = judgeConfiguration(
      configuration('u', 128, { LastUpdateStatus: 'InProgress' }),
      'u'
    )
    expect(updating.refusal).toBeUndefined()
    expect(updating.notes[0]).toMatch(/^u has an update in progress/)
    expect(judgeConfiguration(configuration('ok', 128), 'ok')).toEqual({ notes: [] })
  })
})

describe('estimate', () => {
  const none = new Map<number, TierResult>()
  const base = {
    isolation: 'latest' as const,
    memorySizes: [128, 1024],
    invocations: 20,
    concurrency: 5,
    coldStarts: 0
  }

  it('without a baseline: the requests, plus what each second of mean duration adds', () => {
    const e = estimate(base, { region: REGION, architecture: 'arm64', baseline: none, updates: 3 })
    const request = costPerInvocation(0, 128, 'arm64', REGION)!
    const perSecond = (mb: number) =>
      costPerInvocation(1000, mb, 'arm64', REGION)! - costPerInvocation(0, mb, 'arm64', REGION)!
    expect(e.cost.usd).toBeCloseTo(40 * request, 15)
    expect(e.cost.perSecondUsd).toBeCloseTo(20 * perSecond(128) + 20 * perSecond(1024), 15)
    // 20 × 1 s at 1024 MB on arm64: 20 GB-s.
    expect(20 * perSecond(1024)).toBeCloseTo(20 * 0.0000133334, 12)
    // ⌈20 / 5⌉ = 4 rounds a size, in turn; three update waits.
    expect(e.wall).toEqual({ seconds: (3 * UPDATE_WAIT_MS) / 1000, rounds: 8 })
  })

  it('versions: the sizes share one pool, so the rounds are of all their invocations', () => {
    const e = estimate(
      { ...base, isolation: 'versions', invocations: 7 },
      { region: REGION, architecture: 'x86_64', baseline: none, updates: 0 }
    )
    expect(e.wall).toEqual({ seconds: 0, rounds: Math.ceil(14 / 5) })
  })

  it('versions, pipelined: the updates overlap the measurement where the durations are known', () => {
    const tiers = [tier({ memorySize: 128, mean: 800 }), tier({ memorySize: 1024, mean: 110 })]
    const baseline = new Map(tiers.map((t) => [t.memorySize, t]))
    const fn = { region: REGION, architecture: 'x86_64' as const, baseline, updates: 3 }
    const versions = { ...base, isolation: 'versions' as const }
    // 20 invocations a size (5 of them cold) through 5 at once, after the first update.
    const work = tiers.reduce(
      (sum, t) => sum + (20 * t.duration!.mean + 5 * (t.initDuration?.mean ?? 0)) / 5 / 1000,
      0
    )
    expect(estimate(versions, fn).wall.seconds).toBeCloseTo(1 + work, 9)
    // Updates that outlast the work set the wall time.
    expect(estimate(versions, { ...fn, updates: 9 }).wall.seconds).toBeCloseTo(9, 9)
    // The same with cold starts, which come first: the sum.
    const cold = estimate({ ...versions, coldStarts: 5 }, fn).wall.seconds
    expect(cold).toBeGreaterThan(3 + work)
  })

  it('with a baseline: the invocations at its cost per invocation, and its durations', () => {
    const t128 = tier({ memorySize: 128, mean: 800, coldStarts: 5, initMs: 300 })
    const t1024 = tier({ memorySize: 1024, mean: 110 })
    const baseline = new Map([
      [128, t128],
      [1024, t1024]
    ])
    const e = estimate(base, { region: REGION, architecture: 'x86_64', baseline, updates: 2 })
    expect(e.cost.usd).toBeCloseTo(20 * t128.costPerInvocation! + 20 * t1024.costPerInvocation!, 15)
    expect(e.cost.perSecondUsd).toBe(0)
    const expected =
      2 + (4 * t128.duration!.mean + t128.initDuration!.mean + 4 * t1024.duration!.mean) / 1000
    expect(e.wall.seconds).toBeCloseTo(expected, 9)
    expect(e.wall.rounds).toBe(0)
    expect(e.sizes).toEqual([
      {
        memorySize: 128,
        meanDurationMs: t128.duration!.mean,
        costPerInvocationUsd: t128.costPerInvocation
      },
      {
        memorySize: 1024,
        meanDurationMs: t1024.duration!.mean,
        costPerInvocationUsd: t1024.costPerInvocation
      }
    ])
  })

  it('a baseline tier without a cost is priced from its mean billed duration', () => {
    const t = { ...tier({ memorySize: 128, mean: 800 }), costPerInvocation: null }
    const e = estimate(
      { ...base, memorySizes: [128] },
      { region: REGION, architecture: 'x86_64', baseline: new Map([[128, t]]), updates: 0 }
    )
    expect(e.cost.usd).toBeCloseTo(
      20 * costPerInvocation(t.billedDuration!.mean, 128, 'x86_64', REGION)!,
      15
    )
  })

  it('a region without a USD price: the cost is unknown, and says so', () => {
    const e = estimate(base, {
      region: 'cn-north-1',
      architecture: 'x86_64',
      baseline: none,
      updates: 0
    })
    expect(e.cost).toEqual({ usd: null, perSecondUsd: null })
    expect(costText(e.cost, 'cn-north-1')).toBe(
      'unknown: Lambda in cn-north-1 bills in CNY, not USD: costs left out'
    )
  })
  it('an unpriced region with a baseline: the cost unknown, the wall time still from its durations', () => {
    const t = { ...tier({ memorySize: 128, mean: 800 }), costPerInvocation: null }
    const e = estimate(
      { ...base, memorySizes: [128] },
      { region: 'cn-north-1', architecture: 'x86_64', baseline: new Map([[128, t]]), updates: 0 }
    )
    expect(e.cost).toEqual({ usd: null, perSecondUsd: null })
    expect(e.wall).toEqual({ seconds: (4 * t.duration!.mean) / 1000, rounds: 0 })
  })
})

describe('forecastRun', () => {
  it('counts, estimates and refuses per function; a live baseline stops with its current', () => {
    const p = plan({
      functions: [target('orders'), target('broken')],
      liveBaselines: [{ current: target('broken'), baseline: target('broken-main') }]
    })
    // The pair must be the same object as in functions.
    p.liveBaselines![0].current = p.functions[1]
    const forecast = forecastRun(p, [
      read('orders', 512),
      read('broken', 128, { State: 'Failed', StateReason: 'bad role' }),
      read('broken-main', 256)
    ])
    expect(forecast.functions.map((f) => f.functionName)).toEqual([
      'orders',
      'broken',
      'broken-main'
    ])
    const [orders, broken, main] = forecast.functions
    expect(orders.calls).toEqual({ updates: 3, publishes: 0, deletes: 0, invocations: 60 })
    expect(orders.problems).toEqual([])
    expect(orders.baseline).toBeNull()
    expect(broken.problems).toEqual([
      'broken is Failed: bad role; it must be Active to be benchmarked'
    ])
    expect(broken.calls.invocations).toBe(0)
    expect(main.liveBaselineOf).toBe('broken')
    expect(main.problems).toEqual(['not benchmarked: broken, measured beside it, cannot be'])
    expect(forecast.refused).toBe(2)
    expect(forecast.total.calls).toEqual(orders.calls)
    expect(forecastFailure(forecast)).toBe(
      'Dry run: 2 of 3 function(s) would not be benchmarked:\n' +
        'broken: broken is Failed: bad role; it must be Active to be benchmarked\n' +
        'broken-main: not benchmarked: broken, measured beside it, cannot be'
    )
  })

  it('a function that cannot be read is refused with why', () => {
    const forecast = forecastRun(plan({ functions: [target('gone')] }), [
      {
        target: target('gone'),
        error: 'lambda:GetFunction failed for gone: ResourceNotFoundException: nope'
      }
    ])
    expect(forecast.functions[0]).toMatchObject({
      functionArn: 'gone',
      memorySize: null,
      architecture: null,
      problems: ['lambda:GetFunction failed for gone: ResourceNotFoundException: nope']
    })
    expect(forecastFailure(forecast)).toMatch(
      /^Dry run: 1 of 1 function\(s\) would not be benchmarked/
    )
  })

  it('takes the baseline’s figures for the function, matched by name or by baseline-map', () => {
    const baseline = results([
      fn({
        name: 'orders-main',
        tiers: [
          { memorySize: 128, mean: 900 },
          { memorySize: 512, mean: 250 }
        ]
      }),
      fn({ name: 'thumbs', tiers: [{ memorySize: 1024, mean: 40 }] })
    ])
    const p = plan({
      functions: [target('orders-pr'), target('thumbs'), target('new')],
      baseline: {
        source: { kind: 'file', path: 'b.json' },
        map: { 'orders-pr': 'orders-main' },
        required: false
      }
    })
    const forecast = forecastRun(
      p,
      [
        read('orders-pr', 512),
        read('thumbs', 1024, { Architectures: ['arm64'] }),
        read('new', 128)
      ],
      baseline
    )
    const [orders, thumbs, fresh] = forecast.functions
    expect(orders.baseline).toEqual({ functionName: 'orders-main', memorySizes: [128, 512] })
    const tiers = baseline.functions[0].tiers
    const cpi1024 = costPerInvocation(0, 1024, 'x86_64', REGION)!
    const perSecond1024 = costPerInvocation(1000, 1024, 'x86_64', REGION)! - cpi1024
    // 128 and 512 from the baseline; 1024 is unknown.
    expect(orders.cost.usd).toBeCloseTo(
      20 * tiers[0].costPerInvocation! + 20 * tiers[1].costPerInvocation! + 20 * cpi1024,
      15
    )
    expect(orders.cost.perSecondUsd).toBeCloseTo(20 * perSecond1024, 15)
    expect(orders.wall.rounds).toBe(4)
    expect(thumbs.architecture).toBe('arm64')
    expect(thumbs.baseline).toEqual({ functionName: 'thumbs', memorySizes: [1024] })
    expect(fresh.baseline).toBeNull()
    expect(fresh.cost.perSecondUsd).toBeGreaterThan(0)
  })
})

describe('the markdown and the log', () => {
  const p = plan({ functions: [target('orders'), target('<b>')], isolation: 'versions' })
  const forecast = forecastRun(p, [
    read('orders', 512, { State: 'Pending' }),
    read('<b>', 128, { LastUpdateStatus: 'Failed', LastUpdateStatusReason: 'a | b' })
  ])
  const markdown = renderForecast(forecast)

  it('holds the plan: a row a function, the totals, what would stop, how it is estimated', () => {
    expect(markdown.startsWith(`${DRY_RUN_TITLE}\n\n**Nothing was changed or invoked.**`)).toBe(
      true
    )
    expect(markdown).toContain(
      '| function | now | updates | versions published / deleted | invocations | AWS cost | wall time |  |'
    )
    expect(markdown).toMatch(
      /\| orders \| 512\u00a0MB, x86_64 \| 3 \| 3 \/ 3 \| 60 \| \$[\d.]+ \+ \$[\d.]+ per second of mean duration \| 3\u00a0s \+ 12 rounds × one invocation's duration \| duration unknown \|/
    )
    expect(markdown).toContain('| **all** |')
    expect(markdown).toContain('### Would not be benchmarked')
    expect(markdown).toContain('### Before the first change')
    expect(markdown).toContain('### How this is estimated')
    expect(markdown).toContain('No results file, artifact or comment')
  })

  it('escapes what comes from AWS', () => {
    expect(markdown).not.toContain('<b>')
    expect(markdown).toContain('&#60;b&#62;')
    expect(markdown).not.toContain('a | b')
  })

  it('says in the log what each function would cost and take', () => {
    const lines = forecastLines(forecast)
    expect(lines[0]).toMatch(
      /^orders: 3 update\(s\), 3 version\(s\) published and deleted, 60 invocation\(s\); about \$/
    )
    expect(lines[1]).toMatch(/^<b>: would not be benchmarked: <b>'s last update Failed: a \| b/)
    expect(lines[2]).toMatch(/^all: 3 update\(s\), 60 invocation\(s\)/)
  })

  it('wall and cost texts', () => {
    expect(wallText({ seconds: 0, rounds: 1 })).toBe("1 round × one invocation's duration")
    expect(wallText({ seconds: 75, rounds: 0 })).toBe('1\u00a0min 15\u00a0s')
    expect(costText({ usd: 0.0021, perSecondUsd: 0 })).toBe('$0.0021')
    expect(costText({ usd: null, perSecondUsd: 0 })).toBe(
      'unknown: a region has no published Lambda price'
    )
  })
})

describe('SnapStart in the plan', () => {
  const snap = {
    State: 'Active',
    LastUpdateStatus: 'Successful',
    SnapStart: { ApplyOn: 'PublishedVersions', OptimizationStatus: 'Off' }
  } as const

  it('says on latest what the run warns: restores are not measured on $LATEST', () => {
    expect(judgeConfiguration(snap, 'orders', 'latest').notes).toEqual([
      snapStartOnLatestWarning('orders')
    ])
  })

  it('says on versions that the snapshot waits are left out of the estimate', () => {
    const [note] = judgeConfiguration(snap, 'orders', 'versions').notes
    expect(note).toMatch(/^orders: SnapStart makes a snapshot of every version published/)
    expect(note).toContain('the wall estimate leaves those waits out')
  })
})

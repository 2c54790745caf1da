/**
 * The dry run's plan as markdown (the job summary and the `report` output) and as log lines.
 * Pure. Names and messages from AWS are escaped as in the report.
 */
import type { Results } from '../model/results.js'
import { escapeText, truncate } from '../report/escape.js'
import { formatCount, formatMb, formatUsd, formatWallTime, plural } from '../report/format.js'
import { unpricedReason } from '../stats/prices.js'
import type { CostEstimate, WallEstimate } from './estimate.js'
import type { Forecast, FunctionForecast } from './forecast.js'

/** The summary's heading: a plan, not a report of measurements. */
export const DRY_RUN_TITLE = '## Lambda memory benchmark: dry run'

/** Messages from AWS can be long; a table cell or a list item keeps this much. */
const MESSAGE_MAX = 600

/** "$0.0021", "$0.00012 + $0.0019 per second of mean duration", or why it is unknown. */
export function costText(cost: CostEstimate, region?: string): string {
  if (cost.usd === null || cost.perSecondUsd === null) {
    const why = region ? unpricedReason(region) : null
    return why ? `unknown: ${why}` : 'unknown: a region has no published Lambda price'
  }
  if (cost.perSecondUsd === 0) return formatUsd(cost.usd)
  return `${formatUsd(cost.usd)} + ${formatUsd(cost.perSecondUsd)} per second of mean duration`
}

/** "35 s", "3 s + 30 rounds × one invocation's duration". */
export function wallText(wall: WallEstimate): string {
  const known = formatWallTime(wall.seconds * 1000)
  if (wall.rounds === 0) return known
  const rounds = `${plural(wall.rounds, 'round')} × one invocation's duration`
  return wall.seconds > 0 ? `${known} + ${rounds}` : rounds
}

function nameCell(f: FunctionForecast): string {
  const name = escapeText(f.functionName)
  return f.liveBaselineOf === undefined
    ? name
    : `${name} (live baseline of ${escapeText(f.liveBaselineOf)})`
}

/** Where the function's estimate comes from. */
function source(f: FunctionForecast): string {
  const known = f.sizes.filter((s) => s.meanDurationMs !== null).length
  if (known === 0) return 'duration unknown'
  if (known === f.sizes.length) return 'from the baseline'
  return `from the baseline at ${known} of ${f.sizes.length} sizes`
}

function row(f: FunctionForecast, versions: boolean): string {
  const now =
    f.memorySize === null ? '—' : `${formatMb(f.memorySize)}, ${f.architecture ?? 'x86_64'}`
  if (f.problems.length > 0) {
    const cells = [nameCell(f), now, '—', ...(versions ? ['—'] : []), '—', '—', '—']
    return `| ${cells.join(' | ')} | ⛔ would not be benchmarked |`
  }
  const cells = [
    nameCell(f),
    now,
    formatCount(f.calls.updates),
    ...(versions ? [`${formatCount(f.calls.publishes)} / ${formatCount(f.calls.deletes)}`] : []),
    formatCount(f.calls.invocations),
    costText(f.cost, f.region),
    wallText(f.wall)
  ]
  return `| ${cells.join(' | ')} | ${source(f)} |`
}

function table(forecast: Forecast): string {
  const versions = forecast.isolation === 'versions'
  const head = [
    'function',
    'now',
    'updates',
    ...(versions ? ['versions published / deleted'] : []),
    'invocations',
    'AWS cost',
    'wall time',
    ''
  ]
  const align = head.map((h) =>
    ['updates', 'invocations', 'versions published / deleted'].includes(h) ? '---:' : '---'
  )
  const { calls, cost, wall } = forecast.total
  const total = [
    '**all**',
    '',
    formatCount(calls.updates),
    ...(versions ? [`${formatCount(calls.publishes)} / ${formatCount(calls.deletes)}`] : []),
    formatCount(calls.invocations),
    costText(cost),
    wallText(wall),
    'in parallel: the slowest function sets the time'
  ]
  return [
    `| ${head.join(' | ')} |`,
    `| ${align.join(' | ')} |`,
    ...forecast.functions.map((f) => row(f, versions)),
    `| ${total.join(' | ')} |`
  ].join('\n')
}

function bullets(items: string[]): string {
  return items.map((i) => `- ${i}`).join('\n')
}

function method(forecast: Forecast, baseline?: Results): string {
  const n = formatCount(forecast.invocations)
  const from = baseline
    ? `the baseline measured at ${escapeText(baseline.startedAt)}`
    : 'a baseline (`baseline`, or `baseline: auto`)'
  const c = formatCount(forecast.concurrency)
  const rounds =
    forecast.isolation === 'latest'
      ? `the sizes one after another, ⌈${n} / ${c}⌉ rounds of invocations each`
      : `every size at once through one pool of ${c}: ⌈sizes × ${n} / ${c}⌉ rounds of invocations`
  return [
    '### How this is estimated',
    bullets([
      `**AWS cost**: where ${from} has the function at a size, ${n} invocations × its cost per invocation (warm, requests included); elsewhere the duration is not known yet, so the cost is the requests plus what each second of mean duration adds: ${n} invocations lasting 1 s at that size, at the region's price for the function's architecture. Cold starts cost more (their Billed Duration includes INIT).`,
      `**Wall time**: ${rounds}, each round as long as the mean duration where the baseline has the size (and one Init Duration for its cold starts), else "one invocation's duration"; and ${forecast.updateWaitSeconds} s per update, waited for in turn (Lambda usually applies a memory change in about a second; a slow one takes longer)${forecast.isolation === 'versions' && forecast.coldStarts === 0 ? '. Each version is measured as soon as it is published, so the updates overlap the measurement: where every duration is known, the wall time is the larger of the two (the first update before it); where one is not, their sum, the most it can take' : ''}. The functions run in parallel.`,
      ...(forecast.targetPrecision !== null
        ? [
            `**Adaptive sampling** (\`target-precision: ${forecast.targetPrecision}\`): the invocations, and so the cost and the wall time, are the most the run takes; a size stops as soon as its mean is known within ±${forecast.targetPrecision} %, which cannot be known before it runs.`
          ]
        : []),
      ...(forecast.coldStarts > 0
        ? [
            `**Cold starts**: ${formatCount(forecast.coldStarts)} per size besides the invocations, in rounds of up to ${c} sent at once, each round on a configuration no invocation has run on: the size's first round on the one its update (or its new version) leaves, every further round after a new value of the variable LAMBDA_MEMORY_BENCHMARK_COLD_START${forecast.isolation === 'versions' ? ' and a version published for it' : ''}. A cold start is priced at the baseline's cost of one where it has it, and lasts its mean duration plus its Init Duration.`
          ]
        : []),
      '**Calls**: besides reads (GetFunction), the updates (UpdateFunctionConfiguration: each size set, and the memory put back), ' +
        (forecast.isolation === 'versions'
          ? 'the versions (PublishVersion, then DeleteFunction of each; a version Lambda answers with because it already existed is kept, not deleted) '
          : '') +
        'and the invocations the benchmark would make. Each function is left with the memory it has now.'
    ])
  ].join('\n')
}

/** The dry run's markdown. */
export function renderForecast(forecast: Forecast, baseline?: Results): string {
  const sizes = forecast.memorySizes.join(', ')
  const intro =
    `**Nothing was changed or invoked.** Each function's configuration was read (GetFunction); ` +
    `this is what the benchmark would do with these inputs: ${plural(forecast.functions.length, 'function')} × ` +
    `${plural(forecast.memorySizes.length, 'memory size')} (${sizes} MB) × ${formatCount(forecast.invocations)} invocations${forecast.coldStarts > 0 ? ` + ${plural(forecast.coldStarts, 'forced cold start')}` : ''}, ` +
    `up to ${formatCount(forecast.concurrency)} in flight, \`isolation: ${forecast.isolation}\`.`
  const sections = [DRY_RUN_TITLE, intro, table(forecast)]
  const refused = forecast.functions.filter((f) => f.problems.length > 0)
  if (refused.length > 0) {
    sections.push(
      '### Would not be benchmarked',
      bullets(
        refused.map(
          (f) =>
            `**${escapeText(f.functionName)}**: ${escapeText(truncate(f.problems.join('; '), MESSAGE_MAX))}`
        )
      )
    )
  }
  const notes = forecast.functions.flatMap((f) => f.notes)
  if (notes.length > 0) {
    sections.push('### Before the first change', bullets(notes.map((n) => escapeText(n))))
  }
  sections.push(
    method(forecast, baseline),
    'No results file, artifact or comment: a dry run writes only this summary and the `report` and `plan` outputs. Without `dry-run: true` the step runs the benchmark above.'
  )
  return sections.join('\n\n') + '\n'
}

/** One log line per function, then the run's. */
export function forecastLines(forecast: Forecast): string[] {
  const lines = forecast.functions.map((f) => {
    if (f.problems.length > 0)
      return `${f.functionName}: would not be benchmarked: ${f.problems.join('; ')}`
    const versions =
      forecast.isolation === 'versions'
        ? `, ${f.calls.publishes} version(s) published and deleted`
        : ''
    return `${f.functionName}: ${f.calls.updates} update(s)${versions}, ${f.calls.invocations} invocation(s); about ${costText(f.cost, f.region)}, ${wallText(f.wall)}`
  })
  const { calls, cost, wall } = forecast.total
  lines.push(
    `all: ${calls.updates} update(s), ${calls.invocations} invocation(s); about ${costText(cost)}, ${wallText(wall)}`
  )
  return lines
}

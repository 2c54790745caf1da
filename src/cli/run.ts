/**
 * The benchmark command: the action's main step without GitHub — the same validation (flags
 * mapped onto the inputs), the same benchmark, Results, results file and report — printed to
 * stdout as text, markdown or json, with progress on stderr and the exit code of a CLI.
 */
import { setMaxListeners } from 'node:events'
import { createClients, socketsFor } from '../aws/clients.js'
import { runBenchmark } from '../bench/benchmark.js'
import { RestoreLedger } from '../configure/ledger.js'
import { systemClock } from '../core/clock.js'
import type { Logger } from '../core/logger.js'
import type { Settings } from '../core/settings.js'
import { forecastOf } from '../dry-run/read.js'
import { forecastLines, renderForecast } from '../dry-run/render.js'
import { forecastFailure } from '../dry-run/forecast.js'
import { stepFailure } from '../report/step-failure.js'
import { InputError } from '../inputs/parse.js'
import { validated } from '../inputs/validated.js'
import type { Plan } from '../model/plan.js'
import type { Results } from '../model/results.js'
import { renderReport } from '../report/index.js'
import { assembleResults, compareWith } from '../results/assemble.js'
import { loadBaseline } from '../results/baseline.js'
import { writeResults } from '../results/file.js'
import { readShards } from '../results/merge-files.js'
import { mergeResults } from '../results/merge.js'
import { onInterrupt, signalExitCode } from './interrupt.js'
import { observedClients } from './observe.js'
import { createDisplay } from './progress.js'
import { profileRegion } from './region.js'
import { StateFile, stateDirectory } from './state-file.js'
import { paintFor, UsageError, type Io } from './terminal.js'
import { renderText } from './text-report.js'

/** What is printed to stdout. */
export type Format = 'text' | 'markdown' | 'json'

/** The benchmark command's flags, read. */
export interface BenchmarkOptions {
  /** The raw value of the flag of an action input ('' when not given), as core.getInput. */
  input(name: string): string
  format: Format
  profile?: string
  region?: string
  /** The action's messages, with each input named as its flag. */
  rename(message: string): string
}

/** Exit codes: done; a function failed or a regression with --fail-on-regression. */
const EXIT_OK = 0
const EXIT_FAILED = 1

/** Without a terminal to measure, the text report keeps to this width. */
const DEFAULT_WIDTH = 100

/** The plan and the settings, or a UsageError naming each flag and value that is wrong. */
async function planOf(
  options: BenchmarkOptions,
  io: Io
): Promise<{ plan: Plan; settings: Settings }> {
  const { env } = io
  // The SDK reads them from the environment, as it would have them set by the user.
  if (options.profile) env.AWS_PROFILE = options.profile
  if (options.region) env.AWS_REGION = options.region
  else if (!env.AWS_REGION && !env.AWS_DEFAULT_REGION) {
    const region = await profileRegion()
    if (region) env.AWS_REGION = region
  }
  const problems: string[] = []
  // `auto` is the base branch's results artifact: GitHub Actions' own, out of a CLI's reach.
  const auto = options.input('baseline').trim() === 'auto'
  if (auto) {
    problems.push(
      'baseline: "auto" (the base branch\'s results artifact) needs GitHub Actions; give the path of a results file (./auto for a file of that name)'
    )
  }
  const input = (name: string): string => (auto && name === 'baseline' ? '' : options.input(name))
  let parsed: { plan: Plan; settings: Settings } | undefined
  try {
    parsed = validated(input, env)
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    problems.push(...error.problems)
  }
  if (parsed === undefined || problems.length > 0) {
    throw new UsageError(problems.map(options.rename))
  }
  return parsed
}

/** The baseline file, read before any AWS call (a missing one warns, as in the action). */
async function baselineOf(
  plan: Plan,
  options: BenchmarkOptions,
  log: Logger
): Promise<Results | undefined> {
  const source = plan.baseline?.source
  if (source?.kind !== 'file') return undefined
  try {
    return await loadBaseline(source.path, plan.baseline?.required ?? false, (m) =>
      log.warning(options.rename(m))
    )
  } catch (error) {
    // With --baseline-required: the flag and the file are at fault, as with any bad value.
    throw new UsageError([options.rename(error instanceof Error ? error.message : String(error))])
  }
}

/** Runs the benchmark command; resolves to the exit code. */
export async function benchmarkCommand(options: BenchmarkOptions, io: Io): Promise<number> {
  const { plan, settings } = await planOf(options, io)
  const paintErr = paintFor(io.stderr, io.env)
  const plainLog: Logger = {
    info: (m) => void io.stderr.write(`${m}\n`),
    warning: (m) => void io.stderr.write(`${paintErr('yellow', `warning: ${m}`)}\n`)
  }
  let shards
  try {
    // The files to merge are input too: a bad one is a usage error, as in the action.
    shards = plan.mergeResults ? await readShards(plan.mergeResults) : undefined
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    throw new UsageError(error.problems.map(options.rename))
  }
  const baseline = await baselineOf(plan, options, plainLog)
  if (plan.dryRun) return dryRun(plan, baseline, settings, options, io, plainLog)
  if (shards !== undefined) {
    plainLog.info(
      `Merging ${shards.length} results file(s): ${shards.map((s) => s.path).join(', ')}`
    )
    const merged = mergeResults(shards, { combineComparisons: baseline === undefined })
    return finish(
      plan,
      baseline ? compareWith(merged, baseline, plan) : merged,
      options,
      io,
      plainLog
    )
  }
  return benchmark(plan, settings, baseline, options, io)
}

/** `--dry-run`: the forecast, printed in the format asked for. */
async function dryRun(
  plan: Plan,
  baseline: Results | undefined,
  settings: Settings,
  options: BenchmarkOptions,
  io: Io,
  log: Logger
): Promise<number> {
  const forecast = await forecastOf(plan, baseline, settings, (m) => log.info(m))
  const text =
    options.format === 'json'
      ? JSON.stringify(forecast, null, 2)
      : options.format === 'markdown'
        ? renderForecast(forecast, baseline)
        : forecastLines(forecast).join('\n')
  io.stdout.write(`${text}\n`)
  log.info('dry run: nothing was changed or invoked; no results file was written')
  const failure = forecastFailure(forecast)
  if (failure === null) return EXIT_OK
  log.warning(options.rename(failure))
  return EXIT_FAILED
}

/** The benchmark itself, with progress, Ctrl-C and the state file for `restore`. */
async function benchmark(
  plan: Plan,
  settings: Settings,
  baseline: Results | undefined,
  options: BenchmarkOptions,
  io: Io
): Promise<number> {
  const paintErr = paintFor(io.stderr, io.env)
  const display = createDisplay(plan, io.stderr, paintErr)
  const controller = new AbortController()
  // Each function's waiters, tiers and log lookups listen to it.
  setMaxListeners(0, controller.signal)
  const interrupts = onInterrupt(
    controller,
    (line) => display.log.warning(line),
    () => display.stop()
  )
  const state = new StateFile(stateDirectory(io.env))
  const ledger = new RestoreLedger((json) => state.save(json))
  const clients = observedClients(
    createClients({
      maxSockets: socketsFor(plan.concurrency, plan.functions.length),
      requestTimeoutMs: settings.requestTimeoutMs
    }),
    display.observer
  )
  let results: Results
  try {
    const measured = await runBenchmark(plan, {
      clients,
      ledger,
      signal: controller.signal,
      log: display.log,
      settings,
      clock: systemClock
    })
    results = assembleResults(plan, measured, { baseline })
  } finally {
    clients.destroy()
    display.stop()
    const left = ledger.pending()
    if (left.length === 0) state.remove()
    else {
      display.log.warning(
        `${left.map((f) => f.functionName).join(', ')} may still be changed: run \`lambda-memory-benchmark restore\` to put them back (state in ${state.path})`
      )
    }
  }
  // Still listening: a Ctrl-C while the results are written is ignored like one during the restore.
  try {
    return await finish(plan, results, options, io, display.log, interrupts.received())
  } finally {
    interrupts.stop()
  }
}

/** Writes the results file, prints the report, and says how the run ended. */
async function finish(
  plan: Plan,
  results: Results,
  options: BenchmarkOptions,
  io: Io,
  log: Logger,
  signal?: NodeJS.Signals
): Promise<number> {
  try {
    await writeResults(plan.resultsFile, results)
  } catch (error) {
    throw new Error(options.rename(error instanceof Error ? error.message : String(error)), {
      cause: error
    })
  }
  log.info(`Results written to ${plan.resultsFile}`)
  io.stdout.write(render(results, options.format, io))
  const failure = stepFailure(plan, results)
  if (failure !== null) {
    const paint = paintFor(io.stderr, io.env)
    io.stderr.write(`${paint('red', `error: ${options.rename(failure)}`)}\n`)
  }
  if (signal !== undefined) return signalExitCode(signal)
  return failure === null ? EXIT_OK : EXIT_FAILED
}

/** The Results in the format asked for: the results file, the action's report, or the table. */
function render(results: Results, format: Format, io: Io): string {
  if (format === 'json') return `${JSON.stringify(results, null, 2)}\n`
  if (format === 'markdown') return `${renderReport(results)}\n`
  const width = io.stdout.isTTY && io.stdout.columns ? io.stdout.columns : DEFAULT_WIDTH
  return renderText(results, width, paintFor(io.stdout, io.env))
}

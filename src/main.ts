/**
 * The main step: inputs → benchmark → Results → results file and publishing. Inputs and
 * settings are validated before any AWS call. SIGINT/SIGTERM (a cancelled workflow) stops new
 * invocations; every function is still restored and the partial results written.
 */
import * as core from '@actions/core'
import * as github from '@actions/github'
import { setMaxListeners } from 'node:events'
import { createClients, socketsFor } from './aws/clients.js'
import { readBase, type Base } from './base.js'
import { runBenchmark } from './bench/benchmark.js'
import { RestoreLedger, STATE_KEY } from './configure/ledger.js'
import { systemClock } from './core/clock.js'
import type { Logger } from './core/logger.js'
import { runDryRun } from './dry-run/run.js'
import { finish, stepFailure } from './finish.js'
import { validated } from './inputs/validated.js'
import type { Plan } from './model/plan.js'
import type { Results } from './model/results.js'
import { assembleResults, compareWith, runUrlOf } from './results/assemble.js'
import { readShards } from './results/merge-files.js'
import { mergeResults, type Shard } from './results/merge.js'

const log: Logger = { info: (m) => core.info(m), warning: (m) => core.warning(m) }

/** Turns the first SIGINT/SIGTERM into an abort; later ones never interrupt the restores. */
function onCancel(controller: AbortController): () => void {
  let received = 0
  const handler = (signal: NodeJS.Signals): void => {
    received++
    if (received === 1) {
      core.warning(
        `${signal} received: no new invocations; restoring every function and writing the partial results`
      )
      controller.abort()
    } else {
      core.info(
        `${signal} received again: still restoring functions (the post step finishes any restore left)`
      )
    }
  }
  process.on('SIGINT', handler)
  process.on('SIGTERM', handler)
  return () => {
    process.off('SIGINT', handler)
    process.off('SIGTERM', handler)
  }
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error)

/**
 * Fails the step with the error's one sentence; its stack goes to the debug log only (shown
 * when step debugging is on). An error of the JavaScript itself (ours to fix) is named as such.
 */
function fail(error: unknown): void {
  if (error instanceof Error && error.stack) core.debug(error.stack)
  const unexpected =
    error instanceof TypeError || error instanceof ReferenceError || error instanceof RangeError
  core.setFailed(
    unexpected
      ? `Unexpected error (${error.name}: ${error.message}); re-run the job with debug logging on and report it with the log`
      : messageOf(error)
  )
}

/** The main step (the export `@github/local-action` and src/index.ts run). */
export async function run(): Promise<void> {
  try {
    await mainStep()
  } catch (error) {
    fail(error)
  }
}

async function mainStep(): Promise<void> {
  // Untrimmed: parse.ts trims what it should, and sends the payload byte for byte.
  const { plan, settings } = validated(
    (name) => core.getInput(name, { trimWhitespace: false }),
    process.env
  )
  // The files to merge are input too: a bad one fails the step before GitHub is asked anything.
  const shards = plan.mergeResults ? await readShards(plan.mergeResults) : undefined
  const base = await readBase(plan, github.context)
  if (shards !== undefined) return runMerge(plan, shards, base)
  if (plan.dryRun) return runDryRun(plan, base.baseline, settings)
  const controller = new AbortController()
  // Each function's waiters, tiers and log lookups listen to it.
  setMaxListeners(0, controller.signal)
  const stopListening = onCancel(controller)
  const clients = createClients({
    maxSockets: socketsFor(plan.concurrency, plan.functions.length),
    requestTimeoutMs: settings.requestTimeoutMs
  })
  try {
    const measured = await runBenchmark(plan, {
      clients,
      ledger: new RestoreLedger((json) => core.saveState(STATE_KEY, json)),
      signal: controller.signal,
      log,
      settings,
      clock: systemClock
    })
    const results = assembleResults(plan, measured, {
      baseline: base.baseline,
      runUrl: runUrlOf(process.env)
    })
    await finishRun(plan, results, base)
  } finally {
    clients.destroy()
    stopListening()
    if (settings.reportUsage) reportUsage()
  }
}

/**
 * `merge-results`: shards measured by other jobs, reported as one run; no AWS client is made.
 * With a baseline of its own, the merged run is compared afresh (one rule for every function).
 */
async function runMerge(plan: Plan, shards: Shard[], base: Base): Promise<void> {
  core.info(`Merging ${shards.length} results file(s): ${shards.map((s) => s.path).join(', ')}`)
  const runUrl = runUrlOf(process.env)
  const merged = mergeResults(shards, {
    ...(runUrl ? { runUrl } : {}),
    combineComparisons: base.baseline === undefined
  })
  await finishRun(plan, base.baseline ? compareWith(merged, base.baseline, plan) : merged, base)
}

/** Writes, uploads and publishes the Results, then fails the step if they say it failed. */
async function finishRun(plan: Plan, results: Results, base: Base): Promise<void> {
  await finish(plan, results, base.history)
  const failure = stepFailure(plan, results)
  if (failure !== null) core.setFailed(failure)
}

/**
 * `npm run bench` sets LMB_REPORT_USAGE=1 to read this process's own cost: CPU time (user +
 * system, module loading included) and peak resident memory.
 */
function reportUsage(): void {
  const usage = process.resourceUsage()
  core.info(
    `lmb-usage ${JSON.stringify({ userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000, maxRssMB: usage.maxRSS / 1024 })}`
  )
}

/**
 * The main step: inputs → benchmark → results file → publish. Inputs are parsed and validated
 * before any AWS call. SIGINT/SIGTERM (a cancelled workflow) stops new invocations; every
 * function is still restored and the partial results written.
 */
import * as core from '@actions/core'
import { setMaxListeners } from 'node:events'
import { createClients, socketsFor } from './aws/clients.js'
import { runBenchmark } from './bench/benchmark.js'
import { RestoreLedger } from './bench/state.js'
import { parseInputs } from './inputs.js'
import type { Plan } from './plan.js'
import { loadBaseline } from './compare/baseline.js'
import { finish } from './finish.js'
import type { Results } from './results.js'

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

function failureSummary(results: Results): string | null {
  const failed = results.functions.filter((f) => f.status === 'failed')
  if (failed.length === 0) return null
  const lines = failed.map((f) => `${f.displayName}: ${f.error ?? 'failed'}`)
  return `${failed.length} of ${results.functions.length} function(s) could not be benchmarked:\n${lines.join('\n')}`
}

/** The main step. */
export async function run(): Promise<void> {
  let plan: Plan
  let baseline: Results | undefined
  try {
    // Untrimmed: inputs.ts trims what it should, and sends the payload byte for byte.
    plan = parseInputs((name) => core.getInput(name, { trimWhitespace: false }), process.env)
    if (plan.baseline) baseline = await loadBaseline(plan.baseline, (m) => core.warning(m))
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error))
    return
  }
  const controller = new AbortController()
  // Each function's waiters, tiers and log lookups listen to it.
  setMaxListeners(0, controller.signal)
  const stopListening = onCancel(controller)
  const clients = createClients({
    maxSockets: socketsFor(plan.concurrency, plan.functions.length)
  })
  try {
    const results = await runBenchmark(plan, {
      clients,
      ledger: new RestoreLedger(),
      signal: controller.signal,
      log: { info: (m) => core.info(m), warning: (m) => core.warning(m) }
    })
    const { regressions } = await finish(plan, results, baseline)
    const failures = failureSummary(results)
    if (results.cancelled) {
      core.setFailed(
        `Cancelled: partial results written to ${plan.resultsFile}${failures ? `\n${failures}` : ''}`
      )
    } else if (failures) {
      core.setFailed(failures)
    } else if (plan.failOnRegression && regressions.length > 0) {
      core.setFailed(
        `${regressions.length} significant regression(s) against the baseline:\n${regressions.join('\n')}`
      )
    }
  } catch (error) {
    core.setFailed(error instanceof Error ? (error.stack ?? error.message) : String(error))
  } finally {
    clients.destroy()
    stopListening()
    if (process.env.LMB_REPORT_USAGE === '1') reportUsage()
  }
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

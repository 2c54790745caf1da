/**
 * What every function of a run shares: the clients, the ledger, the cancellation, the plan and
 * the events, handed from the entry point through the benchmark to each function's session.
 */
import type { AwsClients } from '../aws/clients.js'
import type { Clock } from '../core/clock.js'
import type { Logger } from '../core/logger.js'
import type { Settings } from '../core/settings.js'
import type { RestoreLedger } from '../configure/ledger.js'
import type { UpdateTiming } from '../configure/update-timing.js'
import type { Plan } from '../model/plan.js'
import type { PoolPayload } from './tier.js'

/** What the entry point hands the benchmark. */
export interface BenchmarkDeps {
  clients: AwsClients
  ledger: RestoreLedger
  /** Cancellation: no new invocation or change starts, every function is restored, results are partial. */
  signal: AbortSignal
  log: Logger
  settings: Settings
  clock: Clock
}

/** What every function of a run shares. */
export interface RunContext extends BenchmarkDeps {
  plan: Plan
  /**
   * The events, each encoded once: the payload set's, or the one event (without a name, so no
   * per-payload results).
   */
  payloads: PoolPayload[]
  timing: UpdateTiming
}

/**
 * A wire-level Lambda (REST-JSON) + CloudWatch Logs (JSON 1.1) emulator on 127.0.0.1, for the
 * real AWS SDK v3 clients (point them at `url`). See types.ts for the scenario shape.
 */
import type { Context } from './context.js'
import { Journal } from './journal.js'
import { checkModel } from './lambda/execution.js'
import { LambdaFunction } from './lambda/function-state.js'
import { LogStore } from './logs/store.js'
import { EmulatorServer } from './server.js'
import type { ActiveTimeDrift, FaultSpec, PerformanceModel, Scenario, TimeDrift } from './types.js'

export type { ActiveTimeDrift, FunctionSpec, Scenario } from './types.js'
export type { CallRecord, InvocationRecord } from './journal.js'

/** A FunctionConfiguration as GetFunctionConfiguration answers it. */
type FunctionConfiguration = Record<string, unknown> & {
  FunctionName: string
  FunctionArn: string
  MemorySize: number
  Timeout: number
  State: string
  LastUpdateStatus: string
  RevisionId: string
  Version: string
}

/** A running emulator. */
export interface Emulator {
  /** http://127.0.0.1:<port> */
  url: string
  port: number
  region: string
  accountId: string
  /** Live, in-process record of calls and invocations. */
  journal: Journal
  /** The current $LATEST configuration (as GetFunctionConfiguration would answer now). */
  functionConfig(name: string): FunctionConfiguration
  /** The $LATEST configuration as it was at start. */
  initialConfig(name: string): FunctionConfiguration
  /** Replaces a function's faults at run time. */
  setFaults(name: string, faults: FaultSpec): void
  /** Patches a function's performance model at run time. */
  setModel(name: string, patch: Partial<PerformanceModel>): void
  /**
   * Starts the time drift now (restarting one in force, so `since` is now) or, with null, ends
   * it; every function's invocations from then on take the new multiplier.
   */
  setTimeDrift(drift: TimeDrift | null): ActiveTimeDrift | null
  /** The drift in force, if any: its `since` is what the multipliers count from. */
  timeDrift(): ActiveTimeDrift | null
  /**
   * Holds the calls of `operation` on function `name`, from now on, until `until` settles, then
   * handles them as usual: an order on the wire that a test needs, instead of a race it hopes
   * to win on an idle machine.
   */
  hold(name: string, operation: string, until: Promise<unknown>): void
  /**
   * Stops accepting connections (the emulator "gone") at once, for `ms` or until `until`
   * settles, then comes back on the same port.
   */
  pause(until: number | Promise<unknown>): Promise<void>
  stop(): Promise<void>
}

/** Starts an emulator for the scenario on a free port (or `options.port`). */
export async function startEmulator(
  scenario: Scenario,
  options: { port?: number } = {}
): Promise<Emulator> {
  const region = scenario.region ?? 'us-east-1'
  const accountId = scenario.accountId ?? '123456789012'
  const seed = scenario.seed ?? 1
  const functions = new Map<string, LambdaFunction>()
  const logs = new LogStore(region, accountId)
  for (const spec of scenario.functions) {
    checkModel(spec.name, spec.model)
    const fn = new LambdaFunction(spec, region, accountId, seed)
    functions.set(spec.name, fn)
    logs.ensureGroup(fn.settings.LoggingConfig.LogGroup)
  }
  const initialConfigs = new Map(
    [...functions].map(([name, fn]) => [name, fn.configuration() as FunctionConfiguration])
  )
  const initialPrints = new Map([...functions].map(([name, fn]) => [name, fn.fingerprint()]))
  const journal = new Journal(
    () => initialPrints,
    () => new Map([...functions].map(([name, fn]) => (fn.settle(), [name, fn.fingerprint()])))
  )
  const ctx: Context = {
    region,
    accountId,
    timeScale: scenario.timeScale ?? 0,
    logDeliveryDelayMs: scenario.logDeliveryDelayMs ?? 0,
    pageSize: scenario.pageSize ?? 50,
    timeDrift: undefined,
    functions,
    pools: new Map(),
    logs,
    journal
  }
  const fnOf = (name: string): LambdaFunction => {
    const fn = functions.get(name)
    if (!fn) throw new Error(`emulator: no function named ${name}`)
    return fn
  }
  const controls = {
    setFaults(name: string, faults: FaultSpec): void {
      fnOf(name).faults = structuredClone(faults ?? {})
    },
    setModel(name: string, patch: Partial<PerformanceModel>): void {
      const fn = fnOf(name)
      const model = { ...fn.model, ...patch }
      checkModel(name, model)
      fn.model = model
    },
    setTimeDrift(drift: TimeDrift | null): ActiveTimeDrift | null {
      const rate = drift?.percentPerSecond ?? 0
      if (!Number.isFinite(rate)) throw new Error(`emulator: bad percentPerSecond ${rate}`)
      ctx.timeDrift = rate === 0 ? undefined : { percentPerSecond: rate, since: Date.now() }
      return ctx.timeDrift ? { ...ctx.timeDrift } : null
    }
  }
  if (scenario.timeDrift) controls.setTimeDrift(scenario.timeDrift)
  const server = new EmulatorServer(ctx, controls)
  const port = await server.listen(options.port ?? 0)
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    region,
    accountId,
    journal,
    functionConfig(name) {
      const fn = fnOf(name)
      fn.settle()
      return fn.configuration() as FunctionConfiguration
    },
    initialConfig(name) {
      const c = initialConfigs.get(name)
      if (!c) throw new Error(`emulator: no function named ${name}`)
      return c
    },
    setFaults: controls.setFaults,
    setModel: controls.setModel,
    setTimeDrift: controls.setTimeDrift,
    timeDrift: () => (ctx.timeDrift ? { ...ctx.timeDrift } : null),
    hold(name, operation, until) {
      const fn = fnOf(name)
      const released = until.then(
        () => undefined,
        () => undefined
      )
      fn.holds.set(operation, released)
      void released.then(() => {
        if (fn.holds.get(operation) === released) fn.holds.delete(operation)
      })
    },
    pause: (until) => server.pause(until, ctx, controls),
    stop: () => server.close()
  }
}

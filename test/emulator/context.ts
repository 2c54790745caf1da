/** What every handler of the emulator shares. */
import type { Journal } from './journal.js'
import type { LambdaFunction } from './lambda/function-state.js'
import type { EnvironmentPool } from './lambda/execution.js'
import type { LogStore } from './logs/store.js'
import type { ActiveTimeDrift } from './types.js'

/** One incoming HTTP request, body read. */
export interface Request {
  method: string
  path: string
  query: URLSearchParams
  headers: Record<string, string | string[] | undefined>
  body: Buffer
  /** What the journal records about the call, filled in while handling it. */
  notes: { functionName?: string; qualifier?: string; logGroup?: string }
}

/** An answer to write. */
export interface Response {
  status: number
  headers: Record<string, string>
  body: string
}

/** Shared emulator state. */
export interface Context {
  region: string
  accountId: string
  timeScale: number
  logDeliveryDelayMs: number
  pageSize: number
  /** The drift in force, if any (replaced at run time, so read at each invocation). */
  timeDrift: ActiveTimeDrift | undefined
  functions: Map<string, LambdaFunction>
  pools: Map<string, EnvironmentPool>
  logs: LogStore
  journal: Journal
}

/** The drift's multiplier of a duration for an invocation that starts at `at` (epoch ms). */
export function driftFactor(drift: ActiveTimeDrift | undefined, at: number): number {
  if (!drift) return 1
  return 1 + (drift.percentPerSecond / 100) * (Math.max(0, at - drift.since) / 1000)
}

/** Thrown to make the server destroy the socket without answering. */
export class DropConnection extends Error {}

/** A JSON answer. */
export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): Response {
  return {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? '' : JSON.stringify(body)
  }
}

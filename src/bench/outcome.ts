/**
 * What the results show of one function as bench/ measured it: its figures and status, and
 * which live pair it is in.
 */
import type { FunctionSnapshot } from '../configure/snapshot.js'
import type { MeasuredFunction } from '../model/measurement.js'
import type { FunctionTarget } from '../model/plan.js'
import type { TierResult } from '../model/results.js'

/** Which live pair a function is in, by the partner's ARN. */
export type Pairing = Pick<MeasuredFunction, 'liveBaseline' | 'liveBaselineOf'>

/** A function not benchmarked (it could not be read, or its partner could not): what the results show of it. */
export function notMeasured(
  target: FunctionTarget,
  error: string | null,
  pairing: Pairing = {}
): MeasuredFunction {
  return measuredFunction(target, undefined, error === null ? [] : [error], [], pairing)
}

/** The function's outcome: failed when any error was met, with every message in order. */
export function measuredFunction(
  target: FunctionTarget,
  snapshot: FunctionSnapshot | undefined,
  errors: readonly string[],
  tiers: TierResult[],
  pairing: Pairing
): MeasuredFunction {
  return {
    functionArn: snapshot?.functionArn ?? target.identifier,
    functionName: target.functionName,
    region: target.region,
    accountId: target.accountId,
    architecture: snapshot?.architecture ?? 'x86_64',
    originalMemorySize: snapshot?.memorySize ?? 0,
    status: errors.length > 0 ? 'failed' : 'ok',
    error: errors.length > 0 ? errors.join('; ') : null,
    tiers,
    ...pairing
  }
}

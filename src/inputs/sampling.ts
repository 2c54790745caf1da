/**
 * `target-precision` and `min-invocations` → adaptive sampling, or undefined when it is off
 * (`target-precision` empty, the default). `invocations` stays the most a size takes.
 */
import type { Sampling } from '../model/plan.js'
import { quote as q, wholeNumber, type Problems } from './problems.js'

/** The fewest invocations a size takes before it may stop, when min-invocations is not given. */
const MIN_INVOCATIONS_DEFAULT = 20
/** Below this the interval says little (and its t quantile grows fast). */
const MIN_INVOCATIONS_LEAST = 5
const PRECISION_MAX = 50

/** Percent above 0 and at most 50; a trailing `%` is allowed (`2%`). */
function precision(raw: string, problems: Problems): number | undefined {
  const text = raw.replace(/\s*%$/, '')
  const value = /^\d+(\.\d+)?$|^\.\d+$/.test(text) ? Number(text) : NaN
  if (value > 0 && value <= PRECISION_MAX) return value
  return problems.add(
    `target-precision: ${q(raw)} is not a percentage above 0 and at most ${PRECISION_MAX}`
  )
}

/**
 * The sampling the inputs ask for. min-invocations defaults to 20, or to `invocations` when
 * that is less: only a value given explicitly above `invocations` is a mistake.
 */
export function sampling(
  targetRaw: string,
  minRaw: string,
  invocations: number | undefined,
  problems: Problems
): Sampling | undefined {
  if (!targetRaw) {
    if (minRaw) {
      problems.add(
        'min-invocations: is set but target-precision is empty; it is the fewest invocations of adaptive sampling, which target-precision turns on'
      )
    }
    return undefined
  }
  const target = precision(targetRaw, problems)
  if (invocations === undefined) return undefined
  if (invocations < MIN_INVOCATIONS_LEAST) {
    return problems.add(
      `target-precision: needs invocations of at least ${MIN_INVOCATIONS_LEAST} (it is ${invocations}), the fewest an interval is worth computing from`
    )
  }
  const least = minRaw
    ? wholeNumber('min-invocations', minRaw, MIN_INVOCATIONS_LEAST, invocations, problems)
    : Math.min(MIN_INVOCATIONS_DEFAULT, invocations)
  if (target === undefined || least === undefined) return undefined
  return { targetPrecision: target, minInvocations: least }
}

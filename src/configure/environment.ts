/**
 * The marker variable that forces cold starts (`cold-starts`): an environment variable of our
 * own whose new value makes Lambda retire every environment of the configuration (lumigo-cli's
 * way on $LATEST; Power Tuning's way, `LambdaPowerTuningForceColdStart`, for published
 * versions). Nothing else of the environment is ever changed: a restore only takes the marker
 * out again. Variables can hold secrets, so their values are kept in memory only, sent in
 * update requests only, and scrubbed from any error message that could quote them.
 */
import { randomBytes } from 'node:crypto'

/** Our variable's name: chosen so that no function of its own would use it. */
export const MARKER = 'LAMBDA_MEMORY_BENCHMARK_COLD_START'

/** Lambda's limit on a function's environment variables, measured as their JSON text. */
const ENVIRONMENT_LIMIT_BYTES = 4096

/** The variables without our marker; null when there are none (as GetFunction shows no Environment). */
export function withoutMarker(
  variables: Record<string, string> | undefined | null
): Record<string, string> | null {
  if (!variables) return null
  const rest = Object.fromEntries(Object.entries(variables).filter(([name]) => name !== MARKER))
  return Object.keys(rest).length > 0 ? rest : null
}

/** True when the variables carry our marker (a cold-start round's, or a crashed run's). */
export function hasMarker(variables: Record<string, string> | undefined | null): boolean {
  return variables?.[MARKER] !== undefined
}

/** A new marker value: every round's differs from the last, so every round is a new configuration. */
export function newMarkerValue(): string {
  return randomBytes(8).toString('hex')
}

/** The variables with our marker set to `value`. */
export function withMarker(
  variables: Record<string, string> | null,
  value: string
): Record<string, string> {
  return { ...(variables ?? {}), [MARKER]: value }
}

/**
 * Why the marker cannot be added to these variables, or undefined when it can: Lambda refuses
 * a set over 4 KB, and its refusal quotes the whole set, so it is checked before any change.
 */
export function markerRoomProblem(
  variables: Record<string, string> | null,
  functionName: string
): string | undefined {
  const bytes = Buffer.byteLength(JSON.stringify(withMarker(variables, newMarkerValue())), 'utf8')
  if (bytes <= ENVIRONMENT_LIMIT_BYTES) return undefined
  return `${functionName}'s environment variables leave no room for the variable ${MARKER} that forces its cold starts (with it they would be ${bytes} bytes, over Lambda's 4 KB limit); it was left untouched: set cold-starts to 0 to benchmark it`
}

/** Shorter values are not scrubbed: they would match ordinary words of a message. */
const SCRUB_MIN_LENGTH = 4

/**
 * The message with every value of `variables` (and a quoted set of variables) replaced: an
 * error of an update that carried the environment may quote it, as Lambda's "String measured:"
 * does.
 */
export function scrubbed(message: string, variables: Record<string, string> | null): string {
  let out = message.replace(/String measured: .*/s, 'String measured: (not shown)')
  const values = Object.values(variables ?? {})
    .filter((v) => v.length >= SCRUB_MIN_LENGTH)
    .sort((a, b) => b.length - a.length)
  for (const value of values) out = out.split(value).join('***')
  return out
}

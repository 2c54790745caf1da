/**
 * The knobs an operator can turn through the step's environment (`LMB_*`), read once by the
 * entry point into one typed value and handed down; nothing below reads the environment.
 * The defaults suit real AWS; the README's "Deadlines" table lists the same names.
 */

/** Bounds of every wait, in milliseconds, and the bench's usage report. */
export interface Settings {
  /** An update staying InProgress. */
  updateDeadlineMs: number
  /** A Pending function becoming Active. */
  activeDeadlineMs: number
  /** Retrying 409 conflicts with an update still settling (someone else's, or ours). */
  conflictDeadlineMs: number
  /** Retrying a restore (and the deletion of versions) while the API is unreachable. */
  restoreDeadlineMs: number
  /** Waiting for REPORT records to reach CloudWatch Logs. */
  logsDeadlineMs: number
  /** A memory size where no invocation is taken at all (throttled or unanswered throughout). */
  stallDeadlineMs: number
  /** One control-plane or CloudWatch Logs request; 0 = no limit. */
  requestTimeoutMs: number
  /** Print this process's CPU time and peak memory at the end (`npm run bench`). */
  reportUsage: boolean
}

type DurationKey = Exclude<keyof Settings, 'reportUsage'>

/** Each duration knob: its variable and its default. */
export const DURATION_VARIABLES: Readonly<Record<DurationKey, { name: string; ms: number }>> = {
  updateDeadlineMs: { name: 'LMB_UPDATE_DEADLINE_MS', ms: 300_000 },
  activeDeadlineMs: { name: 'LMB_ACTIVE_DEADLINE_MS', ms: 300_000 },
  conflictDeadlineMs: { name: 'LMB_CONFLICT_DEADLINE_MS', ms: 120_000 },
  restoreDeadlineMs: { name: 'LMB_RESTORE_DEADLINE_MS', ms: 180_000 },
  logsDeadlineMs: { name: 'LMB_LOGS_DEADLINE_MS', ms: 60_000 },
  stallDeadlineMs: { name: 'LMB_STALL_DEADLINE_MS', ms: 300_000 },
  requestTimeoutMs: { name: 'LMB_REQUEST_TIMEOUT_MS', ms: 30_000 }
}

/** The settings with every knob at its default. */
export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  ...(Object.fromEntries(
    Object.entries(DURATION_VARIABLES).map(([key, v]) => [key, v.ms])
  ) as Record<DurationKey, number>),
  reportUsage: false
})

/**
 * Reads the knobs from `env`. An empty variable takes the default; a value that is not a
 * number of milliseconds (0 or more) is a problem, named with the variable and the value, and
 * takes the default meanwhile.
 */
export function readSettings(env: NodeJS.ProcessEnv): { settings: Settings; problems: string[] } {
  const settings: Settings = { ...DEFAULT_SETTINGS, reportUsage: env.LMB_REPORT_USAGE === '1' }
  const problems: string[] = []
  for (const [key, variable] of Object.entries(DURATION_VARIABLES) as [
    DurationKey,
    { name: string }
  ][]) {
    const raw = env[variable.name]?.trim()
    if (!raw) continue
    const value = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : NaN
    if (Number.isFinite(value)) settings[key] = value
    else problems.push(`${variable.name}: "${raw}" is not a number of milliseconds (0 or more)`)
  }
  return { settings, problems }
}

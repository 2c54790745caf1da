/**
 * The inputs that reach GitHub's artifacts: `results-artifact`, `upload-results`, `history`,
 * `baseline: auto`, and `merge-results` (shards' results files reported as one run).
 */
import type { ArtifactPlan, BaselineSource } from '../model/plan.js'
import { type Problems, quote as q } from './problems.js'

/** The characters an artifact name may not hold, as `@actions/artifact` refuses them. */
const NAME_FORBIDDEN = /[":<>|*?\r\n\\/]/
const HISTORY_MAX = 100

/** `baseline`: `auto` finds the base branch's newest results artifact; anything else is a path. */
export function baselineSource(raw: string): BaselineSource | undefined {
  if (!raw) return undefined
  return raw === 'auto' ? { kind: 'artifact' } : { kind: 'file', path: raw }
}

/**
 * `results-artifact`, `upload-results` and `history`. The trend is read with `baseline: auto`
 * only (0 otherwise); a `history` given without it is an error rather than ignored: the user
 * asked for a trend they would not get.
 */
export function artifactPlan(
  raw: { name: string; upload: boolean; history: string; historyGiven: boolean },
  baseline: BaselineSource | undefined,
  problems: Problems
): ArtifactPlan {
  if (NAME_FORBIDDEN.test(raw.name)) {
    problems.add(
      `results-artifact: ${q(raw.name)} holds a character an artifact name may not (" : < > | * ? \\ / or a line break)`
    )
  }
  let history = 0
  if (!/^\d+$/.test(raw.history) || Number(raw.history) > HISTORY_MAX) {
    problems.add(
      `history: ${q(raw.history)} is not a whole number between 0 and ${HISTORY_MAX} (0 = off)`
    )
  } else if (baseline?.kind === 'artifact') {
    history = Number(raw.history)
  } else if (raw.historyGiven && Number(raw.history) > 0) {
    problems.add(
      `history: ${q(raw.history)} needs baseline: auto (the trend is read from the base branch's results artifacts); give baseline: auto, or history: 0`
    )
  }
  return { name: raw.name, upload: raw.upload, history }
}

/** `merge-results`: one path or glob per line (globs may hold commas, so lines only). */
export function mergePatterns(raw: string): string[] {
  return raw
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
}

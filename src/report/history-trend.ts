/**
 * The trend over the base branch's earlier runs, as data: the runs in order (oldest first,
 * this run last), and per function of this run the mean warm billed duration at one memory size
 * in each run — or why that run has no point. Pure: the markdown is ./history.ts.
 *
 * One size per function, the same in every run, so that the points compare like with like:
 * the balanced recommendation of *this* run (what the `recommended-memory` output says), or the
 * function's current size when this run recommends none.
 */
import type { HistoryRun } from '../model/history.js'
import type { FunctionResult, Results } from '../model/results.js'
import { matchFunctions } from '../stats/match.js'
import { escapeText } from './escape.js'
import { formatCount, formatMb, plural } from './format.js'
import { buildView, cellAt, type View } from './view.js'

/** One run of the trend: an earlier run of the base branch, or this run (the last). */
export interface TrendRun {
  /** Markdown: "#3" with a zero-width space after the sign (no link to issue 3), or "this run". */
  ref: string
  /** The chart's x label: "#3" or "this run" (inside mermaid, nothing is linked). */
  axis: string
  /** When it ran, `YYYY-MM-DD` (and `HH:MM` UTC where two runs share a day); '' if unknown. */
  when: string
  /** The workflow run, when its URL is a plain GitHub Actions run URL. */
  runUrl: string | null
  /** The head commit, short and long, when GitHub gave one that looks like a SHA. */
  sha: string | null
  /** Its commit page, when both the run URL and the SHA are known. */
  commitUrl: string | null
  cancelled: boolean
  isThis: boolean
}

/** A function in one run: the mean at the trend's size, or null; notes are markdown-ready. */
interface TrendPoint {
  mean: number | null
  notes: string[]
}

/** One function's trend, a point per run (aligned with `Trend.runs`). */
export interface FunctionTrend {
  /** Markdown-ready (escaped) display name. */
  name: string
  /** The base branch's name for it, when a `baseline-map` paired a different one (escaped). */
  baseName: string | null
  size: number
  basis: 'recommended' | 'current'
  points: TrendPoint[]
}

/** The trend as data: the runs in order (this run last), and each function's points. */
export interface Trend {
  runs: TrendRun[]
  functions: FunctionTrend[]
  /** Functions of this run found in no earlier run (escaped names). */
  absent: string[]
}

/** `#` followed by a zero-width space: reads as "#3", links to nothing. */
const HASH = escapeText('#')

/** A GitHub Actions run URL made only of inert characters; its repository's URL. */
const RUN_URL =
  /^(https:\/\/[A-Za-z0-9.-]+(?::\d+)?\/[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+)\/actions\/runs\/\d+(?:\/attempts\/\d+)?\/?$/

function timeOf(run: HistoryRun): number {
  const created = Date.parse(run.createdAt)
  return Number.isNaN(created) ? Date.parse(run.results.startedAt) : created
}

/**
 * The runs oldest first, whatever order they came in (artifacts are listed newest first). Runs
 * without any readable time go first: they cannot be placed, and this run stays last.
 */
export function oldestFirst(history: readonly HistoryRun[]): HistoryRun[] {
  const key = (run: HistoryRun): number => {
    const t = timeOf(run)
    return Number.isNaN(t) ? -Infinity : t
  }
  return [...history].sort((a, b) => key(a) - key(b))
}

/** A timestamp from a file or the API, shown only when it is one (never escaped into text). */
function stamp(iso: string): { day: string; time: string } | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso)
  return m === null ? null : { day: m[1], time: m[2] }
}

function trendRun(
  results: Results,
  createdAt: string,
  sha: string | undefined,
  runUrl: string | undefined,
  index: number | null
): TrendRun {
  const repo = runUrl === undefined ? null : (RUN_URL.exec(runUrl)?.[1] ?? null)
  const goodSha = sha !== undefined && /^[0-9a-f]{7,40}$/i.test(sha) ? sha.toLowerCase() : null
  return {
    ref: index === null ? 'this run' : `${HASH}${index}`,
    axis: index === null ? 'this run' : `#${index}`,
    when: createdAt,
    runUrl: repo === null ? null : runUrl!,
    sha: goodSha,
    commitUrl: repo !== null && goodSha !== null ? `${repo}/commit/${goodSha}` : null,
    cancelled: results.cancelled === true,
    isThis: index === null
  }
}

/** Dates of the runs, with the time of day where two runs share a day. */
function dated(runs: TrendRun[]): TrendRun[] {
  const stamps = runs.map((r) => stamp(r.when))
  const days = stamps.map((s) => s?.day)
  return runs.map((r, i) => {
    const s = stamps[i]
    if (s === null) return { ...r, when: '' }
    const shared = days.filter((d) => d === s.day).length > 1
    return { ...r, when: shared ? `${s.day} ${s.time}` : s.day }
  })
}

/** The functions a run is trended over: never a live baseline (main's, measured for comparison). */
function trended(results: Results): FunctionResult[] {
  return results.functions.filter((f) => f.liveBaselineOf === undefined)
}

/** `current name → base-branch name` pairs, as the comparison with the baseline recorded them. */
function nameMap(results: Results): Record<string, string> {
  const map: Record<string, string> = {}
  const c = results.comparison
  if (c === undefined || c.live === true) return map
  for (const t of c.tiers) {
    if (t.baselineFunctionName !== t.functionName) map[t.functionName] = t.baselineFunctionName
  }
  return map
}

/** The point of `fn` (in the run `view` shows) at `size`, with every caveat a reader needs. */
function pointOf(view: View, fn: FunctionResult, size: number, run: TrendRun): TrendPoint {
  const at = `at ${formatMb(size)} in ${run.ref}`
  const cell = cellAt(view, fn, size)
  const notes: string[] = []
  const own = fn.recommendation.balanced
  if (!run.isThis && own !== null && own !== size) {
    notes.push(
      `sizes differ between runs: ${run.ref} recommended ${formatMb(own)}; the trend stays at ${formatMb(size)}`
    )
  }
  if (cell.kind === 'value') {
    const { errors, invocations } = cell.tier
    if (errors > 0) {
      notes.push(
        `${formatCount(errors)} of ${plural(invocations, 'invocation')} returned an error ${at}; the mean is of the successful ones`
      )
    }
    return { mean: cell.tier.billedDuration!.mean, notes }
  }
  const why =
    cell.kind === 'timeout'
      ? `every invocation timed out ${at}`
      : cell.kind === 'errors'
        ? `every invocation returned an error ${at}`
        : cell.kind === 'no-warm'
          ? `no warm sample ${at}`
          : fn.status === 'failed'
            ? `not measured ${at}: the benchmark of this function stopped before it`
            : view.results.cancelled
              ? `not measured ${at}: the run was cancelled`
              : `not measured ${at}`
  return { mean: null, notes: [why, ...notes] }
}

/**
 * The trend of `results` (this run) after `history` (earlier runs of the base branch, oldest
 * first: see {@link oldestFirst}). Functions found in no earlier run are named in `absent`.
 */
export function buildTrend(
  results: Results,
  history: readonly HistoryRun[],
  runUrl: string | undefined
): Trend {
  const runs = dated([
    ...history.map((h, i) => trendRun(h.results, h.createdAt, h.headSha, h.results.runUrl, i + 1)),
    trendRun(results, results.startedAt, undefined, runUrl, null)
  ])
  const current = trended(results)
  const map = nameMap(results)
  // The comparison's own rule, so that the trend and the comparison pair the same functions.
  const pairings = history.map(
    (h) =>
      new Map(
        matchFunctions(current, trended(h.results), map).pairs.map((p) => [p.current, p.baseline])
      )
  )
  const views = [...history.map((h) => buildView(h.results, null)), buildView(results, null)]
  const functions: FunctionTrend[] = []
  const absent: string[] = []
  for (const fn of current) {
    if (!pairings.some((p) => p.has(fn))) {
      absent.push(escapeText(fn.displayName))
      continue
    }
    const recommended = fn.recommendation.balanced
    const size = recommended ?? fn.originalMemorySize
    const points = runs.map((run, i): TrendPoint => {
      if (run.isThis) return pointOf(views[i], fn, size, run)
      const partner = pairings[i].get(fn)
      return partner === undefined
        ? { mean: null, notes: [`not in ${run.ref}`] }
        : pointOf(views[i], partner, size, run)
    })
    const baseNames = new Set(
      pairings.flatMap((p) => (p.get(fn) === undefined ? [] : [p.get(fn)!.displayName]))
    )
    baseNames.delete(fn.displayName)
    functions.push({
      name: escapeText(fn.displayName),
      baseName: baseNames.size === 0 ? null : [...baseNames].map(escapeText).join(', '),
      size,
      basis: recommended === null ? 'current' : 'recommended',
      points
    })
  }
  return { runs, functions, absent }
}

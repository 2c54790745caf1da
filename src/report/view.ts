/**
 * What the report shows, derived once from the results: the memory sizes (rows), the
 * functions (columns), and for every cell either a warm figure or the reason there is none.
 */
import type { FunctionResult, Results, TierResult } from '../model/results.js'
import { unpricedReason } from '../stats/prices.js'
import { escapeText } from './escape.js'
import { formatCount, plural } from './format.js'

/** A cell of the main tables: a warm figure, or why there is none. */
export type Cell =
  | { kind: 'value'; tier: TierResult }
  | { kind: 'timeout'; tier: TierResult; reason: string }
  | { kind: 'errors'; tier: TierResult; reason: string }
  | { kind: 'no-warm'; tier: TierResult; reason: string }
  | { kind: 'not-measured'; reason: string }

export interface View {
  results: Results
  /** Every measured or planned memory size, ascending. */
  sizes: number[]
  /** Functions with at least one measured tier: the tables' columns, in the results' order. */
  columns: FunctionResult[]
  /** Functions whose benchmark could not be carried out. */
  failed: FunctionResult[]
  monthlyInvocations: number | null
}

/** Builds the view of a results object. */
export function buildView(results: Results, monthlyInvocations: number | null): View {
  const sizes = new Set<number>(results.settings.memorySizes)
  for (const f of results.functions) for (const t of f.tiers) sizes.add(t.memorySize)
  return {
    results,
    sizes: [...sizes].sort((a, b) => a - b),
    columns: results.functions.filter((f) => f.tiers.some((t) => t.invocations > 0)),
    failed: results.functions.filter((f) => f.status === 'failed'),
    monthlyInvocations
  }
}

/**
 * How a function is named in the report: a live baseline says so beside its current function
 * (`orders-api-main (baseline)` next to `orders-api-pr-42`). Raw: the caller escapes it.
 */
export function labelOf(fn: FunctionResult): string {
  return fn.liveBaselineOf === undefined ? fn.displayName : `${fn.displayName} (baseline)`
}

/** The tier of a function at a memory size, if it was measured. */
export function tierAt(fn: FunctionResult, memorySize: number): TierResult | undefined {
  return fn.tiers.find((t) => t.memorySize === memorySize && t.invocations > 0)
}

/** Timeouts show as `Sandbox.Timedout` in the Invoke answer and `Status: timeout` in REPORT. */
function isTimeoutType(type: string): boolean {
  return /time[ds]?[\s._-]?out/i.test(type)
}

/** "Sandbox.Timedout × 98, Runtime.ExitError × 2" (raw: the caller escapes it). */
export function errorTypesText(tier: TierResult): string {
  const entries = Object.entries(tier.errorTypes).sort((a, b) => b[1] - a[1])
  return entries.map(([type, count]) => `${type} × ${formatCount(count)}`).join(', ')
}

/** How many invocations gave a warm, successful, measured sample. */
export function warmCount(tier: TierResult): number {
  if (tier.samples.length > 0) return tier.samples.length
  if (tier.billedDuration === null) return 0
  return Math.max(0, tier.invocations - tier.coldStarts - tier.errors - tier.unmeasured)
}

/** The cell of a function at a memory size. Reasons are plain text; error types are raw. */
export function cellAt(view: View, fn: FunctionResult, memorySize: number): Cell {
  const tier = tierAt(fn, memorySize)
  if (tier === undefined) {
    const why =
      fn.status === 'failed'
        ? 'not measured: the benchmark of this function stopped before this size (see Failed functions)'
        : view.results.cancelled
          ? 'not measured: the run was cancelled'
          : 'not measured'
    return { kind: 'not-measured', reason: why }
  }
  if (tier.billedDuration !== null) return { kind: 'value', tier }
  const { invocations, errors, coldStarts, unmeasured } = tier
  const { concurrency } = view.results.settings
  if (errors >= invocations) {
    const types = Object.keys(tier.errorTypes)
    const allTimeouts = types.length > 0 && types.every(isTimeoutType)
    return allTimeouts
      ? { kind: 'timeout', tier, reason: 'every invocation timed out; never recommended' }
      : { kind: 'errors', tier, reason: 'every invocation returned an error; never recommended' }
  }
  if (
    invocations <= concurrency &&
    coldStarts > 0 &&
    coldStarts + errors + unmeasured >= invocations
  ) {
    return {
      kind: 'no-warm',
      tier,
      reason: `no warm sample: with invocations (${formatCount(invocations)}) ≤ concurrency (${formatCount(concurrency)}) every invocation was a cold start; raise \`invocations\` above \`concurrency\``
    }
  }
  if (unmeasured > 0 && unmeasured + errors >= invocations) {
    return {
      kind: 'no-warm',
      tier,
      reason:
        'no warm sample: no REPORT record was found (neither in the log tail nor in CloudWatch Logs)'
    }
  }
  const parts = [
    coldStarts > 0 ? plural(coldStarts, 'cold start') : '',
    errors > 0 ? plural(errors, 'error') : '',
    unmeasured > 0 ? `${formatCount(unmeasured)} without REPORT` : ''
  ].filter((p) => p !== '')
  return {
    kind: 'no-warm',
    tier,
    reason: `no warm successful invocation${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`
  }
}

/** Numbered notes under a table: one number per distinct reason. */
export class Notes {
  private readonly reasons: string[] = []

  /** The number of a reason (markdown-ready text), adding it when new. */
  ref(reason: string): string {
    let index = this.reasons.indexOf(reason)
    if (index < 0) index = this.reasons.push(reason) - 1
    return `<sup>${index + 1}</sup>`
  }

  /** The notes as markdown lines, or an empty string when there are none. */
  render(): string {
    return this.reasons.map((r, i) => `<sup>${i + 1}</sup> ${r}`).join('<br>\n')
  }
}

/** The mean warm billed duration at a size, or null. */
export function meanAt(fn: FunctionResult, memorySize: number): number | null {
  return tierAt(fn, memorySize)?.billedDuration?.mean ?? null
}

/** The warm cost per invocation at a size (USD), or null. */
export function costAt(fn: FunctionResult, memorySize: number): number | null {
  const tier = tierAt(fn, memorySize)
  return tier?.billedDuration ? (tier.costPerInvocation ?? null) : null
}

/**
 * Why costs are left out, one sentence per region without a published USD price, naming its
 * functions whose costs are null (markdown-ready); empty when there are none.
 */
export function unpricedNotes(functions: FunctionResult[]): string[] {
  const byReason = new Map<string, string[]>()
  for (const fn of functions) {
    const reason = unpricedReason(fn.region)
    const costed = fn.tiers.some(
      (t) => t.costPerInvocation !== null || (t.coldStartCostPerInvocation ?? null) !== null
    )
    if (reason === null || costed) continue
    byReason.set(reason, [...(byReason.get(reason) ?? []), escapeText(labelOf(fn))])
  }
  return [...byReason].map(
    ([reason, names]) =>
      `${escapeText(reason[0].toUpperCase() + reason.slice(1))} (${names.join(', ')}).`
  )
}

/** The chunks of at most `size` items, in order. */
export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

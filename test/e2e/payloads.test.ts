/**
 * A payload set (`payloads-file`), run as the Actions runner does against the emulator, with the
 * journal as the witness (each invocation record holds the SHA-256 of the event it received):
 * - at every size each payload is sent exactly its largest-remainder share of `invocations`;
 * - the payloads interleave in time: in every prefix of a size's invocations (by when they
 *   started), each payload is within `concurrency` of its pace;
 * - each payload's results (`tiers[].byPayload`) are the journal's figures of its own
 *   invocations, and its mean follows the emulator's model (the event's `factor`); the tier's
 *   figures stay over all payloads; the report's details show each payload's mean per size.
 * Needs `npm run bundle` first.
 */
import { createHash } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Emulator, InvocationRecord } from '../emulator/index.js'
import { startEmulator } from '../emulator/index.js'
import { resultsOf, runAction, type RunResult } from '../runner.js'
import type { Results, TierResult } from '../../src/model/results.js'
import { escapeText } from '../../src/report/escape.js'
import { formatMs } from '../../src/report/format.js'

const SIZES = [128, 1024]
const INVOCATIONS = 14
const CONCURRENCY = 2
/** Weights 3, 1, 2 of 14: quotas 7, 2.33, 4.67, so shares 7, 2 and 5 (the larger remainder). */
const SET = [
  { name: 'light', weight: 3, payload: { factor: 1, items: ['a'] } },
  { name: 'heavy', payload: { factor: 4 } },
  { weight: 2, payload: { factor: 2, secret: 'hunter2' } }
]
const NAMES = ['light', 'heavy', '#3']
const SHARES: Record<string, number> = { light: 7, heavy: 2, '#3': 5 }
const FACTOR: Record<string, number> = { light: 1, heavy: 4, '#3': 2 }

const sha = (text: string): string => createHash('sha256').update(text).digest('hex')
/** What the action sends for each payload: its JSON, compact. */
const NAME_OF = new Map(SET.map((e, i) => [sha(JSON.stringify(e.payload)), NAMES[i]]))
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length

let emulator: Emulator
let workspace: string
let run: RunResult
let results: Results

beforeAll(async () => {
  emulator = await startEmulator({
    timeScale: 0.05,
    seed: 15,
    functions: [
      {
        name: 'mix',
        memorySize: 256,
        updateDelayMs: 50,
        model: { cpuMs: 10, initMs: 100, payloadFactor: 'factor' }
      }
    ]
  })
  workspace = await mkdtemp(join(tmpdir(), 'payloads-'))
  // Indented on purpose: each payload is sent as its own compact JSON.
  await writeFile(join(workspace, 'payloads.json'), JSON.stringify(SET, null, 2))
  run = await runAction({
    inputs: {
      functions: 'mix',
      'memory-sizes': SIZES.join(','),
      invocations: String(INVOCATIONS),
      concurrency: String(CONCURRENCY),
      'payloads-file': 'payloads.json',
      'comment-mode': 'off'
    },
    env: { AWS_ENDPOINT_URL: emulator.url },
    cwd: workspace,
    timeoutMs: 60_000
  })
  if (process.env.E2E_DEBUG) console.log(run.stdout)
  results = await resultsOf(run)
}, 90_000)

afterAll(async () => {
  await emulator?.stop()
  if (workspace) await rm(workspace, { recursive: true, force: true })
})

/** The journal's invocations at a size, in the order they started. */
const journalAt = (size: number): InvocationRecord[] =>
  emulator.journal.invocations
    .filter((r) => r.functionName === 'mix' && r.memorySize === size)
    .sort((a, b) => a.startedAt - b.startedAt)
const tierAt = (size: number): TierResult =>
  results.functions[0].tiers.find((t) => t.memorySize === size)!

test('the run succeeds, and no payload is ever logged', () => {
  expect(run.exitCode).toBe(0)
  expect(results.functions[0].status).toBe('ok')
  expect(run.stdout + run.stderr + run.summary).not.toContain('hunter2')
})

test.each(SIZES)(
  '%i MB: the journal shows exactly each payload’s share, and nothing else',
  (size) => {
    const sent = journalAt(size).map((r) => NAME_OF.get(r.payloadSha256))
    expect(sent).toHaveLength(INVOCATIONS)
    for (const name of NAMES) expect(sent.filter((n) => n === name)).toHaveLength(SHARES[name])
    expect(sent.filter((n) => n === undefined)).toEqual([])
  }
)

test.each(SIZES)('%i MB: the payloads interleave in time, not one after another', (size) => {
  const sent = journalAt(size).map((r) => NAME_OF.get(r.payloadSha256)!)
  const count: Record<string, number> = { light: 0, heavy: 0, '#3': 0 }
  sent.forEach((name, k) => {
    count[name]++
    for (const n of NAMES) {
      // The schedule keeps every prefix within 1 of the pace; requests in flight together may
      // arrive in either order, at most concurrency − 1 places apart.
      expect(Math.abs(count[n] - ((k + 1) * SHARES[n]) / INVOCATIONS)).toBeLessThanOrEqual(
        CONCURRENCY
      )
    }
  })
  // The two 'heavy' are not next to each other, nor both at one end.
  const heavy = sent.flatMap((n, k) => (n === 'heavy' ? [k] : []))
  expect(heavy[1] - heavy[0]).toBeGreaterThanOrEqual(3)
})

test.each(SIZES)(
  '%i MB: each payload’s figures are the journal’s, its mean the model’s; the tier’s over all',
  (size) => {
    const records = journalAt(size)
    const tier = tierAt(size)
    expect(Object.keys(tier.byPayload ?? {})).toEqual(NAMES)
    const warmMeans: Record<string, number> = {}
    for (const name of NAMES) {
      const own = records.filter((r) => NAME_OF.get(r.payloadSha256) === name)
      const warm = own.filter((r) => !r.cold && r.error === null)
      const got = tier.byPayload![name]
      expect(got.invocations).toBe(SHARES[name])
      expect(got.coldStarts).toBe(own.filter((r) => r.cold).length)
      expect(got.errors).toBe(0)
      if (warm.length === 0) {
        expect(got.billedDuration).toBeNull()
        continue
      }
      expect(got.billedDuration!.mean).toBeCloseTo(mean(warm.map((r) => r.billedDurationMs)), 6)
      expect(got.costPerInvocation).not.toBeNull()
      warmMeans[name] = got.billedDuration!.mean
    }
    // No noise in the model: Duration = the curve × the event's factor.
    const base = mean(
      records
        .filter((r) => !r.cold && NAME_OF.get(r.payloadSha256) === 'light')
        .map((r) => r.durationMs)
    )
    for (const [name, m] of Object.entries(warmMeans)) {
      // Billed is Duration rounded up to the ms (Durations are kept to 0.01 ms).
      expect(Math.abs(m - base * FACTOR[name])).toBeLessThanOrEqual(1)
      if (name !== 'light') expect(m).toBeGreaterThan(warmMeans.light)
    }
    const warmAll = records.filter((r) => !r.cold && r.error === null)
    expect(tier.invocations).toBe(INVOCATIONS)
    expect(tier.coldStarts).toBe(records.filter((r) => r.cold).length)
    expect(tier.billedDuration!.mean).toBeCloseTo(mean(warmAll.map((r) => r.billedDurationMs)), 6)
  }
)

test('the report’s details show each payload’s mean per size', () => {
  for (const name of NAMES) {
    const cells = SIZES.map((size) => {
      const summary = tierAt(size).byPayload![name].billedDuration
      return summary ? formatMs(summary.mean) : '—'
    })
    expect(run.summary).toContain(`| Mean, ms · ${escapeText(name)} | ${cells.join(' | ')} |`)
  }
})

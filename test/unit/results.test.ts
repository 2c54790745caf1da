/**
 * Reading results files back: a file of an early version of the action (no display names,
 * throttles, isolation…) is read, filled in and compared; a bad file is refused with the file,
 * the first bad field and what was expected; unknown fields of a newer version are kept.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { compareResults } from '../../src/compare/comparison.js'
import type { Results } from '../../src/model/results.js'
import { withoutSamples } from '../../src/publish/outputs.js'
import { renderReport } from '../../src/report/index.js'
import { loadBaseline } from '../../src/results/baseline.js'
import { readResults, ResultsFileError, writeResults } from '../../src/results/file.js'
import { fn, results } from '../fixtures/results/builder.js'

const EARLY = new URL('../fixtures/results/v1-early-baseline.json', import.meta.url)
const SIZES = [128, 1024, 3008]
/** The early file's means (ms), as its functions measured them. */
const MEANS: Record<string, number[]> = {
  'boto3-serial': [2410, 1650, 1625],
  'boto3-threadpool': [3650, 560, 395],
  'aioboto3-async': [3380, 498, 344]
}

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'results-'))
})

/** Writes `content` (JSON of an object, or raw text) to `name` in the temp dir; its path. */
async function file(name: string, content: unknown): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2))
  return path
}

type Key = string | number
type Json = Record<Key, unknown>

async function early(): Promise<Json> {
  return JSON.parse(await readFile(EARLY, 'utf8')) as Json
}

/** The object at `path` in test data of a known shape, to change it. */
function at(o: unknown, path: Key[]): Json {
  return path.reduce((v, k) => (v as Json)[k], o) as Json
}

/** The message readResults throws for a copy of the early file changed by `change`. */
async function refusal(name: string, change: (o: Json) => void): Promise<string> {
  const o = await early()
  change(o)
  const path = await file(name, o)
  const error = await readResults(path).then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(ResultsFileError)
  return (error as Error).message
}

describe('readResults: a file of an early version', () => {
  it('is read, with what it lacks filled in as it meant', async () => {
    const raw = await early()
    expect(at(raw, ['functions', 0])).not.toHaveProperty('displayName')
    expect(at(raw, ['functions', 0, 'tiers', 0])).not.toHaveProperty('throttles')
    expect(raw.settings).not.toHaveProperty('isolation')

    const r = await readResults(EARLY.pathname)
    expect(r.functions.map((f) => f.displayName)).toEqual(Object.keys(MEANS))
    expect(r.settings).toEqual({
      memorySizes: SIZES,
      invocations: 30,
      concurrency: 5,
      isolation: 'latest',
      monthlyInvocations: null,
      coldStarts: 0,
      targetPrecision: null,
      minInvocations: null
    })
    for (const t of r.functions.flatMap((f) => f.tiers)) {
      expect(t).toMatchObject({
        throttles: 0,
        reportsFromLogs: 0,
        coldStartCostPerInvocation: null
      })
      expect(t.samples).toHaveLength(30 - 5 - t.errors)
    }
    expect(r.functions[1].tiers[0].errorTypes).toEqual({ 'Sandbox.Timedout': 2 })
    expect(r).not.toHaveProperty('runUrl')
    expect(r).not.toHaveProperty('comparison')
  })

  it('is compared with this version’s run, and the slowed function alone is a regression', async () => {
    const baseline = await readResults(EARLY.pathname)
    const current = results(
      Object.entries(MEANS).map(([name, means], f) =>
        fn({
          name,
          region: 'eu-west-1',
          tiers: SIZES.map((memorySize, i) => ({
            memorySize,
            // boto3-threadpool got 30 % slower at every size.
            mean: name === 'boto3-threadpool' ? means[i] * 1.3 : means[i],
            invocations: 30,
            coldStarts: 5,
            seed: 9000 + 100 * f + i
          }))
        })
      )
    )
    const c = compareResults(current, baseline, { thresholdPct: 10 })
    expect(c.unmatched).toEqual({ functions: [], baselineFunctions: [], memorySizes: [] })
    expect(c.tiers).toHaveLength(9)
    const regressions = c.tiers.filter((t) => t.verdict === 'regression')
    expect(regressions.map((t) => `${t.baselineFunctionName}@${t.memorySize}`)).toEqual([
      'boto3-threadpool@128',
      'boto3-threadpool@1024',
      'boto3-threadpool@3008'
    ])
    expect(c.tiers.filter((t) => t.verdict === 'improvement')).toEqual([])
    const report = renderReport({ ...current, comparison: c })
    expect(report).toContain('**3 regressions** against the baseline of 2026-11-26')
  })
})

describe('readResults: what it refuses, and how it says so', () => {
  it('names the file, the field and what was expected', async () => {
    expect(
      await refusal(
        'baseline.json',
        (o) => (at(o, ['functions', 0, 'tiers', 2, 'billedDuration']).mean = '12')
      )
    ).toBe(
      `${join(dir, 'baseline.json')}: functions[0].tiers[2].billedDuration.mean: expected a number, got "12"`
    )
  })

  it.each<[string, (o: Json) => void, string]>([
    [
      'a missing field',
      (o) => delete at(o, ['functions', 1, 'tiers', 0]).errors,
      'functions[1].tiers[0].errors: missing (expected a whole number)'
    ],
    [
      'a negative count',
      (o) => (at(o, ['functions', 0, 'tiers', 1]).coldStarts = -1),
      'functions[0].tiers[1].coldStarts: expected a whole number ≥ 0, got -1'
    ],
    [
      'a value outside an enum',
      (o) => (at(o, ['functions', 2]).architecture = 'arm'),
      'functions[2].architecture: expected one of "x86_64", "arm64", got "arm"'
    ],
    [
      'a number where an object or null belongs',
      (o) => (at(o, ['functions', 0, 'tiers', 0]).initDuration = 395),
      'functions[0].tiers[0].initDuration: expected an object or null, got 395'
    ],
    [
      'an odd key, quoted',
      (o) => (at(o, ['functions', 1, 'tiers', 0, 'errorTypes'])['Sandbox.Timedout'] = '2'),
      'functions[1].tiers[0].errorTypes["Sandbox.Timedout"]: expected a whole number, got "2"'
    ],
    [
      'an object where an array belongs',
      (o) => (o.functions = { 'boto3-serial': at(o, ['functions', 0]) }),
      'functions: expected an array, got an object'
    ],
    [
      'every sample a string: the first, and how many more',
      (o) => {
        for (const t of at(o, ['functions', 0]).tiers as { samples: unknown[] }[]) {
          t.samples = t.samples.map(String)
        }
      },
      'functions[0].tiers[0].samples[0]: expected a number, got "2603" (and 74 more problems)'
    ]
  ])('%s', async (_label, change, expected) => {
    expect(await refusal('bad.json', change)).toBe(`${join(dir, 'bad.json')}: ${expected}`)
  })

  it('never echoes a long value', async () => {
    const message = await refusal(
      'long.json',
      (o) => (at(o, ['functions', 0]).status = 'x'.repeat(10_000))
    )
    expect(message).toBe(
      `${join(dir, 'long.json')}: functions[0].status: expected one of "ok", "failed", got "${'x'.repeat(37)}…"`
    )
  })

  it('refuses another schema version, before judging any field', async () => {
    const path = await file('v2.json', { schemaVersion: 2, functions: 'whatever v2 holds' })
    await expect(readResults(path)).rejects.toThrow(
      `${path}: schemaVersion 2; this version reads 1`
    )
    const text = await file('v-text.json', { schemaVersion: '1' })
    await expect(readResults(text)).rejects.toThrow(
      `${text}: schemaVersion "1"; this version reads 1`
    )
  })

  it.each([
    ['empty', '  \n', 'the file is empty'],
    ['cut short', '{"schemaVersion": 1, "functions": [', 'not JSON (it ends too early)'],
    [
      'broken',
      '{\n  "schemaVersion": 1,\n  "token": ghp_secret\n}',
      'not JSON (error at line 3, column 12)'
    ],
    ['an array', '[{"schemaVersion": 1}]', 'not a benchmark results file (no schemaVersion)']
  ])('a file %s', async (name, text, reason) => {
    const path = await file(`${name}.json`, text)
    const error = await readResults(path).catch((e: unknown) => e)
    expect((error as Error).message).toBe(`${path}: ${reason}`)
    expect((error as Error).message).not.toContain('ghp_secret')
  })

  it('reads a file with a byte order mark', async () => {
    const path = await file('bom.json', '\uFEFF' + (await readFile(EARLY, 'utf8')))
    expect((await readResults(path)).functions).toHaveLength(3)
  })
})

describe('readResults: a newer version’s file', () => {
  it('keeps fields it does not know, at every level, through a read and a write', async () => {
    const o = await early()
    o.trend = [{ startedAt: '2026-11-20T08:00:00.000Z', regressions: 0 }]
    const byHour = [{ hour: 8, meanBilledMs: 2400 }]
    at(o, ['settings']).coldStarts = 2
    at(o, ['functions', 0]).packageType = 'Zip'
    at(o, ['functions', 0, 'tiers', 0]).byHour = byHour
    at(o, ['functions', 0, 'tiers', 0, 'billedDuration']).p999 = 2603
    const r = (await readResults(await file('newer.json', o))) as Results & Record<string, unknown>
    expect(r.trend).toEqual(o.trend)
    expect(r.settings).toHaveProperty('coldStarts', 2)
    expect(r.functions[0]).toHaveProperty('packageType', 'Zip')
    expect(r.functions[0].tiers[0]).toHaveProperty('byHour', byHour)
    expect(r.functions[0].tiers[0].billedDuration).toHaveProperty('p999', 2603)

    const again = join(dir, 'newer-again.json')
    await writeResults(again, r)
    expect(await readResults(again)).toEqual(r)
  })
})

describe('readResults: the `results` output saved as a file', () => {
  it('is read; its empty samples leave the pairs untested rather than guessed', async () => {
    const baseline = await readResults(EARLY.pathname)
    const saved = withoutSamples(baseline)
    const r = await readResults(await file('output.json', saved))
    expect(r.functions[0].tiers[0].samples).toEqual([])
    const c = compareResults(baseline, r, { thresholdPct: 10 })
    expect(new Set(c.tiers.map((t) => t.verdict))).toEqual(new Set(['insufficient-data']))
    expect(c.tiers[0].baselineMean).toBe(baseline.functions[0].tiers[0].billedDuration!.mean)
  })
})

describe('loadBaseline', () => {
  it('warns with the reason, naming the file once, and reports without a comparison', async () => {
    const path = await file('baseline-bad.json', { ...(await early()), startedAt: 1764144843 })
    const warnings: string[] = []
    expect(await loadBaseline(path, false, (m) => warnings.push(m))).toBeUndefined()
    expect(warnings).toEqual([
      `baseline: "${path}" is not a usable results file (startedAt: expected a string, got 1764144843); reporting without a comparison (the first run on a branch has no baseline)`
    ])
  })

  it('fails when the baseline is required', async () => {
    const path = await file('baseline-v2.json', { schemaVersion: 2 })
    await expect(loadBaseline(path, true, () => undefined)).rejects.toThrow(
      `baseline: "${path}" is not a usable results file (schemaVersion 2; this version reads 1) and baseline-required is true`
    )
  })

  it('reads a good one', async () => {
    const warnings: string[] = []
    const r = await loadBaseline(EARLY.pathname, false, (m) => warnings.push(m))
    expect(r?.functions).toHaveLength(3)
    expect(warnings).toEqual([])
  })
})

describe('readResults: a payload set', () => {
  it("reads each tier's byPayload, and a file without it has none", async () => {
    const o = await early()
    const byPayload = {
      small: {
        invocations: 3,
        errors: 0,
        coldStarts: 1,
        billedDuration: null,
        costPerInvocation: null
      }
    }
    at(o, ['functions', 0, 'tiers', 0]).byPayload = byPayload
    const r = await readResults(await file('payloads.json', o))
    expect(r.functions[0].tiers[0].byPayload).toEqual(byPayload)
    expect(r.functions[0].tiers[1]).not.toHaveProperty('byPayload')
    at(o, ['functions', 0, 'tiers', 0]).byPayload = { small: { invocations: -1 } }
    await expect(readResults(await file('bad-payloads.json', o))).rejects.toThrow(
      /tiers\[0\]\.byPayload\.small\.invocations/
    )
  })
})

/**
 * Properties of the results file over any Results the code can produce
 * (test/fixtures/results/arbitrary.ts): a write then a read gives it back unchanged; a file
 * of an earlier version (the later fields absent) is read with them filled in; and a file with
 * one field broken is refused, naming that field's path.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import type { Results } from '../../src/model/results.js'
import { readResults, writeResults } from '../../src/results/file.js'
import { anyResults } from '../fixtures/results/arbitrary.js'

type Path = (string | number)[]
type Json = Record<string | number, unknown>

let dir: string
let n = 0
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'results-properties-'))
})
const nextPath = (): string => join(dir, `r${n++}.json`)

/** Every path to a primitive value (number, string, boolean, null) of a JSON value. */
function leaves(value: unknown, path: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]))
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]))
  }
  return [path]
}

/** The path as a reader writes it: `functions[0].tiers[1].errorTypes["Sandbox.Timedout"]`. */
function readable(path: Path): string {
  return path
    .map((k, i) => {
      if (typeof k === 'number') return `[${k}]`
      if (/^[A-Za-z_$][\w$]*$/.test(k)) return i === 0 ? k : `.${k}`
      return `[${JSON.stringify(k)}]`
    })
    .join('')
}

function set(o: Json, path: Path, value: unknown): void {
  const parent = path.slice(0, -1).reduce<unknown>((v, k) => (v as Json)[k], o) as Json
  parent[path[path.length - 1]] = value
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

describe('the results file', () => {
  it('gives back any Results unchanged after a write and a read', async () => {
    await fc.assert(
      fc.asyncProperty(anyResults, async (results) => {
        const path = nextPath()
        await writeResults(path, results)
        const back = await readResults(path)
        expect(back).toStrictEqual(results)
        // Key order too: a baseline written back out reads like the original.
        expect(JSON.stringify(back)).toBe(JSON.stringify(results))
      })
    )
  })

  it('reads a file without the fields added after the first version, filling them in', async () => {
    await fc.assert(
      fc.asyncProperty(anyResults, async (results) => {
        const old = JSON.parse(JSON.stringify(results)) as Json
        delete old.runUrl
        delete old.cancelled
        delete old.comparison
        delete old.merged
        const settings = old.settings as Json
        delete settings.isolation
        delete settings.monthlyInvocations
        for (const f of old.functions as Json[]) {
          delete f.displayName
          for (const t of f.tiers as Json[]) {
            for (const key of [
              'throttles',
              'reportsFromLogs',
              'coldStartCostPerInvocation',
              'samples'
            ]) {
              delete t[key]
            }
          }
        }
        const path = nextPath()
        await writeFile(path, JSON.stringify(old))
        const expected: Results = {
          schemaVersion: 1,
          startedAt: results.startedAt,
          finishedAt: results.finishedAt,
          settings: { ...results.settings, isolation: 'latest', monthlyInvocations: null },
          functions: results.functions.map((f) => ({
            ...f,
            displayName: f.functionName,
            tiers: f.tiers.map((t) => ({
              ...t,
              throttles: 0,
              reportsFromLogs: 0,
              coldStartCostPerInvocation: null,
              samples: []
            }))
          }))
        }
        expect(await readResults(path)).toStrictEqual(expected)
      })
    )
  })

  it('refuses a file with one field broken, naming that field', async () => {
    await fc.assert(
      fc.asyncProperty(anyResults, fc.nat(), async (results, pick) => {
        const path = nextPath()
        await writeResults(path, results)
        const o = JSON.parse(await readFile(path, 'utf8')) as Json
        // schemaVersion has a message of its own (tested with the messages).
        const candidates = leaves(o).filter((p) => p[0] !== 'schemaVersion')
        const broken = candidates[pick % candidates.length]
        // An empty array is wrong wherever a JSON leaf stands: no field of the file takes a
        // number, a string or null in one place and an array in another.
        set(o, broken, [])
        await writeFile(path, JSON.stringify(o))
        const error = await readResults(path).catch((e: unknown) => e)
        expect(error).toBeInstanceOf(Error)
        expect((error as Error).message).toMatch(
          new RegExp(
            `^${escape(path)}: ${escape(readable(broken))}: expected .+, got an array of 0 items$`
          )
        )
      })
    )
  })
})

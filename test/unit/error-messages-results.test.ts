/**
 * The step's own failures in words: a results file that cannot be written (the real system
 * errors, on this machine's file systems), and the functions that could not be benchmarked —
 * one sentence when they all failed for one reason, as missing credentials or an unreachable
 * endpoint make every function fail.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stepFailure } from '../../src/finish.js'
import type { Plan } from '../../src/model/plan.js'
import { writeResults } from '../../src/results/file.js'
import { fn, results } from '../fixtures/results/builder.js'

const some = results([fn({ name: 'orders', tiers: [{ memorySize: 128, mean: 100 }] })])

/** The message writing the results file to `path` fails with. */
async function writeFailure(path: string): Promise<string> {
  try {
    await writeResults(path, some)
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
  throw new Error(`${path} was written`)
}

describe('a results file that cannot be written: one sentence, what failed and what to do', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'results-file-'))
    await writeFile(join(dir, 'a-file'), 'x')
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  test('its directory does not exist', async () => {
    const path = join(dir, 'out', 'results.json')
    expect(await writeFailure(path)).toBe(
      `Could not write the results file ${path}: its directory ${join(dir, 'out')} does not exist (ENOENT); ` +
        'create it in an earlier step or give results-file another path'
    )
  })

  test('a file where its directory should be', async () => {
    const path = join(dir, 'a-file', 'results.json')
    expect(await writeFailure(path)).toBe(
      `Could not write the results file ${path}: part of its directory ${join(dir, 'a-file')} is a file (ENOTDIR); ` +
        'give results-file another path'
    )
  })

  test('it is a directory', async () => {
    expect(await writeFailure(dir)).toBe(
      `Could not write the results file ${dir}: it is a directory (EISDIR); give results-file a file path`
    )
  })

  // /dev/full answers every write with ENOSPC, whoever writes.
  const linux = process.platform === 'linux' ? test : test.skip
  linux('the disk is full', async () => {
    expect(await writeFailure('/dev/full')).toBe(
      "Could not write the results file /dev/full: the runner's disk is full (ENOSPC); " +
        'free space in an earlier step or give results-file a path on another disk'
    )
  })
})

describe('functions that could not be benchmarked', () => {
  const plan = { resultsFile: 'lambda-benchmark-results.json', failOnRegression: false } as Plan
  const failed = (name: string, error: string) => fn({ name, status: 'failed', error, tiers: [] })
  const ok = (name: string) => fn({ name, tiers: [{ memorySize: 128, mean: 100 }] })
  const refused =
    "could not reach AWS Lambda at http://127.0.0.1:9 (connect ECONNREFUSED 127.0.0.1:9); check the runner's network and AWS_ENDPOINT_URL"

  test('the only function: one sentence', () => {
    expect(stepFailure(plan, results([failed('orders', refused)]))).toBe(
      `orders could not be benchmarked: ${refused}`
    )
  })

  test('every function for one reason: said once', () => {
    const run = results([failed('orders', refused), failed('billing', refused)])
    expect(stepFailure(plan, run)).toBe(`None of the 2 functions could be benchmarked: ${refused}`)
  })

  test('some functions for one reason: named, said once', () => {
    const run = results([failed('orders', refused), ok('thumbnails'), failed('billing', refused)])
    expect(stepFailure(plan, run)).toBe(
      `2 of 3 functions could not be benchmarked (orders, billing): ${refused}`
    )
    expect(stepFailure(plan, results([failed('orders', refused), ok('billing')]))).toBe(
      `orders could not be benchmarked (1 of 2 functions): ${refused}`
    )
  })

  test('for reasons of their own: a line each', () => {
    const denied =
      'lambda:UpdateFunctionConfiguration was denied for billing (grant lambda:UpdateFunctionConfiguration on it): …'
    const run = results([failed('orders', refused), failed('billing', denied)])
    expect(stepFailure(plan, run)).toBe(
      `2 of 2 function(s) could not be benchmarked:\norders: ${refused}\nbilling: ${denied}`
    )
  })
})

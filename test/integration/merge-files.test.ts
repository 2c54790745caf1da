/**
 * readShards against real directories: globs as actions/upload-artifact takes them, each file
 * once, sorted; and every problem — a pattern matching nothing, a file that is not a results
 * file, a function in two files — reported together in one MergeError.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { Results } from '../../src/model/results.js'
import { writeResults } from '../../src/results/file.js'
import { MergeError } from '../../src/results/merge.js'
import { readShards } from '../../src/results/merge-files.js'
import { fn, results } from '../fixtures/results/builder.js'

/** A job's results file with functions in `region`. */
function job(region: string, ...names: string[]): Results {
  return results(
    names.map((name) =>
      fn({ name, region, tiers: [{ memorySize: 512, mean: 120, invocations: 20 }] })
    )
  )
}

// @actions/glob logs its options with core.debug: `::debug::` lines a runner hides.
const write = process.stdout.write.bind(process.stdout)
beforeAll(() => {
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) =>
    String(chunk).startsWith('::debug::') ? true : write(chunk, ...rest)) as typeof write
})
afterAll(() => {
  process.stdout.write = write
})

let ws: string
beforeEach(async () => {
  ws = await mkdtemp(join(tmpdir(), 'merge-files-'))
})

async function put(path: string, content: Results | string): Promise<string> {
  const file = join(ws, path)
  await mkdir(dirname(file), { recursive: true })
  if (typeof content === 'string') await writeFile(file, content)
  else await writeResults(file, content)
  return file
}

async function problems(patterns: string[], workspace: string = ws): Promise<string[]> {
  const error = await readShards(patterns, workspace).then(
    () => undefined,
    (e: unknown) => e
  )
  if (!(error instanceof MergeError)) throw new Error(`expected a MergeError, got ${String(error)}`)
  expect(error.message).toBe(error.problems.join('\n'))
  return error.problems
}

const EU = job('eu-west-1', 'orders-api', 'billing')
const US = job('us-east-1', 'orders-api')
const AP = job('ap-south-1', 'search')

describe('readShards', () => {
  it('reads what a glob matches, sorted by path, paths relative to the workspace', async () => {
    await put('shards/us-east-1/lambda-benchmark-results.json', US)
    await put('shards/eu-west-1/lambda-benchmark-results.json', EU)
    await put('shards/notes.txt', 'not matched by the glob')
    const shards = await readShards(['shards/*/lambda-benchmark-results.json'], ws)
    expect(shards).toStrictEqual([
      { path: join('shards', 'eu-west-1', 'lambda-benchmark-results.json'), results: EU },
      { path: join('shards', 'us-east-1', 'lambda-benchmark-results.json'), results: US }
    ])
  })

  it('takes a directory for every file under it, and ** for any depth', async () => {
    await put('shards/b.json', US)
    await put('shards/deep/er/a.json', EU)
    const byDir = await readShards(['shards'], ws)
    expect(byDir.map((s) => s.path)).toEqual([
      join('shards', 'b.json'),
      join('shards', 'deep', 'er', 'a.json')
    ])
    const byStars = await readShards(['./shards/**/*.json'], ws)
    expect(byStars.map((s) => s.path)).toEqual(byDir.map((s) => s.path))
  })

  it('reads a file matched by two patterns once', async () => {
    await put('eu.json', EU)
    await put('us.json', US)
    const shards = await readShards(['*.json', 'eu.json', 'e?.json'], ws)
    expect(shards.map((s) => s.path)).toEqual(['eu.json', 'us.json'])
  })

  it('leaves out what a !pattern matches, from every other pattern', async () => {
    await put('shards/eu.json', EU)
    await put('shards/us.json', US)
    await put('shards/us.partial.json', AP)
    const shards = await readShards(['shards/*.json', '!shards/*.partial.json'], ws)
    expect(shards.map((s) => s.path)).toEqual([
      join('shards', 'eu.json'),
      join('shards', 'us.json')
    ])
  })

  it('skips blank lines and # comments, and refuses a list with no pattern', async () => {
    await put('eu.json', EU)
    const shards = await readShards(['', '  # the eu-west-1 job', ' eu.json '], ws)
    expect(shards.map((s) => s.path)).toEqual(['eu.json'])
    expect(await problems(['', '# nothing'])).toEqual(['merge-results: no path or glob given'])
  })

  it('resolves relative patterns against the working directory by default', async () => {
    await put('here/eu.json', EU)
    const before = process.cwd()
    process.chdir(ws)
    try {
      const shards = await readShards(['here/*.json'])
      expect(shards.map((s) => s.path)).toEqual([join('here', 'eu.json')])
    } finally {
      process.chdir(before)
    }
  })

  it('shows a file outside the workspace by its absolute path', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'merge-files-outside-'))
    await writeResults(join(outside, 'eu.json'), EU)
    await put('us.json', US)
    const shards = await readShards([join(outside, '*.json'), 'us.json'], ws)
    expect(shards.map((s) => s.path).sort()).toEqual([join(outside, 'eu.json'), 'us.json'].sort())
  })

  it('takes the workspace literally, glob characters in its name included', async () => {
    const odd = join(ws, 'we[i]rd*dir?')
    await put('we[i]rd*dir?/eu.json', EU)
    await put('weirdXdirY/us.json', US) // what the unescaped name would also match
    const shards = await readShards(['*.json'], odd)
    expect(shards).toStrictEqual([{ path: 'eu.json', results: EU }])
  })

  it('names a pattern that matches no file', async () => {
    await put('eu.json', EU)
    expect(await problems(['eu.json', 'shards/*.json'])).toEqual([
      'merge-results: "shards/*.json" matches no file'
    ])
  })

  it('names a pattern whose every match is left out', async () => {
    await put('eu.json', EU)
    expect(await problems(['eu.json', 'e*.json', '!eu.json'])).toEqual([
      'merge-results: "eu.json" matches no file',
      'merge-results: "e*.json" matches no file'
    ])
  })

  it('names a pattern @actions/glob cannot use', async () => {
    await put('eu.json', EU)
    expect(await problems(['eu.json', '../elsewhere/*.json'])).toEqual([
      expect.stringMatching(
        /^merge-results: "\.\.\/elsewhere\/\*\.json" is not a usable glob: .*'\.\.' is not allowed/
      )
    ])
  })

  it('names each file that is not a results file, and why', async () => {
    await put('a/eu.json', EU)
    await put('a/notes.txt', 'the matrix ran in two regions')
    await put('a/package.json', '{ "name": "orders", "version": "1.0.0" }')
    await put('a/empty.json', '')
    const broken = JSON.parse(JSON.stringify(US)) as Results
    ;(broken.functions[0].tiers[0] as unknown as Record<string, unknown>).invocations = -1
    await put('a/us.json', JSON.stringify(broken))
    expect(await problems(['a'])).toEqual([
      'merge-results: a/empty.json is not a results file: the file is empty',
      'merge-results: a/notes.txt is not a results file: not JSON (error at line 1, column 2)',
      'merge-results: a/package.json is not a results file: not a benchmark results file (no schemaVersion)',
      'merge-results: a/us.json is not a results file: functions[0].tiers[0].invocations: expected a whole number ≥ 0, got -1'
    ])
  })

  it('names a function found in two files, and both files', async () => {
    await put('shards/eu.json', EU)
    await put('shards/eu-retry.json', job('eu-west-1', 'billing'))
    await put('shards/us.json', US)
    const arn = 'arn:aws:lambda:eu-west-1:123456789012:function:billing'
    expect(await problems(['shards/*.json'])).toEqual([
      `merge-results: billing (${arn}) is in both shards/eu-retry.json and shards/eu.json`
    ])
  })

  it('reports every problem in one error, patterns first, then files in path order', async () => {
    await put('shards/eu.json', EU)
    await put('shards/eu-copy.json', EU)
    await put('shards/readme.md', '# shards')
    await put('shards/us.json', US)
    const orders = 'arn:aws:lambda:eu-west-1:123456789012:function:orders-api'
    const billing = 'arn:aws:lambda:eu-west-1:123456789012:function:billing'
    expect(await problems(['shards', 'ap/*.json', 'shards/us.json', 'missing.json'])).toEqual([
      'merge-results: "ap/*.json" matches no file',
      'merge-results: "missing.json" matches no file',
      'merge-results: shards/readme.md is not a results file: not JSON (error at line 1, column 1)',
      `merge-results: orders-api (${orders}) is in both shards/eu-copy.json and shards/eu.json`,
      `merge-results: billing (${billing}) is in both shards/eu-copy.json and shards/eu.json`
    ])
  })
})

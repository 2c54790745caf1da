import { inputsParser } from '../fixtures/inputs.js'

const ENV = { AWS_REGION: 'eu-west-1' }

/** parseInputs with a token, the given inputs and '' for the rest (no functions by default). */
const { parse, problems } = inputsParser({ 'github-token': 'ghs_x' }, ENV)

describe('baseline: auto, results-artifact, upload-results, history', () => {
  it('reads auto as the base branch artifact, with the default name, upload and a trend of 10', () => {
    const plan = parse({ functions: 'orders', baseline: 'auto' })
    expect(plan.baseline).toEqual({ source: { kind: 'artifact' }, map: {}, required: false })
    expect(plan.artifact).toEqual({ name: 'lambda-benchmark-results', upload: true, history: 10 })
  })

  it('reads a path as a file, with no trend', () => {
    const plan = parse({ functions: 'orders', baseline: './auto' })
    expect(plan.baseline?.source).toEqual({ kind: 'file', path: './auto' })
    expect(plan.artifact.history).toBe(0)
  })

  it('reads the artifact name, upload-results: false and history: 0', () => {
    const plan = parse({
      functions: 'orders',
      baseline: 'auto',
      'results-artifact': 'bench-eu',
      'upload-results': 'false',
      history: '0'
    })
    expect(plan.artifact).toEqual({ name: 'bench-eu', upload: false, history: 0 })
  })

  it.each([
    [{ 'results-artifact': 'a/b' }, 'results-artifact: "a/b" holds a character'],
    [{ 'results-artifact': 'shard:1' }, 'results-artifact: "shard:1" holds a character'],
    [{ 'upload-results': 'yes' }, 'upload-results: "yes" is not a boolean'],
    [{ baseline: 'auto', history: '-1' }, 'history: "-1" is not a whole number between 0 and 100'],
    [
      { baseline: 'auto', history: '101' },
      'history: "101" is not a whole number between 0 and 100'
    ],
    [{ baseline: 'auto', history: 'ten' }, 'history: "ten" is not a whole number'],
    [{ history: '20' }, 'history: "20" needs baseline: auto'],
    [{ baseline: 'main.json', history: '5' }, 'history: "5" needs baseline: auto'],
    [
      { baseline: 'auto', 'github-token': '' },
      "baseline: auto reads the base branch's results artifacts with github-token, which is empty"
    ]
  ])('refuses %j', (inputs, message) => {
    const found = problems({ functions: 'orders', ...inputs })
    expect(found).toHaveLength(1)
    expect(found[0]).toContain(message)
  })

  it('accepts history written out at its default, or 0, without baseline: auto', () => {
    expect(problems({ functions: 'orders', history: '10' })).toEqual([])
    expect(problems({ functions: 'orders', history: '0' })).toEqual([])
  })

  it('lets baseline-required stand with auto', () => {
    expect(
      parse({ functions: 'orders', baseline: 'auto', 'baseline-required': 'true' }).baseline
    ).toMatchObject({ required: true })
  })
})

describe('merge-results', () => {
  it('reads one path or glob per line (commas stay inside a glob) and needs no functions', () => {
    const plan = parse({ 'merge-results': 'shards/*.json\n  eu/{a,b}.json \r\n\n' })
    expect(plan.mergeResults).toEqual(['shards/*.json', 'eu/{a,b}.json'])
    expect(plan.functions).toEqual([])
  })

  it('still says functions is required when neither is given', () => {
    expect(problems({})).toEqual([
      'Input required and not supplied: functions (function names or ARNs, one per line or comma-separated)'
    ])
  })

  it('refuses functions or baseline-functions beside it, naming both', () => {
    expect(problems({ 'merge-results': 'a.json', functions: 'orders' })).toEqual([
      'functions and merge-results: give one, functions to benchmark or merge-results to report results files measured by other jobs'
    ])
    expect(problems({ 'merge-results': 'a.json', 'baseline-functions': 'a=b' })).toContainEqual(
      expect.stringContaining('baseline-functions and merge-results:')
    )
  })

  it('takes a baseline to compare the merged run with', () => {
    const plan = parse({ 'merge-results': 'a.json', baseline: 'auto' })
    expect(plan.baseline?.source).toEqual({ kind: 'artifact' })
  })
})

describe('baseline: auto on GitHub Enterprise Server', () => {
  const ghes = inputsParser(
    { 'github-token': 'ghs_x', functions: 'orders' },
    { ...ENV, GITHUB_SERVER_URL: 'https://github.example.com' }
  )

  it('is refused before any call: the artifact service is not there', () => {
    expect(ghes.problems({ baseline: 'auto' })).toEqual([
      "baseline: auto reads results artifacts through GitHub's artifact service, which GitHub Enterprise Server (https://github.example.com) does not have; give baseline a results file instead"
    ])
  })

  it('still takes a baseline file', () => {
    expect(ghes.problems({ baseline: 'main.json' })).toEqual([])
  })
})

/**
 * The CLI's flags come from action.yml: every input but GitHub's own is a flag, a new input
 * becomes one, and the README's table is the one made from that list. The action's messages,
 * renamed, name the flag: every message parse.ts gives for a bad value of an exposed input.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { readActionInputs } from '../../src/cli/action-inputs.js'
import { renameInputs } from '../../src/cli/flag-names.js'
import { benchmarkFlags, flagNames, flagsTable, GITHUB_ONLY } from '../../src/cli/flags.js'
import { InputError, parseInputs } from '../../src/inputs/parse.js'
import { REPO_ROOT } from '../runner-files.js'

const inputs = readActionInputs()
const flags = benchmarkFlags()
const names = flagNames(flags.flatMap((f) => (f.input ? [f.input] : [])))

test("every input of action.yml but GitHub-only ones is a flag, with the CLI's own after them", () => {
  const exposed = inputs.map((i) => i.name).filter((n) => !GITHUB_ONLY.includes(n))
  expect(flags.filter((f) => f.input).map((f) => f.name)).toEqual(exposed)
  expect(flags.filter((f) => !f.input).map((f) => f.name)).toEqual(['format', 'profile', 'region'])
  for (const name of GITHUB_ONLY) expect(inputs.map((i) => i.name)).toContain(name)
  // The flags, all there.
  for (const name of [
    'functions',
    'memory-sizes',
    'invocations',
    'concurrency',
    'payload',
    'payload-file',
    'baseline',
    'baseline-functions',
    'regression-threshold',
    'fail-on-regression',
    'results-file',
    'isolation',
    'monthly-invocations'
  ]) {
    expect(flags.map((f) => f.name)).toContain(name)
  }
})

test('an input added to action.yml is a flag, with its default and a switch for a boolean', () => {
  const yaml = `${readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8').replace(
    /\ninputs:\n/,
    "\ninputs:\n  extra-rounds:\n    description: 'Extra invocations per size, each on a fresh environment; not with merge-results.'\n    default: '0'\n  warm-up:\n    description: 'Warm up first.'\n    default: 'false'\n"
  )}`
  const added = benchmarkFlags(readActionInputs(yaml))
  expect(added.find((f) => f.name === 'extra-rounds')).toEqual({
    name: 'extra-rounds',
    value: '<n>',
    description:
      'Extra invocations per size, each on a fresh environment; not with --merge-results.',
    default: '0',
    input: 'extra-rounds'
  })
  expect(added.find((f) => f.name === 'warm-up')).toMatchObject({ value: '[bool]', default: '' })
})

test("the README's flags table is the one made from the flags", () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')
  const section = /<!-- cli-flags:start[^>]*-->\n([\s\S]*?)\n<!-- cli-flags:end -->/.exec(readme)
  expect(section).not.toBeNull()
  // On a mismatch, `npm run readme:flags` writes the table anew.
  expect(section![1]).toBe(flagsTable())
})

describe('renameInputs', () => {
  test.each([
    ['invocations: "0" is not a whole number', '--invocations: "0" is not a whole number'],
    [
      'payloads-file and payload: give one, a payload set or a single event',
      '--payloads-file and --payload: give one, a payload set or a single event'
    ],
    [
      'Input required and not supplied: functions (function names or ARNs)',
      'Input required and not supplied: --functions (function names or ARNs)'
    ],
    [
      'baseline-map: matches functions to a baseline file; with baseline-functions the pairs are given there',
      '--baseline-map: matches functions to a baseline file; with --baseline-functions the pairs are given there'
    ],
    // A quoted value is what the user wrote, even when it looks like an input's name.
    [
      'functions: "memory-sizes" is not a function',
      '--functions: "memory-sizes" is not a function'
    ],
    // A word that is also an input is left alone in prose.
    [
      'payloads-file: entry #2: its payload is 7 bytes',
      '--payloads-file: entry #2: its payload is 7 bytes'
    ],
    [
      'Cancelled: partial results written to r.json',
      'Cancelled: partial results written to r.json'
    ],
    [
      'functions: "f" has no region; give its full ARN or set AWS_REGION (aws-actions/configure-aws-credentials does)',
      '--functions: "f" has no region; give its full ARN or --region (or set AWS_REGION, or a region in the AWS profile)'
    ]
  ])('%s', (message, expected) => {
    expect(renameInputs(message, names)).toBe(expected)
  })

  test('AWS_REGION becomes --region when the region came from the flag', () => {
    const withRegion = new Map([...names, ['AWS_REGION', '--region']])
    expect(renameInputs('AWS_REGION: "moon-1" is not an AWS region', withRegion)).toBe(
      '--region: "moon-1" is not an AWS region'
    )
  })
})

/** A value parse.ts refuses, for each exposed input that has one. */
const BAD: Record<string, string> = {
  functions: 'arn:aws:lambda:moon:1:function:f',
  'memory-sizes': '64',
  invocations: '0',
  concurrency: 'x',
  payload: '{',
  'payload-file': 'missing.json',
  'payloads-file': 'missing.json',
  baseline: 'auto',
  'baseline-map': 'nopair',
  'baseline-required': 'maybe',
  'baseline-functions': 'nopair',
  'regression-threshold': '0',
  'fail-on-regression': 'maybe',
  'results-file': 'dir/',
  'monthly-invocations': '1,5',
  isolation: 'vm',
  'dry-run': 'maybe',
  'cold-starts': '-1',
  'target-precision': '60',
  'min-invocations': '3'
}

test.each(Object.entries(BAD))(
  "parse.ts's message for a bad %s names the flag once renamed",
  (input, value) => {
    const raw: Record<string, string> = { functions: 'f', [input]: value }
    let problems: string[] = []
    try {
      parseInputs((name) => raw[name] ?? '', { AWS_REGION: 'us-east-1' })
    } catch (error) {
      if (!(error instanceof InputError)) throw error
      problems = error.problems
    }
    const renamed = problems.map((p) => renameInputs(p, names))
    expect(renamed.some((p) => p.startsWith(`--${input}`))).toBe(true)
  }
)

test('every exposed input with a value parse.ts can refuse is covered above', () => {
  const free = ['merge-results']
  for (const f of flags.filter((f) => f.input && !free.includes(f.name))) {
    expect(Object.keys(BAD)).toContain(f.name)
  }
})

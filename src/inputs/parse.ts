/**
 * Raw action inputs → one validated Plan, before any AWS call.
 *
 * Every rule and every message lives here (function identifiers in inputs/functions.ts, the
 * payload in inputs/payload.ts). All
 * problems are collected and reported together, one per line, so a user fixing a workflow
 * sees them all at once. Each message starts with the input's name and quotes the bad value
 * — except the payload, which may hold secrets: only its path and the position of the error.
 *
 * An empty optional input takes its action.yml default, as if it had been left out.
 */
import type { CommentMode, Isolation, Plan } from '../model/plan.js'
import { artifactPlan, mergePatterns } from './artifacts.js'
import { comparedWith } from './baselines.js'
import { dryRun } from './dry-run.js'
import { parseFunctions, REGION } from './functions.js'
import { payload } from './payload.js'
import { payloads } from './payloads.js'
import { Problems, quote as q, wholeNumber } from './problems.js'
import { sampling } from './sampling.js'

/** Thrown by parseInputs; `problems` holds one message per bad input value. */
export class InputError extends Error {
  readonly problems: string[]
  constructor(problems: string[]) {
    super(problems.join('\n'))
    this.name = 'InputError'
    this.problems = problems
  }
}

/** The action.yml defaults, used when an optional input is empty. */
export const DEFAULTS = {
  'memory-sizes': '128,256,512,1024,1536,2048,3008',
  invocations: '100',
  concurrency: '10',
  payload: '{}',
  'comment-mode': 'update',
  'comment-tag': 'lambda-memory-benchmark',
  'regression-threshold': '10',
  'results-file': 'lambda-benchmark-results.json',
  isolation: 'latest',
  'results-artifact': 'lambda-benchmark-results',
  'upload-results': 'true',
  history: '10',
  'cold-starts': '0'
} as const

const MEMORY_MIN = 128
const MEMORY_MAX = 10240
const INVOCATIONS_MAX = 10_000
const CONCURRENCY_MAX = 1_000
const COLD_STARTS_MAX = 1_000

function memorySizes(raw: string, problems: Problems): number[] {
  const sizes = new Set<number>()
  const entries = raw.split(/[\s,]+/).filter((s) => s.length > 0)
  if (entries.length === 0) problems.add('memory-sizes: give at least one memory size in MB')
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) {
      problems.add(`memory-sizes: ${q(entry)} is not a whole number of MB`)
    } else if (Number(entry) < MEMORY_MIN || Number(entry) > MEMORY_MAX) {
      problems.add(`memory-sizes: ${q(entry)} is not between ${MEMORY_MIN} and ${MEMORY_MAX} MB`)
    } else {
      sizes.add(Number(entry))
    }
  }
  return [...sizes].sort((a, b) => a - b)
}

/** YAML 1.2 core schema booleans, as core.getBooleanInput accepts them; empty = false. */
function boolean(name: string, raw: string, problems: Problems): boolean {
  if (['true', 'True', 'TRUE'].includes(raw)) return true
  if (['false', 'False', 'FALSE', ''].includes(raw)) return false
  problems.add(`${name}: ${q(raw)} is not a boolean (true | True | TRUE | false | False | FALSE)`)
  return false
}

function oneOf<T extends string>(
  name: string,
  raw: string,
  allowed: readonly T[],
  problems: Problems
): T | undefined {
  if ((allowed as readonly string[]).includes(raw)) return raw as T
  return problems.add(`${name}: ${q(raw)} is not one of ${allowed.join(', ')}`)
}

/** The tag goes inside `<!-- … -->`: it must not end the comment early or break it. */
function commentTag(raw: string, problems: Problems): string {
  const bad = (why: string): string => {
    problems.add(`comment-tag: ${q(raw)} ${why}`)
    return raw
  }
  if (raw.length > 200) return bad('is longer than 200 characters')
  if (/[\r\n]/.test(raw)) return bad('must be on one line')
  if (raw.includes('--')) return bad('must not contain "--" (it would end the hidden HTML comment)')
  if (/[<>]/.test(raw))
    return bad('must not contain "<" or ">" (it would break the hidden HTML comment)')
  if (raw.startsWith('-') || raw.endsWith('-')) return bad('must not start or end with "-"')
  return raw
}

function prNumber(raw: string, problems: Problems): number | undefined {
  if (!raw) return undefined
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) {
    return problems.add(
      `pr-number: ${q(raw)} is not a pull request number (a positive whole number)`
    )
  }
  return Number(raw)
}

/** Percent; a trailing `%` is allowed (`10%`). */
function regressionThreshold(raw: string, problems: Problems): number {
  const text = raw.replace(/\s*%$/, '')
  const value = /^\d+(\.\d+)?$|^\.\d+$/.test(text) ? Number(text) : NaN
  if (!(value > 0 && value < 1000)) {
    problems.add(`regression-threshold: ${q(raw)} is not a percentage above 0 and below 1000`)
    return Number(DEFAULTS['regression-threshold'])
  }
  return value
}

/**
 * Digits, optionally grouped by thousands with `,` or `_` (`1000000`, `1,000,000`,
 * `1_000_000`). Grouping must be by threes, so `1,5` (a decimal comma elsewhere) is refused.
 */
function monthlyInvocations(raw: string, problems: Problems): number | undefined {
  if (!raw) return undefined
  const grouped = /^\d{1,3}([,_]\d{3})+$/.test(raw)
  const digits = grouped ? raw.replace(/[,_]/g, '') : raw
  const value = /^\d+$/.test(digits) ? Number(digits) : NaN
  if (!(value >= 1) || !Number.isSafeInteger(value)) {
    return problems.add(
      `monthly-invocations: ${q(raw)} is not a positive whole number (e.g. 1000000, 1,000,000 or 1_000_000)`
    )
  }
  return value
}

function resultsFile(raw: string, problems: Problems): string {
  if (/[\\/]$/.test(raw)) {
    problems.add(`results-file: ${q(raw)} is a directory; give a file path`)
  }
  return raw
}

/** The region for functions given without an ARN; a malformed one is an error of its own. */
function defaultRegion(env: NodeJS.ProcessEnv, problems: Problems): string | undefined {
  for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION']) {
    const value = env[name]?.trim()
    if (!value) continue
    // A malformed region is reported once, here, not again for every function that uses it.
    if (!REGION.test(value)) problems.add(`${name}: ${q(value)} is not an AWS region`)
    return value
  }
  return undefined
}

/**
 * Parses and validates every input of action.yml into a Plan. `getInput` returns the raw
 * value ('' when unset), as core.getInput does. Throws InputError with every problem found.
 */
export function parseInputs(getInput: (name: string) => string, env: NodeJS.ProcessEnv): Plan {
  const problems = new Problems()
  const input = (name: string): string => (getInput(name) ?? '').trim()
  const orDefault = (name: keyof typeof DEFAULTS): string => input(name) || DEFAULTS[name]

  const region = defaultRegion(env, problems)
  const merge = mergePatterns(input('merge-results'))
  // Merging reports shards measured elsewhere: there is nothing to benchmark here.
  const functions =
    merge.length > 0 ? { targets: [], problems: [] } : parseFunctions(input('functions'), region)
  functions.problems.forEach((p) => problems.add(p))
  if (merge.length > 0 && input('functions')) {
    problems.add(
      'functions and merge-results: give one, functions to benchmark or merge-results to report results files measured by other jobs'
    )
  }
  const memory = memorySizes(orDefault('memory-sizes'), problems)
  const invocations = wholeNumber(
    'invocations',
    orDefault('invocations'),
    1,
    INVOCATIONS_MAX,
    problems
  )
  const concurrency = wholeNumber(
    'concurrency',
    orDefault('concurrency'),
    1,
    CONCURRENCY_MAX,
    problems
  )
  const coldStarts = wholeNumber(
    'cold-starts',
    orDefault('cold-starts'),
    0,
    COLD_STARTS_MAX,
    problems
  )
  // The raw payload is not trimmed: it is sent byte for byte.
  const event = payload(getInput('payload') || DEFAULTS.payload, input('payload-file'), problems)
  const set = input('payloads-file') ? payloads(input('payloads-file'), problems) : undefined
  if (input('payloads-file')) {
    const inline = ![DEFAULTS.payload, ''].includes(getInput('payload'))
    if (inline || input('payload-file')) {
      problems.add(
        `payloads-file and ${input('payload-file') ? 'payload-file' : 'payload'}: give one, a payload set or a single event`
      )
    }
  }
  const token = input('github-token')
  const mode = oneOf<CommentMode>(
    'comment-mode',
    orDefault('comment-mode'),
    ['update', 'create', 'off'],
    problems
  )
  const tag = commentTag(orDefault('comment-tag'), problems)
  const pr = prNumber(input('pr-number'), problems)
  const { source, map, required, pairs } = comparedWith(
    {
      baseline: input('baseline'),
      map: input('baseline-map'),
      required: boolean('baseline-required', input('baseline-required'), problems),
      pairs: input('baseline-functions'),
      token,
      merging: merge.length > 0
    },
    { targets: functions.targets, region, env },
    problems
  )
  const threshold = regressionThreshold(orDefault('regression-threshold'), problems)
  const failOnRegression = boolean('fail-on-regression', input('fail-on-regression'), problems)
  const file = resultsFile(orDefault('results-file'), problems)
  const monthly = monthlyInvocations(input('monthly-invocations'), problems)
  const isolation = oneOf<Isolation>(
    'isolation',
    orDefault('isolation'),
    ['latest', 'versions'],
    problems
  )
  const artifact = artifactPlan(
    {
      name: orDefault('results-artifact'),
      upload: boolean('upload-results', orDefault('upload-results'), problems),
      history: orDefault('history'),
      // Written out, the default means what leaving it out means.
      historyGiven: ![DEFAULTS.history, ''].includes(input('history'))
    },
    source,
    problems
  )
  const dry = dryRun(boolean('dry-run', input('dry-run'), problems), merge.length > 0, problems)
  const adaptive = sampling(
    input('target-precision'),
    input('min-invocations'),
    invocations,
    problems
  )

  if (problems.list.length > 0) throw new InputError(problems.list)

  return {
    functions: functions.targets,
    memorySizes: memory,
    invocations: invocations as number,
    concurrency: concurrency as number,
    payload: event as string,
    ...(set ? { payloads: set } : {}),
    comment: {
      mode: mode as CommentMode,
      tag,
      token,
      ...(pr !== undefined ? { prNumber: pr } : {})
    },
    ...(source ? { baseline: { source, map, required } } : {}),
    ...(pairs.length > 0 ? { liveBaselines: pairs } : {}),
    regressionThreshold: threshold,
    failOnRegression,
    resultsFile: file,
    ...(monthly !== undefined ? { monthlyInvocations: monthly } : {}),
    isolation: isolation as Isolation,
    coldStarts: coldStarts as number,
    ...(adaptive ? { sampling: adaptive } : {}),
    artifact,
    ...(merge.length > 0 ? { mergeResults: merge } : {}),
    ...(dry ? { dryRun: true } : {})
  }
}

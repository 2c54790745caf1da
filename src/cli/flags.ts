/**
 * The CLI's flags, from one source: action.yml's inputs (less those only GitHub can serve) and
 * the CLI's own. `--help` (program.ts) and the README's table (`flagsTable`, checked by a test)
 * are both made from this list, so an input added to action.yml is a documented flag at once.
 */
import { readActionInputs, type ActionInput } from './action-inputs.js'
import { renameInputs } from './flag-names.js'

/** One flag. */
export interface Flag {
  /** Without the dashes: `memory-sizes`. */
  name: string
  /** The placeholder of its value (`<n>`); `[bool]` for a switch that may be given a value. */
  value: string
  description: string
  /** Shown in the help and the table ('' for none). */
  default: string
  /** The action input it feeds; absent for the CLI's own flags. */
  input?: string
  /** The values it accepts, when they are a closed list. */
  choices?: readonly string[]
}

/** The action's inputs that only GitHub can serve: the comment, the artifacts and their trend. */
export const GITHUB_ONLY: readonly string[] = [
  'github-token',
  'comment-mode',
  'comment-tag',
  'pr-number',
  'results-artifact',
  'upload-results',
  'history'
]

/** Where action.yml's wording is about the step, its outputs or the comment: the CLI's. */
const DESCRIPTIONS: Readonly<Record<string, string>> = {
  baseline: "Path to an earlier run's results file to compare against.",
  'baseline-required':
    'Exit 2, before any AWS call, when the baseline file is missing or invalid, instead of warning.',
  'baseline-functions':
    'Live baselines: current=baseline pairs of functions (names or ARNs), one per line or comma-separated. Each baseline is benchmarked in the same run, interleaved with its current function, and the current is compared with it. Every current is one of --functions; not with --baseline.',
  'fail-on-regression':
    'Exit 1 when a significant regression is found (after the report is printed).',
  'merge-results':
    'Results files (paths or globs, one per line) of runs that each benchmarked some of the functions: merged and reported as one run, with no AWS call. Not with --functions.',
  'payload-file': 'Path to a JSON file with the event; wins over --payload.',
  'payloads-file':
    'Path to a JSON array of { "name"?, "weight"?, "payload" }: at every size the invocations are spread over these events in proportion to their weights (largest remainder), interleaved in time. Not with --payload or --payload-file.',
  'dry-run':
    "Read each function's configuration (GetFunction only) and print what the benchmark would do: per function the updates, versions and invocations, an estimate of the AWS cost and of the wall time, and any function it would refuse (then exit 1). Nothing is changed or invoked; no results file."
}

/** Placeholders that say more than `<value>`. */
const VALUES: Readonly<Record<string, string>> = {
  functions: '<list>',
  'memory-sizes': '<list>',
  payload: '<json>',
  baseline: '<path>',
  'baseline-functions': '<pairs>',
  'baseline-map': '<pairs>',
  'merge-results': '<globs>',
  isolation: '<mode>',
  'monthly-invocations': '<n>'
}

/** The CLI's own flags, after the inputs. */
const OWN: readonly Flag[] = [
  {
    name: 'format',
    value: '<format>',
    description:
      'What is printed to stdout: text (an aligned table), markdown (the report the action posts) or json (the results file).',
    default: 'text',
    choices: ['text', 'markdown', 'json']
  },
  {
    name: 'profile',
    value: '<name>',
    description: "AWS profile (SSO profiles too), as AWS_PROFILE; default: the SDK's own chain.",
    default: ''
  },
  {
    name: 'region',
    value: '<region>',
    description:
      "Region of the functions given by name, as AWS_REGION; default: AWS_REGION, else the profile's region.",
    default: ''
  }
]

const BOOLEAN = new Set(['true', 'false'])

function valueOf(input: ActionInput): string {
  if (BOOLEAN.has(input.default)) return '[bool]'
  if (VALUES[input.name]) return VALUES[input.name]
  if (input.name.endsWith('-file')) return '<path>'
  if (/^\d+$/.test(input.default)) return '<n>'
  return '<value>'
}

/** Every flag of the benchmark command: the inputs, in action.yml's order, then the CLI's own. */
export function benchmarkFlags(inputs: readonly ActionInput[] = readActionInputs()): Flag[] {
  const exposed = inputs.filter((i) => !GITHUB_ONLY.includes(i.name))
  const names = flagNames(exposed.map((i) => i.name))
  const fromInputs = exposed.map((input): Flag => {
    const bool = BOOLEAN.has(input.default)
    return {
      name: input.name,
      value: valueOf(input),
      description: DESCRIPTIONS[input.name] ?? renameInputs(input.description, names),
      default: bool ? '' : input.default,
      input: input.name
    }
  })
  return [...fromInputs, ...OWN]
}

/** Each input's flag (`invocations` → `--invocations`), for renaming messages. */
export function flagNames(inputs: readonly string[]): Map<string, string> {
  return new Map(inputs.map((name) => [name, `--${name}`]))
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')

/**
 * The README's table of the flags (between its `cli-flags` markers), with `--help` and
 * `--version`, which commander adds.
 */
export function flagsTable(flags: readonly Flag[] = benchmarkFlags()): string {
  const rows = flags.map((f) => {
    const value = f.value === '[bool]' ? ' [true\\|false]' : ` ${f.value}`
    return `| \`--${f.name}${value}\` | ${f.default ? `\`${cell(f.default)}\`` : ''} | ${cell(f.description)} |`
  })
  return [
    '| flag | default | meaning |',
    '|---|---|---|',
    ...rows,
    '| `--help` | | the flags, as here |',
    '| `--version` | | the version |'
  ].join('\n')
}

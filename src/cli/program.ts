/**
 * The command line: `lambda-memory-benchmark [flags]` runs the benchmark, `… restore` puts back
 * what a killed run left. commander parses the flags (flags.ts: action.yml's inputs and the
 * CLI's own) and writes --help; each flag's raw value goes to parse.ts as its input's value.
 *
 * Exit codes: 0 done; 1 a function failed, a regression with --fail-on-regression, or an
 * unexpected error; 2 bad usage (before any AWS call); 128 + the signal after Ctrl-C (130).
 */
import { Command, CommanderError, Option } from 'commander'
import { packageVersion } from './action-inputs.js'
import { renameInputs } from './flag-names.js'
import { benchmarkFlags, flagNames, type Flag } from './flags.js'
import { restoreCommand } from './restore-command.js'
import { benchmarkCommand, type Format } from './run.js'
import { UsageError, type Io } from './terminal.js'

const NAME = 'lambda-memory-benchmark'
const EXIT_USAGE = 2

/** A flag given twice adds a line, as a list input takes one entry per line. */
const collect = (value: string, previous: string | undefined): string =>
  previous === undefined ? value : `${previous}\n${value}`

function optionOf(flag: Flag): Option {
  const description = flag.default
    ? `${flag.description} (default: ${flag.default})`
    : flag.description
  const option = new Option(`--${flag.name} ${flag.value}`, description)
  if (flag.choices) option.choices(flag.choices)
  // A switch given bare is `true` (commander's value for it); with a value, the value.
  else if (flag.value !== '[bool]') option.argParser(collect)
  return option
}

const AFTER = `
Credentials, region and endpoint come the AWS SDK's standard way: AWS_PROFILE (or --profile,
SSO profiles too), AWS_REGION (or --region), AWS_ENDPOINT_URL. Progress goes to stderr; the
report to stdout. Exit codes: 0 done, 1 a function failed (or a regression with
--fail-on-regression), 2 bad usage (no AWS call made), 130 interrupted by Ctrl-C (every
function restored, partial results written). A run killed outright leaves a state file:
\`${NAME} restore\` puts its functions back.`

/** One sentence per line of what went wrong, never a stack. */
function describe(error: unknown): string {
  if (
    error instanceof TypeError ||
    error instanceof ReferenceError ||
    error instanceof RangeError
  ) {
    return `Unexpected error (${error.name}: ${error.message}); please report it with the command you ran`
  }
  return error instanceof Error ? error.message : String(error)
}

/** Runs the command line `argv` (without node and the script); resolves to the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const flags = benchmarkFlags()
  const names = flagNames(flags.flatMap((f) => (f.input ? [f.input] : [])))
  const error = (line: string): void => void io.stderr.write(`error: ${line}\n`)
  let code = 0
  const program = new Command(NAME)
    .description(
      'Benchmark AWS Lambda functions at each memory size: duration, cost and the size to pick, with the report the GitHub Action posts.'
    )
    .version(packageVersion(), '--version', 'the version')
    .helpOption('--help', 'the flags')
    .addHelpText('after', AFTER)
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s)
    })
    .showSuggestionAfterError()
    .exitOverride()
  for (const flag of flags) program.addOption(optionOf(flag))
  program.action(async () => {
    const values = program.opts<Record<string, string | true | undefined>>()
    const options = program.options
    const valueOf = (name: string): string | undefined => {
      const option = options.find((o) => o.long === `--${name}`)
      const value = option ? values[option.attributeName()] : undefined
      return value === true ? 'true' : value
    }
    const region = valueOf('region')
    const rename = (message: string): string =>
      renameInputs(message, region ? new Map([...names, ['AWS_REGION', '--region']]) : names)
    code = await benchmarkCommand(
      {
        input: (name) => (names.has(name) ? (valueOf(name) ?? '') : ''),
        format: (valueOf('format') ?? 'text') as Format,
        ...(valueOf('profile') ? { profile: valueOf('profile') } : {}),
        ...(region ? { region } : {}),
        rename
      },
      io
    )
  })
  program
    .command('restore')
    .description('Put back the functions of runs that were killed before they could restore them.')
    .option('--profile <name>', 'AWS profile, as AWS_PROFILE')
    .option('--force', 'also restore runs whose process still seems to be running')
    .action(async (opts: { profile?: string; force?: boolean }) => {
      code = await restoreCommand(
        { force: opts.force === true, ...(opts.profile ? { profile: opts.profile } : {}) },
        io
      )
    })
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return code
  } catch (caught) {
    if (caught instanceof CommanderError) {
      // commander has printed its message (help and --version exit 0).
      return caught.exitCode === 0 ? 0 : EXIT_USAGE
    }
    if (caught instanceof UsageError) {
      caught.problems.forEach(error)
      io.stderr.write(`Nothing was run (no AWS call made); \`${NAME} --help\` lists the flags.\n`)
      return EXIT_USAGE
    }
    describe(caught).split('\n').forEach(error)
    return 1
  }
}

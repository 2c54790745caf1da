/**
 * The layering of src/, enforced by `npm run lint` (depcruise). Data flows one way: each part of
 * src/ (a folder, or a file directly in src/) may import only the parts listed for it, all of
 * them below it, so no cycle between parts can form; no cycle between files either.
 *
 *   core                 retry, clock, settings, errors, logger: imports nothing of ours
 *   github               the Octokit client (retries, throttling), GitHub's errors, which GitHub
 *   model                the shapes passed between parts (plan, measurements, results)
 *   inputs  stats  aws   raw inputs → Plan; statistics and cost; AWS clients and errors
 *   compare              a run against its baseline (statistics)
 *   configure            a function's configuration: snapshot, update and wait, restore, versions
 *   bench                measuring: one session per function, a strategy per isolation mode
 *   results  report      assembling the Results, the results file; Results → markdown
 *   artifacts  publish   results artifacts (baseline: auto, history, upload); comment, summary, outputs
 *   base                 what the run compares with: the baseline file or the base branch's artifacts
 *   dry-run              dry-run: true — the configurations read, the plan, cost and time estimated
 *   finish main post     the steps; index and post-index only start them
 *   cli                  the command line: the same core as the steps, none of GitHub's publishing
 */
const LAYERS = {
  core: [],
  model: ['core'],
  inputs: ['github', 'model', 'core'],
  stats: ['model', 'core'],
  aws: ['core'],
  compare: ['stats', 'model', 'core'],
  configure: ['aws', 'model', 'core'],
  bench: ['configure', 'aws', 'stats', 'model', 'core'],
  results: ['compare', 'stats', 'inputs', 'model', 'core'],
  report: ['stats', 'model', 'core'],
  github: ['core'],
  artifacts: ['github', 'results', 'model', 'core'],
  publish: ['github', 'model', 'core'],
  'base.ts': ['artifacts', 'github', 'results', 'model', 'core'],
  'finish.ts': ['artifacts', 'publish', 'report', 'results', 'model', 'core'],
  'dry-run': ['publish', 'report', 'configure', 'aws', 'stats', 'model', 'core'],
  'main.ts': [
    'finish.ts',
    'base.ts',
    'dry-run',
    'bench',
    'configure',
    'results',
    'inputs',
    'aws',
    'model',
    'core'
  ],
  // The post step restores and cleans up; it never loads the measuring code.
  'post.ts': ['configure', 'aws', 'core'],
  // The command line uses the core as main does, with no GitHub part (base, finish, publish,
  // artifacts, github): nothing of src/ imports it.
  cli: ['dry-run', 'bench', 'configure', 'results', 'report', 'inputs', 'aws', 'model', 'core'],
  'index.ts': ['main.ts'],
  'post-index.ts': ['post.ts']
}

const escapeDots = (s) => s.replace(/[.]/g, '\\.')
/** The path pattern of a part: a folder and everything in it, or one file. */
const part = (name) => (name.endsWith('.ts') ? `^src/${escapeDots(name)}$` : `^src/${name}/`)

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A cycle between files: one of them belongs lower, or the shared part in a file of its own.',
      from: { path: '^src/' },
      to: { circular: true }
    },
    ...Object.entries(LAYERS).map(([name, allowed]) => ({
      name: `layer-${name}`,
      severity: 'error',
      comment: `src/${name} may import only ${allowed.length ? allowed.join(', ') : 'packages'} (see the table at the top of .dependency-cruiser.cjs).`,
      from: { path: part(name) },
      to: {
        path: '^src/',
        pathNot: [part(name), ...allowed.map(part)]
      }
    })),
    {
      name: 'src-not-to-tests',
      severity: 'error',
      comment: 'The product never loads test or script code.',
      from: { path: '^src/' },
      to: { path: '^(test|scripts)/' }
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment:
        'dist/ is bundled from src/: what src/ imports must be a dependency, not a devDependency.',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] }
    },
    {
      name: 'no-non-package-json',
      severity: 'error',
      comment:
        'Every package src/ imports is declared in package.json (a transitive one may vanish).',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] }
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true }
    }
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json']
    },
    // The product's own parts; tests and scripts are checked only for what they reach.
    includeOnly: '^(src|test|scripts)/|node_modules'
  }
}

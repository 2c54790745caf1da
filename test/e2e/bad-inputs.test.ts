/**
 * Every bad input stops the action before any AWS call: exit 1, a message naming the input and
 * the bad value, and an emulator journal without a single call. Needs `npm run bundle` first.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Emulator } from '../emulator/index.js'
import { startEmulator } from '../emulator/index.js'
import { runAction, type RunResult } from '../runner.js'

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function'

/** [what is wrong, inputs, the message expected in the ::error:: line] */
const CASES: [string, Record<string, string>, string][] = [
  ['no functions', { functions: '' }, 'Input required and not supplied: functions'],
  [
    'memory below 128 MB',
    { 'memory-sizes': '64' },
    'memory-sizes: "64" is not between 128 and 10240 MB'
  ],
  [
    'memory not a number',
    { 'memory-sizes': '128,abc' },
    'memory-sizes: "abc" is not a whole number'
  ],
  [
    'zero invocations',
    { invocations: '0' },
    'invocations: "0" is not a whole number between 1 and 10000'
  ],
  [
    'too much concurrency',
    { concurrency: '1001' },
    'concurrency: "1001" is not a whole number between 1 and 1000'
  ],
  ['payload not JSON', { payload: '{"a":' }, 'payload: is not valid JSON'],
  [
    'payload file missing',
    { 'payload-file': 'missing.json' },
    'payload-file: "missing.json" does not exist'
  ],
  ['qualified ARN', { functions: `${ARN}:bad-alias:prod` }, 'names alias "prod"'],
  ['duplicate function', { functions: 'bad-dup\nbad-dup' }, 'are the same function'],
  [
    'unknown comment mode',
    { 'comment-mode': 'sometimes' },
    'comment-mode: "sometimes" is not one of update, create, off'
  ],
  [
    'not a boolean',
    { 'fail-on-regression': 'maybe' },
    'fail-on-regression: "maybe" is not a boolean'
  ],
  [
    'no memory size',
    { 'memory-sizes': ' , ' },
    'memory-sizes: give at least one memory size in MB'
  ],
  [
    'memory above 10240 MB',
    { 'memory-sizes': '128,10241' },
    'memory-sizes: "10241" is not between 128 and 10240 MB'
  ],
  [
    'too many invocations',
    { invocations: '10001' },
    'invocations: "10001" is not a whole number between 1 and 10000'
  ],
  [
    'payload file not JSON',
    { 'payload-file': 'bad.json' },
    'payload-file: "bad.json" is not valid JSON (line 4, column 1)'
  ],
  [
    'payload file above 6 MB',
    { 'payload-file': 'big.json' },
    'bytes; Lambda accepts at most 6291456 (6 MB) for a synchronous invocation'
  ],
  [
    'payload file a directory',
    { 'payload-file': 'a-directory' },
    'payload-file: "a-directory" is not a file'
  ],
  [
    'not an ARN',
    { functions: 'arn:aws:s3:::my-bucket' },
    'functions: "arn:aws:s3:::my-bucket" is not a Lambda function ARN'
  ],
  [
    'invalid function name',
    { functions: 'my function!' },
    'functions: "my function!" has an invalid function name'
  ],
  [
    'malformed region in an ARN',
    { functions: `arn:aws:lambda:Mars:123456789012:function:f` },
    'has an invalid region "Mars"'
  ],
  [
    'region from another partition',
    { functions: `arn:aws-cn:lambda:us-east-1:123456789012:function:f` },
    'has region "us-east-1", which is not in partition aws-cn'
  ],
  [
    'malformed account',
    { functions: `arn:aws:lambda:us-east-1:12345:function:f` },
    'has an invalid account "12345" (12 digits)'
  ],
  [
    'malformed AWS_REGION',
    { functions: 'good', __env_AWS_REGION: 'Moon Base' },
    'AWS_REGION: "Moon Base" is not an AWS region'
  ],
  [
    'no region at all',
    { functions: 'good', __env_AWS_REGION: '' },
    'functions: "good" has no region; give its full ARN or set AWS_REGION'
  ],
  [
    'baseline-functions together with baseline',
    { functions: 'good', 'baseline-functions': 'good=good-main', baseline: 'main.json' },
    'baseline-functions and baseline: give one'
  ],
  [
    'a malformed live pair',
    { functions: 'good', 'baseline-functions': 'good' },
    'baseline-functions: "good" is not a pair current=baseline'
  ],
  [
    'a live pair whose current is not benchmarked',
    { functions: 'good', 'baseline-functions': 'other=other-main' },
    'baseline-functions: "other" is not one of functions'
  ],
  [
    'a live baseline that is also benchmarked as a function',
    { functions: 'good,good-main', 'baseline-functions': 'good=good-main' },
    'baseline-functions: "good-main" is also in functions'
  ],
  [
    'a current paired twice',
    { functions: 'good', 'baseline-functions': 'good=a\ngood=b' },
    'baseline-functions: "good" is paired twice'
  ],
  [
    'a live baseline paired twice',
    { functions: 'good,bad-dup', 'baseline-functions': 'good=main,bad-dup=main' },
    'baseline-functions: "main" is the baseline of two functions'
  ],
  [
    'a deadline that is not a number of milliseconds',
    { functions: 'good', __env_LMB_UPDATE_DEADLINE_MS: '5m' },
    'LMB_UPDATE_DEADLINE_MS: "5m" is not a number of milliseconds (0 or more)'
  ],
  [
    'comment tag that would end the marker',
    { 'comment-tag': 'a-->b' },
    'comment-tag: "a-->b" must not contain "--"'
  ],
  [
    'comment tag with angle brackets',
    { 'comment-tag': 'a<b' },
    'comment-tag: "a<b" must not contain "<" or ">"'
  ],
  [
    'pr-number not a number',
    { 'pr-number': '#12' },
    'pr-number: "#12" is not a pull request number (a positive whole number)'
  ],
  [
    'baseline-map not pairs',
    { 'baseline-map': 'new-fn' },
    'baseline-map: "new-fn" is not a pair current=baseline'
  ],
  [
    'baseline-map mapping a name twice',
    { 'baseline-map': 'a=b\na=c' },
    'baseline-map: "a" is mapped twice'
  ],
  [
    'baseline-required without a baseline',
    { 'baseline-required': 'true' },
    'baseline-required: is true but baseline is empty'
  ],
  [
    'baseline-required and the baseline missing',
    { 'baseline-required': 'true', baseline: 'nowhere.json' },
    'and baseline-required is true'
  ],
  [
    'regression-threshold zero',
    { 'regression-threshold': '0' },
    'regression-threshold: "0" is not a percentage above 0 and below 1000'
  ],
  [
    'regression-threshold not a number',
    { 'regression-threshold': 'ten' },
    'regression-threshold: "ten" is not a percentage above 0 and below 1000'
  ],
  [
    'results-file a directory',
    { 'results-file': 'out/' },
    'results-file: "out/" is a directory; give a file path'
  ],
  [
    'monthly-invocations not a number',
    { 'monthly-invocations': '1.5M' },
    'monthly-invocations: "1.5M" is not a positive whole number'
  ],
  [
    'monthly-invocations with a decimal comma',
    { 'monthly-invocations': '1,5' },
    'monthly-invocations: "1,5" is not a positive whole number'
  ],
  [
    'target-precision not a percentage',
    { 'target-precision': 'tight' },
    'target-precision: "tight" is not a percentage above 0 and at most 50'
  ],
  [
    'target-precision above 50',
    { 'target-precision': '60' },
    'target-precision: "60" is not a percentage above 0 and at most 50'
  ],
  [
    'target-precision 0',
    { 'target-precision': '0' },
    'target-precision: "0" is not a percentage above 0 and at most 50'
  ],
  [
    'min-invocations below 5',
    { 'target-precision': '2', 'min-invocations': '4' },
    'min-invocations: "4" is not a whole number between 5 and 100'
  ],
  [
    'min-invocations above invocations',
    { 'target-precision': '2', invocations: '30', 'min-invocations': '31' },
    'min-invocations: "31" is not a whole number between 5 and 30'
  ],
  [
    'min-invocations without target-precision',
    { 'min-invocations': '10' },
    'min-invocations: is set but target-precision is empty'
  ],
  [
    'cold-starts not a whole number',
    { 'cold-starts': '2.5' },
    'cold-starts: "2.5" is not a whole number between 0 and 1000'
  ],
  [
    'cold-starts too many',
    { 'cold-starts': '1001' },
    'cold-starts: "1001" is not a whole number between 0 and 1000'
  ],
  [
    'unknown isolation',
    { isolation: 'aliases' },
    'isolation: "aliases" is not one of latest, versions'
  ],
  [
    'an artifact name with a slash',
    { 'results-artifact': 'bench/eu' },
    'results-artifact: "bench/eu" holds a character an artifact name may not'
  ],
  [
    'upload-results not a boolean',
    { 'upload-results': 'always' },
    'upload-results: "always" is not a boolean'
  ],
  [
    'history above 100',
    { baseline: 'auto', history: '500', 'github-token': 'ghs_x' },
    'history: "500" is not a whole number between 0 and 100 (0 = off)'
  ],
  ['history without baseline: auto', { history: '5' }, 'history: "5" needs baseline: auto'],
  [
    'baseline: auto without a token',
    { baseline: 'auto', 'github-token': '' },
    "baseline: auto reads the base branch's results artifacts with github-token, which is empty"
  ],
  [
    'merge-results beside functions',
    { 'merge-results': 'shards/*.json' },
    'functions and merge-results: give one'
  ],
  [
    'merge-results beside baseline-functions',
    { functions: '', 'merge-results': 'shards/*.json', 'baseline-functions': 'good=main' },
    'baseline-functions and merge-results: live baselines are measured by a benchmark'
  ],
  [
    'dry-run not a boolean',
    { 'dry-run': 'plan' },
    'dry-run: "plan" is not a boolean (true | True | TRUE | false | False | FALSE)'
  ],
  [
    'dry-run beside merge-results',
    { functions: '', 'merge-results': 'shards/*.json', 'dry-run': 'true' },
    'dry-run and merge-results: give one'
  ],
  [
    'payloads-file not an array',
    { 'payloads-file': 'set-object.json' },
    'payloads-file: "set-object.json" is not a JSON array'
  ],
  [
    'payloads-file empty',
    { 'payloads-file': 'set-empty.json' },
    'payloads-file: "set-empty.json" is an empty array'
  ],
  [
    'payloads-file entry without payload',
    { 'payloads-file': 'set-no-payload.json' },
    'payloads-file: entry #2 ("b") has no "payload"'
  ],
  [
    'payloads-file weight not a positive integer',
    { 'payloads-file': 'set-weight.json' },
    'payloads-file: entry #1: "weight" must be a positive integer'
  ],
  [
    'payloads-file duplicate names',
    { 'payloads-file': 'set-dup.json' },
    'payloads-file: entry #2 ("a") has the same name as entry #1; names must be unique'
  ],
  [
    'payloads-file entry above 6 MB',
    { 'payloads-file': 'set-big.json' },
    'payloads-file: entry #1 ("huge"): its payload is 6291466 bytes; Lambda accepts at most 6291456 (6 MB)'
  ],
  [
    'payloads-file with payload',
    { 'payloads-file': 'set-ok.json', payload: '{"a":1}' },
    'payloads-file and payload: give one'
  ],
  [
    'payloads-file with payload-file',
    { 'payloads-file': 'set-ok.json', 'payload-file': 'set-ok.json' },
    'payloads-file and payload-file: give one'
  ],
  [
    'merge-results matching no file',
    { functions: '', 'merge-results': 'shards/*.json' },
    'merge-results: "shards/*.json" matches no file'
  ]
]

let emulator: Emulator
let workspace: string
const runs = new Map<string, RunResult>()

beforeAll(async () => {
  emulator = await startEmulator({
    timeScale: 0,
    functions: [
      { name: 'good', model: { cpuMs: 10 } },
      { name: 'bad-alias', model: { cpuMs: 10 } },
      { name: 'bad-dup', model: { cpuMs: 10 } }
    ]
  })
  // One workspace for every case, with the files some of them name.
  workspace = await mkdtemp(join(tmpdir(), 'bad-inputs-'))
  await writeFile(join(workspace, 'bad.json'), '{\n  "a": 1,\n  "b": \n}\n')
  await writeFile(join(workspace, 'big.json'), `{"pad":"${'x'.repeat(6_291_456)}"}`)
  await mkdir(join(workspace, 'a-directory'))
  const sets: Record<string, unknown> = {
    'set-object.json': { payload: { secret: 'hunter2' } },
    'set-empty.json': [],
    'set-no-payload.json': [{ payload: 1 }, { name: 'b' }],
    'set-weight.json': [{ weight: 0, payload: { secret: 'hunter2' } }],
    'set-dup.json': [
      { name: 'a', payload: 1 },
      { name: 'a', payload: 2 }
    ],
    'set-big.json': [{ name: 'huge', payload: { pad: 'x'.repeat(6_291_456) } }],
    'set-ok.json': [{ payload: 1 }]
  }
  for (const [file, value] of Object.entries(sets)) {
    await writeFile(join(workspace, file), JSON.stringify(value))
  }
  // All at once: each case is a pair of short node processes.
  await Promise.all(
    CASES.map(async ([name, raw], i) => {
      // `__env_NAME` entries are environment variables, not inputs.
      const inputs = Object.fromEntries(
        Object.entries(raw).filter(([k]) => !k.startsWith('__env_'))
      )
      const env = Object.fromEntries(
        Object.entries(raw)
          .filter(([k]) => k.startsWith('__env_'))
          .map(([k, v]) => [k.slice('__env_'.length), v])
      )
      const result = await runAction({
        inputs: { functions: 'good', 'comment-mode': 'off', ...inputs },
        env: { AWS_ENDPOINT_URL: emulator.url, ...env },
        cwd: workspace,
        // The post step once (it must find nothing to restore); the rest save the time.
        post: i === 0
      })
      runs.set(name, result)
    })
  )
}, 180_000)

afterAll(async () => {
  await emulator?.stop()
  if (workspace) await rm(workspace, { recursive: true, force: true })
})

test.each(CASES)('%s: exit 1 with the message, no AWS call', (name, _inputs, message) => {
  const run = runs.get(name)!
  expect(run.exitCode).toBe(1)
  const errors = run.stdout.split('\n').filter((l) => l.startsWith('::error::'))
  expect(errors).toHaveLength(1)
  expect(errors[0]).toContain(message)
  // A payload's content never reaches the log.
  expect(run.stdout).not.toContain('hunter2')
  expect(run.outputs.results).toBeUndefined()
  if (run.post) expect(run.post.exitCode).toBe(0)
})

test('the journal shows no AWS call at all, from any of the runs', () => {
  expect(emulator.journal.calls).toEqual([])
  expect(emulator.journal.invocations).toEqual([])
})

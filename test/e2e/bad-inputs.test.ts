/**
 * Every bad input stops the action before any AWS call: exit 1, a message naming the input and
 * the bad value, and an emulator journal without a single call. Needs `npm run bundle` first.
 */
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
  ]
]

let emulator: Emulator
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
  // All at once: each case is a pair of short node processes.
  await Promise.all(
    CASES.map(async ([name, inputs], i) => {
      const result = await runAction({
        inputs: { functions: 'good', 'comment-mode': 'off', ...inputs },
        env: { AWS_ENDPOINT_URL: emulator.url },
        // The post step once (it must find nothing to restore); the rest save the time.
        post: i === 0
      })
      runs.set(name, result)
    })
  )
}, 60_000)

afterAll(async () => {
  await emulator?.stop()
})

test.each(CASES)('%s: exit 1 with the message, no AWS call', (name, _inputs, message) => {
  const run = runs.get(name)!
  expect(run.exitCode).toBe(1)
  const errors = run.stdout.split('\n').filter((l) => l.startsWith('::error::'))
  expect(errors).toHaveLength(1)
  expect(errors[0]).toContain(message)
  expect(run.outputs.results).toBeUndefined()
  if (run.post) expect(run.post.exitCode).toBe(0)
})

test('the journal shows no AWS call at all, from any of the runs', () => {
  expect(emulator.journal.calls).toEqual([])
  expect(emulator.journal.invocations).toEqual([])
})

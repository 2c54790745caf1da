import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InputError, parseInputs } from '../../src/inputs/parse.js'
import type { Plan } from '../../src/model/plan.js'

const ENV = { AWS_REGION: 'eu-west-1' }
const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:orders'

/** Runs parseInputs with `functions: orders` plus the given inputs ('' for the rest). */
function parse(inputs: Record<string, string>, env: NodeJS.ProcessEnv = ENV): Plan {
  const all: Record<string, string> = { functions: 'orders', ...inputs }
  return parseInputs((name) => all[name] ?? '', env)
}

/** The problems parseInputs throws, or [] when it accepts the inputs. */
function problems(inputs: Record<string, string>, env: NodeJS.ProcessEnv = ENV): string[] {
  try {
    parse(inputs, env)
    return []
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    return error.problems
  }
}

const dir = mkdtempSync(join(tmpdir(), 'inputs-'))
const file = (name: string, content: string): string => {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

describe('parseInputs: defaults', () => {
  it('builds the plan from action.yml defaults when optional inputs are empty', () => {
    expect(parse({ 'github-token': 'ghs_x' })).toEqual({
      functions: [
        { input: 'orders', identifier: 'orders', functionName: 'orders', region: 'eu-west-1' }
      ],
      memorySizes: [128, 256, 512, 1024, 1536, 2048, 3008],
      invocations: 100,
      concurrency: 10,
      payload: '{}',
      comment: { mode: 'update', tag: 'lambda-memory-benchmark', token: 'ghs_x' },
      regressionThreshold: 10,
      failOnRegression: false,
      resultsFile: 'lambda-benchmark-results.json',
      isolation: 'latest',
      coldStarts: 0,
      // The trend is read with baseline: auto only.
      artifact: { name: 'lambda-benchmark-results', upload: true, history: 0 }
    })
  })
})

describe('parseInputs: functions', () => {
  it('reads full ARNs of every partition, partial ARNs and names', () => {
    const plan = parse({
      functions: [
        ARN,
        'arn:aws-cn:lambda:cn-north-1:123456789012:function:cn-fn',
        'arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:gov_fn',
        '210987654321:function:partial',
        'plain-name'
      ].join('\n')
    })
    expect(plan.functions).toEqual([
      {
        input: ARN,
        identifier: ARN,
        functionName: 'orders',
        region: 'us-east-1',
        accountId: '123456789012',
        partition: 'aws'
      },
      expect.objectContaining({ functionName: 'cn-fn', region: 'cn-north-1', partition: 'aws-cn' }),
      expect.objectContaining({
        functionName: 'gov_fn',
        region: 'us-gov-west-1',
        partition: 'aws-us-gov'
      }),
      {
        input: '210987654321:function:partial',
        identifier: '210987654321:function:partial',
        functionName: 'partial',
        region: 'eu-west-1',
        accountId: '210987654321'
      },
      {
        input: 'plain-name',
        identifier: 'plain-name',
        functionName: 'plain-name',
        region: 'eu-west-1'
      }
    ])
  })

  it('splits on commas and new lines, ignoring blanks and CRLF', () => {
    const plan = parse({ functions: ' a, b\r\n\n\nc ,\n' })
    expect(plan.functions.map((f) => f.functionName)).toEqual(['a', 'b', 'c'])
  })

  it('falls back to AWS_DEFAULT_REGION', () => {
    expect(parse({}, { AWS_DEFAULT_REGION: 'ap-south-1' }).functions[0].region).toBe('ap-south-1')
    expect(
      parse({}, { AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'ap-south-1' }).functions[0].region
    ).toBe('us-west-2')
  })

  it('accepts an explicit :$LATEST and drops it from the identifier', () => {
    const plan = parse({ functions: `${ARN}:$LATEST` })
    expect(plan.functions[0]).toMatchObject({ identifier: ARN, functionName: 'orders' })
  })
})

/** [inputs, env, exact messages] — one row per rule. */
const RULES: [string, Record<string, string>, NodeJS.ProcessEnv, string[]][] = [
  [
    'functions: empty',
    { functions: ' \n , ' },
    ENV,
    [
      'Input required and not supplied: functions (function names or ARNs, one per line or comma-separated)'
    ]
  ],
  [
    'functions: no region',
    { functions: 'orders' },
    {},
    [
      'functions: "orders" has no region; give its full ARN or set AWS_REGION (aws-actions/configure-aws-credentials does)'
    ]
  ],
  [
    'AWS_REGION malformed',
    {},
    { AWS_REGION: 'Europe' },
    ['AWS_REGION: "Europe" is not an AWS region']
  ],
  [
    'functions: qualified by alias',
    { functions: 'orders:prod' },
    ENV,
    [
      'functions: "orders:prod" names alias "prod"; memory is set on the unqualified function ($LATEST), so give it without ":prod"'
    ]
  ],
  [
    'functions: qualified ARN by version',
    { functions: `${ARN}:3` },
    ENV,
    [
      `functions: "${ARN}:3" names version "3"; memory is set on the unqualified function ($LATEST), so give it without ":3"`
    ]
  ],
  [
    'functions: qualified partial ARN',
    { functions: '123456789012:function:orders:live' },
    ENV,
    [
      'functions: "123456789012:function:orders:live" names alias "live"; memory is set on the unqualified function ($LATEST), so give it without ":live"'
    ]
  ],
  [
    'functions: qualifier without a name',
    { functions: ':3' },
    ENV,
    ['functions: ":3" has a qualifier but no function name']
  ],
  [
    'functions: partition',
    { functions: 'arn:aws-iso:lambda:us-iso-east-1:123456789012:function:f' },
    ENV,
    [
      'functions: "arn:aws-iso:lambda:us-iso-east-1:123456789012:function:f" has partition "aws-iso"; expected aws, aws-cn or aws-us-gov'
    ]
  ],
  [
    'functions: region not in partition',
    { functions: 'arn:aws:lambda:cn-north-1:123456789012:function:f' },
    ENV,
    [
      'functions: "arn:aws:lambda:cn-north-1:123456789012:function:f" has region "cn-north-1", which is not in partition aws'
    ]
  ],
  [
    'functions: region malformed',
    { functions: 'arn:aws:lambda:useast1:123456789012:function:f' },
    ENV,
    ['functions: "arn:aws:lambda:useast1:123456789012:function:f" has an invalid region "useast1"']
  ],
  [
    'functions: account malformed',
    { functions: 'arn:aws:lambda:us-east-1:12345:function:f' },
    ENV,
    [
      'functions: "arn:aws:lambda:us-east-1:12345:function:f" has an invalid account "12345" (12 digits)'
    ]
  ],
  [
    'functions: partial ARN account malformed',
    { functions: '1234:function:f' },
    ENV,
    ['functions: "1234:function:f" has an invalid account "1234" (12 digits)']
  ],
  [
    'functions: not a Lambda ARN',
    { functions: 'arn:aws:s3:::bucket' },
    ENV,
    [
      'functions: "arn:aws:s3:::bucket" is not a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>)'
    ]
  ],
  [
    'functions: layer ARN',
    { functions: 'arn:aws:lambda:us-east-1:123456789012:layer:deps:3' },
    ENV,
    [
      'functions: "arn:aws:lambda:us-east-1:123456789012:layer:deps:3" is not a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>)'
    ]
  ],
  [
    'functions: invalid name',
    { functions: 'my function' },
    ENV,
    [
      'functions: "my function" has an invalid function name "my function" (1-64 letters, digits, hyphens or underscores)'
    ]
  ],
  [
    'functions: name too long',
    { functions: 'f'.repeat(65) },
    ENV,
    [
      `functions: "${'f'.repeat(65)}" has an invalid function name "${'f'.repeat(65)}" (1-64 letters, digits, hyphens or underscores)`
    ]
  ],
  [
    'functions: too many colons',
    { functions: 'a:b:c' },
    ENV,
    ['functions: "a:b:c" is not a function name or ARN']
  ],
  [
    'functions: duplicate name',
    { functions: 'orders, orders' },
    ENV,
    ['functions: "orders" and "orders" are the same function; list it once']
  ],
  [
    'functions: same function written two ways',
    { functions: `${ARN}\norders\n123456789012:function:orders` },
    { AWS_REGION: 'us-east-1' },
    [
      `functions: "${ARN}" and "orders" are the same function; list it once`,
      `functions: "${ARN}" and "123456789012:function:orders" are the same function; list it once`
    ]
  ],
  [
    'memory-sizes: below range',
    { 'memory-sizes': '64,128' },
    ENV,
    ['memory-sizes: "64" is not between 128 and 10240 MB']
  ],
  [
    'memory-sizes: above range',
    { 'memory-sizes': '10241' },
    ENV,
    ['memory-sizes: "10241" is not between 128 and 10240 MB']
  ],
  [
    'memory-sizes: not whole',
    { 'memory-sizes': '512MB, 1.5' },
    ENV,
    [
      'memory-sizes: "512MB" is not a whole number of MB',
      'memory-sizes: "1.5" is not a whole number of MB'
    ]
  ],
  [
    'memory-sizes: only separators',
    { 'memory-sizes': ' , ' },
    ENV,
    ['memory-sizes: give at least one memory size in MB']
  ],
  [
    'invocations: zero',
    { invocations: '0' },
    ENV,
    ['invocations: "0" is not a whole number between 1 and 10000']
  ],
  [
    'invocations: too many',
    { invocations: '10001' },
    ENV,
    ['invocations: "10001" is not a whole number between 1 and 10000']
  ],
  [
    'invocations: not a number',
    { invocations: 'many' },
    ENV,
    ['invocations: "many" is not a whole number between 1 and 10000']
  ],
  [
    'concurrency: too many',
    { concurrency: '1001' },
    ENV,
    ['concurrency: "1001" is not a whole number between 1 and 1000']
  ],
  [
    'concurrency: negative',
    { concurrency: '-1' },
    ENV,
    ['concurrency: "-1" is not a whole number between 1 and 1000']
  ],
  [
    'payload: not JSON, position without the content',
    { payload: '{\n "password": hunter2\n}' },
    ENV,
    ['payload: is not valid JSON (line 2, column 14)']
  ],
  [
    'payload: cut short',
    { payload: '{"a":' },
    ENV,
    ['payload: is not valid JSON (it ends too early)']
  ],
  [
    'comment-mode',
    { 'comment-mode': 'sticky' },
    ENV,
    ['comment-mode: "sticky" is not one of update, create, off']
  ],
  [
    'comment-tag: --',
    { 'comment-tag': 'a--b' },
    ENV,
    ['comment-tag: "a--b" must not contain "--" (it would end the hidden HTML comment)']
  ],
  [
    'comment-tag: >',
    { 'comment-tag': 'a>b' },
    ENV,
    ['comment-tag: "a>b" must not contain "<" or ">" (it would break the hidden HTML comment)']
  ],
  [
    'comment-tag: edge dash',
    { 'comment-tag': 'bench-' },
    ENV,
    ['comment-tag: "bench-" must not start or end with "-"']
  ],
  [
    'comment-tag: too long',
    { 'comment-tag': 't'.repeat(201) },
    ENV,
    [`comment-tag: "${'t'.repeat(201)}" is longer than 200 characters`]
  ],
  [
    'pr-number: not a number',
    { 'pr-number': '#12' },
    ENV,
    ['pr-number: "#12" is not a pull request number (a positive whole number)']
  ],
  [
    'pr-number: zero',
    { 'pr-number': '0' },
    ENV,
    ['pr-number: "0" is not a pull request number (a positive whole number)']
  ],
  [
    'baseline-map: not a pair',
    { baseline: 'b.json', 'baseline-map': 'a=b, c, =d, e=f=g' },
    ENV,
    [
      'baseline-map: "c" is not a pair current=baseline',
      'baseline-map: "=d" is not a pair current=baseline',
      'baseline-map: "e=f=g" is not a pair current=baseline'
    ]
  ],
  [
    'baseline-map: mapped twice',
    { baseline: 'b.json', 'baseline-map': 'a=b\na=c' },
    ENV,
    ['baseline-map: "a" is mapped twice']
  ],
  [
    'baseline-required: not boolean',
    { 'baseline-required': 'yes' },
    ENV,
    ['baseline-required: "yes" is not a boolean (true | True | TRUE | false | False | FALSE)']
  ],
  [
    'baseline-required without baseline',
    { 'baseline-required': 'true' },
    ENV,
    [
      'baseline-required: is true but baseline is empty; give the baseline results file, or baseline: auto'
    ]
  ],
  [
    'regression-threshold: zero',
    { 'regression-threshold': '0' },
    ENV,
    ['regression-threshold: "0" is not a percentage above 0 and below 1000']
  ],
  [
    'regression-threshold: too big',
    { 'regression-threshold': '1000' },
    ENV,
    ['regression-threshold: "1000" is not a percentage above 0 and below 1000']
  ],
  [
    'regression-threshold: not a number',
    { 'regression-threshold': 'ten' },
    ENV,
    ['regression-threshold: "ten" is not a percentage above 0 and below 1000']
  ],
  [
    'fail-on-regression: not boolean',
    { 'fail-on-regression': 'on' },
    ENV,
    ['fail-on-regression: "on" is not a boolean (true | True | TRUE | false | False | FALSE)']
  ],
  [
    'results-file: a directory',
    { 'results-file': 'out/' },
    ENV,
    ['results-file: "out/" is a directory; give a file path']
  ],
  [
    'monthly-invocations: not whole',
    { 'monthly-invocations': '1.5M' },
    ENV,
    [
      'monthly-invocations: "1.5M" is not a positive whole number (e.g. 1000000, 1,000,000 or 1_000_000)'
    ]
  ],
  [
    'monthly-invocations: bad grouping',
    { 'monthly-invocations': '1,5' },
    ENV,
    [
      'monthly-invocations: "1,5" is not a positive whole number (e.g. 1000000, 1,000,000 or 1_000_000)'
    ]
  ],
  [
    'monthly-invocations: zero',
    { 'monthly-invocations': '0' },
    ENV,
    [
      'monthly-invocations: "0" is not a positive whole number (e.g. 1000000, 1,000,000 or 1_000_000)'
    ]
  ],
  [
    'isolation',
    { isolation: 'Latest' },
    ENV,
    ['isolation: "Latest" is not one of latest, versions']
  ]
]

describe('parseInputs: every rule and its exact message', () => {
  it.each(RULES)('%s', (_name, inputs, env, expected) => {
    expect(problems(inputs, env)).toEqual(expected)
  })
})

describe('parseInputs: payload-file', () => {
  it('reads the file, which wins over payload, byte for byte', () => {
    const path = file('event.json', '{ "orderId": 42 }\n')
    expect(parse({ payload: 'not json', 'payload-file': path }).payload).toBe('{ "orderId": 42 }\n')
  })

  it('drops a byte order mark', () => {
    const path = file('bom.json', '\uFEFF{"a":1}')
    expect(parse({ 'payload-file': path }).payload).toBe('{"a":1}')
  })

  it('names the path, never the content, when the file is not JSON', () => {
    const path = file('secret.json', '{"token": "s3cr3t",}')
    const found = problems({ 'payload-file': path })
    expect(found).toEqual([
      `payload-file: ${JSON.stringify(path)} is not valid JSON (line 1, column 20)`
    ])
    expect(found.join()).not.toContain('s3cr3t')
  })

  it('refuses a missing file and a directory', () => {
    const missing = join(dir, 'missing.json')
    expect(problems({ 'payload-file': missing })).toEqual([
      `payload-file: ${JSON.stringify(missing)} does not exist`
    ])
    const sub = join(dir, 'sub')
    mkdirSync(sub, { recursive: true })
    expect(problems({ 'payload-file': sub })).toEqual([
      `payload-file: ${JSON.stringify(sub)} is not a file`
    ])
  })

  it('refuses a payload above 6 MB', () => {
    const big = JSON.stringify({ data: 'x'.repeat(6 * 1024 * 1024) })
    expect(problems({ payload: big })).toEqual([
      `payload: is ${big.length} bytes; Lambda accepts at most 6291456 (6 MB) for a synchronous invocation`
    ])
  })
})

describe('parseInputs: accepted forms', () => {
  it('de-duplicates and sorts memory sizes, separated by commas, spaces or lines', () => {
    expect(parse({ 'memory-sizes': '1024, 128\n512 128 10240' }).memorySizes).toEqual([
      128, 512, 1024, 10240
    ])
  })

  it.each(['true', 'True', 'TRUE'])('reads %s as true', (value) => {
    expect(parse({ 'fail-on-regression': value }).failOnRegression).toBe(true)
  })

  it.each(['false', 'False', 'FALSE', ''])('reads "%s" as false', (value) => {
    expect(parse({ 'fail-on-regression': value }).failOnRegression).toBe(false)
  })

  it.each([
    ['1000000', 1_000_000],
    ['1,000,000', 1_000_000],
    ['1_000_000', 1_000_000],
    ['250', 250]
  ])('reads monthly-invocations %s', (raw, value) => {
    expect(parse({ 'monthly-invocations': raw }).monthlyInvocations).toBe(value)
  })

  it('reads a threshold with a percent sign or a fraction', () => {
    expect(parse({ 'regression-threshold': '12.5%' }).regressionThreshold).toBe(12.5)
    expect(parse({ 'regression-threshold': '0.5' }).regressionThreshold).toBe(0.5)
  })

  it('reads the comment, baseline and isolation settings', () => {
    const plan = parse({
      'comment-mode': 'create',
      'comment-tag': 'bench: api (staging)',
      'pr-number': '17',
      baseline: 'main/results.json',
      'baseline-map': 'orders-pr=orders-main\n users-pr = users-main',
      'baseline-required': 'True',
      isolation: 'versions'
    })
    expect(plan.comment).toEqual({
      mode: 'create',
      tag: 'bench: api (staging)',
      token: '',
      prNumber: 17
    })
    expect(plan.baseline).toEqual({
      source: { kind: 'file', path: 'main/results.json' },
      map: { 'orders-pr': 'orders-main', 'users-pr': 'users-main' },
      required: true
    })
    expect(plan.isolation).toBe('versions')
  })

  it('has no baseline when the path is empty, even with a map', () => {
    expect(parse({ 'baseline-map': 'a=b' }).baseline).toBeUndefined()
  })
})

describe('parseInputs: all problems at once', () => {
  it('reports every bad input, one per line, in action.yml order', () => {
    let error: unknown
    try {
      parse({ functions: 'a:1', 'memory-sizes': '64', invocations: '0', 'comment-mode': 'x' })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(InputError)
    expect((error as InputError).name).toBe('InputError')
    expect((error as InputError).message).toBe(
      [
        'functions: "a:1" names version "1"; memory is set on the unqualified function ($LATEST), so give it without ":1"',
        'memory-sizes: "64" is not between 128 and 10240 MB',
        'invocations: "0" is not a whole number between 1 and 10000',
        'comment-mode: "x" is not one of update, create, off'
      ].join('\n')
    )
  })
})

/**
 * The cold-start marker variable, the pure parts (src/configure/environment.ts, read.ts,
 * snapshot.ts): the marker goes in and comes out leaving the variables exactly as they were;
 * Lambda's 4 KB limit is checked in bytes of the JSON text, at the exact boundary; no value of a
 * variable reaches a refusal or survives the scrub of an error (Lambda's real 4 KB refusal quotes
 * the whole set); the fingerprint does not see our marker but sees any other variable; and a
 * function whose variables cannot be read, or have no room, is refused.
 */
import type { FunctionConfiguration } from '@aws-sdk/client-lambda'
import fc from 'fast-check'
import {
  hasMarker,
  MARKER,
  markerRoomProblem,
  newMarkerValue,
  scrubbed,
  withMarker,
  withoutMarker
} from '../../src/configure/environment.js'
import { fingerprintOf } from '../../src/configure/read.js'
import { coldStartRefusal, snapshotOf } from '../../src/configure/snapshot.js'

const LIMIT = 4096

/** Names a function could use (never ours): Lambda's pattern [a-zA-Z]([a-zA-Z0-9_])+. */
const name = fc
  .stringMatching(/^[A-Za-z][A-Za-z0-9_]{1,20}$/)
  .filter((n) => n !== MARKER && n !== '__proto__')
const value = fc.string({ maxLength: 40 })
const variables = fc.dictionary(name, value, { maxKeys: 8 })
const nonEmptyVariables = fc.dictionary(name, value, { minKeys: 1, maxKeys: 8 })
/** A secret-like value: long enough to be scrubbed, never an ordinary word of a message. */
const secret = fc.stringMatching(/^[A-Za-z0-9+/]{16,48}$/)

const bytesOf = (vars: Record<string, string>): number =>
  Buffer.byteLength(JSON.stringify(vars), 'utf8')

/**
 * A set of variables whose JSON text, with the marker as every round sets it, is exactly
 * `total` bytes: `OTHER` holds `unit` repeated, the rest padded with ASCII.
 */
function setOfBytes(total: number, unit = 'x'): Record<string, string> {
  const overhead = bytesOf(withMarker({ PAD: '', OTHER: '' }, newMarkerValue()))
  const room = total - overhead
  const unitBytes = Buffer.byteLength(unit, 'utf8')
  const units = Math.floor(room / unitBytes)
  const vars = { PAD: 'p'.repeat(room - units * unitBytes), OTHER: unit.repeat(units) }
  expect(bytesOf(withMarker(vars, newMarkerValue()))).toBe(total)
  return vars
}

describe('withMarker / withoutMarker / hasMarker', () => {
  it('takes out exactly what it put in (null for a function without variables)', () => {
    fc.assert(
      fc.property(variables, fc.string(), (vars, marker) => {
        const marked = withMarker(vars, marker)
        expect(marked[MARKER]).toBe(marker)
        expect(hasMarker(marked)).toBe(true)
        const back = withoutMarker(marked)
        if (Object.keys(vars).length === 0) expect(back).toBeNull()
        else expect(back).toEqual(vars)
        expect(hasMarker(back)).toBe(false)
        // The set it was given is never changed.
        expect(hasMarker(vars)).toBe(false)
      })
    )
  })

  it('keeps the order of the other variables (sent back to Lambda as they were read)', () => {
    const vars = { ZED: '1', ALPHA: '2', MIDDLE: '3' }
    expect(Object.keys(withoutMarker(withMarker(vars, 'v'))!)).toEqual(['ZED', 'ALPHA', 'MIDDLE'])
  })

  it('adds the marker to no variables at all', () => {
    expect(withMarker(null, 'abc')).toEqual({ [MARKER]: 'abc' })
    expect(withoutMarker(withMarker(null, 'abc'))).toBeNull()
  })

  it('replaces a marker left by a crashed run instead of adding a second one', () => {
    const left = { STAGE: 'prod', [MARKER]: 'old' }
    expect(withMarker(left, 'new')).toEqual({ STAGE: 'prod', [MARKER]: 'new' })
  })

  it('reads no variables, an empty set and a set without the marker as unmarked', () => {
    expect(hasMarker(undefined)).toBe(false)
    expect(hasMarker(null)).toBe(false)
    expect(hasMarker({})).toBe(false)
    expect(withoutMarker(undefined)).toBeNull()
    expect(withoutMarker({})).toBeNull()
    expect(withoutMarker({ [MARKER]: 'x' })).toBeNull()
    expect(hasMarker({ [`${MARKER}_2`]: 'x', [MARKER.toLowerCase()]: 'x' })).toBe(false)
  })

  it('sees the marker even with an empty value', () => {
    expect(hasMarker({ [MARKER]: '' })).toBe(true)
  })

  it('draws a new value every round, always of the same length (the room check holds for every round)', () => {
    const values = Array.from({ length: 200 }, () => newMarkerValue())
    expect(new Set(values).size).toBe(values.length)
    expect(new Set(values.map((v) => v.length)).size).toBe(1)
  })
})

describe('markerRoomProblem (Lambda: 4 KB of JSON text)', () => {
  it('lets a set that is exactly 4096 bytes with the marker pass, and refuses one byte more', () => {
    expect(markerRoomProblem(setOfBytes(LIMIT), 'orders')).toBeUndefined()
    expect(markerRoomProblem(setOfBytes(LIMIT + 1), 'orders')).toBeDefined()
  })

  it.each([
    ['é (2 bytes)', 'é'],
    ['€ (3 bytes)', '€'],
    ['😀 (4 bytes, 2 UTF-16 units)', '😀']
  ])('counts %s as bytes, not characters', (_label, unit) => {
    const exact = setOfBytes(LIMIT, unit)
    // In characters it is far below the limit: only bytes tell.
    expect(JSON.stringify(withMarker(exact, newMarkerValue())).length).toBeLessThan(LIMIT)
    expect(markerRoomProblem(exact, 'orders')).toBeUndefined()
    expect(markerRoomProblem(setOfBytes(LIMIT + 1, unit), 'orders')).toBeDefined()
  })

  it('counts a value as Lambda measures it: in its JSON text, escapes included', () => {
    // Each " is 2 bytes in the JSON text (\"): 1 character fewer than the padding it replaces
    // keeps the text at exactly 4096 bytes.
    const exact = setOfBytes(LIMIT)
    const quoted = { ...exact, OTHER: '"' + exact.OTHER.slice(2) }
    expect(bytesOf(withMarker(quoted, newMarkerValue()))).toBe(LIMIT)
    expect(markerRoomProblem(quoted, 'orders')).toBeUndefined()
    expect(
      markerRoomProblem({ ...exact, OTHER: '"' + exact.OTHER.slice(1) }, 'orders')
    ).toBeDefined()
  })

  it('lets a function without variables, or with a few, pass', () => {
    expect(markerRoomProblem(null, 'orders')).toBeUndefined()
    expect(
      markerRoomProblem({ STAGE: 'prod', DB_PASSWORD: 'pa55-Wr0rd' }, 'orders')
    ).toBeUndefined()
  })

  it('refuses by naming the function and the variable, and quotes no value', () => {
    fc.assert(
      fc.property(
        fc.dictionary(name, secret, { maxKeys: 6 }),
        secret,
        fc.stringMatching(/^[a-z][a-z0-9-]{2,30}$/),
        (vars, blob, functionName) => {
          // Whatever else, a value that alone fills the 4 KB.
          const full = { ...vars, BLOB: blob.repeat(Math.ceil(LIMIT / blob.length)) }
          const refusal = markerRoomProblem(full, functionName)
          expect(refusal).toBeDefined()
          expect(refusal).toContain(functionName)
          expect(refusal).toContain(MARKER)
          for (const v of [...Object.values(vars), blob]) expect(refusal).not.toContain(v)
        }
      )
    )
  })
})

/**
 * Lambda's refusal of a set over 4 KB as the SDK reports it, with the set it quotes: the error of
 * github-aws-runners/terraform-aws-github-runner#3594 (account and queue names as published).
 */
const RUNNER_CONFIG = JSON.stringify([
  {
    arn: 'arn:aws:sqs:us-east-1:012345678901:xxxx-xxxxxxx-linux-arm-2xlarge-queued-builds.fifo',
    fifo: true,
    id: 'https://sqs.us-east-1.amazonaws.com/012345678901/xxxx-xxxxxxx-linux-arm-2xlarge-queued-builds.fifo',
    key: 'linux-arm-2xlarge',
    matcherConfig: {
      exactMatch: true,
      labelMatchers: [['self-hosted', 'linux', 'arm64', 'xxx-xxxxx-self-hosted-2xlarge']],
      priority: 999
    }
  }
])
const RUNNER_VARIABLES: Record<string, string> = {
  POWERTOOLS_LOGGER_LOG_EVENT: 'true',
  POWERTOOLS_TRACER_CAPTURE_ERROR: 'false',
  RUNNER_CONFIG,
  PARAMETER_GITHUB_APP_WEBHOOK_SECRET: '/xxxx-xxxxxxx/app/github_app_webhook_secret',
  [MARKER]: '3f9a1c0b7e2d4a68'
}
const LIMIT_TEXT =
  'Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit.'
/** As describeAwsError (src/aws/errors.ts) words it. */
const REAL_REFUSAL = `lambda:UpdateFunctionConfiguration failed for xxxx-xxxxxxx-webhook: InvalidParameterValueException: ${LIMIT_TEXT} String measured: ${JSON.stringify(RUNNER_VARIABLES)}`

describe('scrubbed', () => {
  it("removes the whole quoted set of Lambda's real 4 KB refusal, and keeps what the message says", () => {
    const out = scrubbed(REAL_REFUSAL, RUNNER_VARIABLES)
    expect(out).toContain(
      `lambda:UpdateFunctionConfiguration failed for xxxx-xxxxxxx-webhook: InvalidParameterValueException: ${LIMIT_TEXT}`
    )
    // Not a fragment of the set is left: names, JSON-escaped values, the queue ARNs.
    for (const leak of [
      'POWERTOOLS',
      'RUNNER_CONFIG',
      'arn:aws:sqs',
      'queued-builds',
      '\\"',
      '{"',
      'github_app_webhook_secret',
      '3f9a1c0b7e2d4a68'
    ]) {
      expect(out).not.toContain(leak)
    }
    for (const v of Object.values(RUNNER_VARIABLES)) expect(out).not.toContain(v)
  })

  it('removes a quoted set that runs over several lines', () => {
    const pretty = `${LIMIT_TEXT} String measured: ${JSON.stringify({ TOKEN: 'abc' }, null, 2)}\n(request id 825e0324)`
    const out = scrubbed(pretty, { TOKEN: 'abc' })
    expect(out).toContain(LIMIT_TEXT)
    expect(out).not.toContain('TOKEN')
    expect(out).not.toContain('abc')
    expect(out).not.toContain('825e0324')
  })

  it('replaces every occurrence of every value of 4 characters or more, and keeps shorter ones', () => {
    const vars = { STAGE: 'dev', REGION: 'eu-west-1', DB_PASSWORD: 'pa55-Wr0rd', PORT: '5432' }
    const message =
      'connection to db:5432 as admin/pa55-Wr0rd failed (pa55-Wr0rd rejected) in eu-west-1 for dev'
    const out = scrubbed(message, vars)
    expect(out).not.toContain('pa55-Wr0rd')
    expect(out).not.toContain('5432')
    expect(out).not.toContain('eu-west-1')
    // Three characters would match ordinary words: kept, as the rest of the message is.
    expect(out).toMatch(/ for dev$/)
    expect(out).toMatch(/^connection to db:.* as admin\/.* failed \(.* rejected\) in .* for dev$/)
  })

  it('takes the longest value first, so no part of a value that holds another is left', () => {
    const out = scrubbed('key=s3cr3t-suffix-long; short=s3cr3t', {
      SHORT: 's3cr3t',
      LONG: 's3cr3t-suffix-long'
    })
    expect(out).not.toContain('s3cr3t')
    expect(out).not.toContain('suffix')
    expect(out).not.toContain('long')
    expect(out).toMatch(/^key=.+; short=.+$/)
  })

  it('leaves no whole value where two values overlap in the message', () => {
    const vars = { A: 'abcdefgh', B: 'efghijkl' }
    const out = scrubbed('token abcdefghijkl end', vars)
    expect(out).not.toContain('abcdefgh')
    expect(out).not.toContain('efghijkl')
    expect(out).toMatch(/^token .* end$/)
  })

  it('changes nothing without variables, or when no value is quoted', () => {
    const message = 'lambda:UpdateFunctionConfiguration failed for f: ServiceException: boom'
    expect(scrubbed(message, null)).toBe(message)
    expect(scrubbed(message, { TOKEN: 'never-quoted-here' })).toBe(message)
  })

  it('never leaves a value of 4 characters or more, and keeps every other character of the message', () => {
    // Values in lower case and digits, the rest of the message in upper case and punctuation:
    // what is left of the message is told from what replaced a value.
    const word = fc.stringMatching(/^[A-Z .,:()=]{0,12}$/)
    fc.assert(
      fc.property(
        fc.dictionary(name, fc.stringMatching(/^[a-z0-9]{1,12}$/), { minKeys: 1, maxKeys: 6 }),
        fc.array(fc.tuple(word, fc.nat()), { maxLength: 10 }),
        word,
        (vars, parts, tail) => {
          const values = Object.values(vars)
          const message =
            parts.map(([text, i]) => `${text}${values[i % values.length]}`).join('') + tail
          const out = scrubbed(message, vars)
          for (const v of values) if (v.length >= 4) expect(out).not.toContain(v)
          const rest = (s: string): string[] => s.match(/[A-Z .,:()=]+/g) ?? []
          expect(rest(out)).toEqual(rest(message))
        }
      )
    )
  })
})

/** A function's configuration as GetFunction answers it (only the fields that matter here). */
function configuration(fields: Partial<FunctionConfiguration> = {}): FunctionConfiguration {
  return {
    FunctionName: 'orders',
    FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:orders',
    Runtime: 'nodejs22.x',
    Role: 'arn:aws:iam::123456789012:role/orders',
    Handler: 'index.handler',
    CodeSha256: 'Dv9IvOnTJMnr9N7tMBh7u2AjLdDhK0vlt2e2Je3RRxo=',
    Description: 'orders API',
    Timeout: 10,
    MemorySize: 512,
    LastModified: '2026-11-30T12:00:00.000+0000',
    Version: '$LATEST',
    RevisionId: '0d5c7e41-0b1e-4b0e-9c1c-1f6c2b1a3e9d',
    State: 'Active',
    LastUpdateStatus: 'Successful',
    Architectures: ['arm64'],
    EphemeralStorage: { Size: 512 },
    TracingConfig: { Mode: 'PassThrough' },
    LoggingConfig: { LogFormat: 'Text', LogGroup: '/aws/lambda/orders' },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    ...fields
  }
}

describe('fingerprintOf: our marker is not a change of the configuration', () => {
  it('is the same with and without our marker, whatever its value', () => {
    fc.assert(
      fc.property(variables, fc.string(), (vars, marker) => {
        const without = configuration(
          Object.keys(vars).length > 0 ? { Environment: { Variables: vars } } : {}
        )
        const marked = configuration({ Environment: { Variables: withMarker(vars, marker) } })
        expect(fingerprintOf(marked)).toBe(fingerprintOf(without))
      })
    )
  })

  it('is the same for an empty Variables map, an empty Environment and no Environment', () => {
    const none = fingerprintOf(configuration())
    expect(fingerprintOf(configuration({ Environment: { Variables: {} } }))).toBe(none)
    expect(fingerprintOf(configuration({ Environment: {} }))).toBe(none)
  })

  it('ignores what our changes and Lambda move: memory, revision, status', () => {
    const base = fingerprintOf(configuration({ Environment: { Variables: { STAGE: 'prod' } } }))
    const after = configuration({
      Environment: { Variables: { STAGE: 'prod', [MARKER]: newMarkerValue() } },
      MemorySize: 1769,
      RevisionId: 'another-revision',
      LastUpdateStatus: 'InProgress',
      LastModified: '2026-12-01T08:00:00.000+0000'
    })
    expect(fingerprintOf(after)).toBe(base)
  })

  it('differs when any other variable is changed, added or removed, marker or not', () => {
    fc.assert(
      fc.property(
        nonEmptyVariables,
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 10 }),
        fc.boolean(),
        (vars, i, suffix, marked) => {
          const keys = Object.keys(vars)
          const key = keys[i % keys.length]
          const of = (v: Record<string, string>): string =>
            fingerprintOf(
              configuration({ Environment: { Variables: marked ? withMarker(v, 'm') : v } })
            )
          const base = of(vars)
          expect(of({ ...vars, [key]: vars[key] + suffix })).not.toBe(base)
          let added = `${key}_N`
          while (added in vars) added += 'N'
          expect(of({ ...vars, [added]: '' })).not.toBe(base)
          expect(
            of(Object.fromEntries(keys.filter((k) => k !== key).map((k) => [k, vars[k]])))
          ).not.toBe(base)
        }
      )
    )
  })

  it('differs when a field other than memory and the marker changes', () => {
    const base = fingerprintOf(configuration())
    expect(fingerprintOf(configuration({ Timeout: 11 }))).not.toBe(base)
    expect(fingerprintOf(configuration({ Description: 'orders API v2' }))).not.toBe(base)
    expect(fingerprintOf(configuration({ Environment: { Variables: { STAGE: '' } } }))).not.toBe(
      base
    )
  })

  it('keeps no value of a variable (only a hash)', () => {
    const print = fingerprintOf(
      configuration({ Environment: { Variables: { DB_PASSWORD: 'pa55-Wr0rd-0f-the-orders-db' } } })
    )
    expect(print).toMatch(/^[0-9a-f]{32}$/)
  })
})

describe('snapshotOf and coldStartRefusal', () => {
  /** GetFunction of a function whose key the caller may not use (real wording). */
  const unreadable = configuration({
    Environment: {
      Error: {
        ErrorCode: 'AccessDeniedException',
        Message:
          "Lambda was unable to decrypt the environment variables because KMS access was denied. Please check the function's KMS key settings. KMS Exception: AccessDeniedExceptionKMS Message: The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access."
      }
    },
    KMSKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'
  })

  it('keeps the variables without a marker a crashed run left', () => {
    const snapshot = snapshotOf(
      configuration({ Environment: { Variables: { STAGE: 'prod', [MARKER]: 'left' } } }),
      'orders'
    )
    expect(snapshot.environment).toEqual({ STAGE: 'prod' })
    expect(snapshot.environmentError).toBeUndefined()
    expect(snapshotOf(configuration(), 'orders').environment).toBeNull()
    expect(
      snapshotOf(configuration({ Environment: { Variables: { [MARKER]: 'left' } } }), 'orders')
        .environment
    ).toBeNull()
  })

  it('refuses a function whose variables cannot be read, naming it and the error code', () => {
    const snapshot = snapshotOf(unreadable, 'orders')
    expect(snapshot.environment).toBeNull()
    expect(snapshot.environmentError).toBe('AccessDeniedException')
    const refusal = coldStartRefusal(snapshot)
    expect(refusal).toContain('orders')
    expect(refusal).toContain('AccessDeniedException')
    expect(refusal).toContain('cold-starts')
  })

  it('refuses an unreadable environment even when Lambda names no error code', () => {
    const snapshot = snapshotOf(
      configuration({ Environment: { Error: { Message: 'something went wrong' } } }),
      'orders'
    )
    expect(snapshot.environmentError).toBeDefined()
    expect(coldStartRefusal(snapshot)).toContain('orders')
  })

  it('refuses a function whose variables leave no room for the marker, quoting none', () => {
    const full = setOfBytes(LIMIT + 1)
    const refusal = coldStartRefusal(
      snapshotOf(configuration({ Environment: { Variables: full } }), 'orders')
    )
    expect(refusal).toContain('orders')
    expect(refusal).toContain(MARKER)
    expect(refusal).not.toContain(full.OTHER)
  })

  it("measures the room without a crashed run's marker (it is replaced, not added)", () => {
    // Exactly 4096 bytes with a marker: the one left behind, replaced by the next.
    const exact = withMarker(setOfBytes(LIMIT), newMarkerValue())
    expect(
      coldStartRefusal(snapshotOf(configuration({ Environment: { Variables: exact } }), 'orders'))
    ).toBeUndefined()
  })

  it('lets any other function pass: no variables, an empty set, a few, exactly 4 KB', () => {
    for (const c of [
      configuration(),
      configuration({ Environment: { Variables: {} } }),
      configuration({ Environment: { Variables: { STAGE: 'prod', DB_PASSWORD: 'pa55' } } }),
      configuration({ Environment: { Variables: setOfBytes(LIMIT) } })
    ]) {
      expect(coldStartRefusal(snapshotOf(c, 'orders'))).toBeUndefined()
    }
  })
})

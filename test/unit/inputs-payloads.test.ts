/** `payloads-file`: the payload set, its rules, and messages that never quote a payload. */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inputsParser } from '../fixtures/inputs.js'

const { parse, problems } = inputsParser({ functions: 'orders' }, { AWS_REGION: 'eu-west-1' })
const dir = mkdtempSync(join(tmpdir(), 'payloads-'))
let n = 0
/** A payloads file with `text`; its path. */
function file(text: string): string {
  const path = join(dir, `set-${n++}.json`)
  writeFileSync(path, text)
  return path
}
const SECRET = 'hunter2-secret'

describe('payloads-file', () => {
  it('is absent by default: the plan has no payloads', () => {
    expect(parse({}).payloads).toBeUndefined()
  })

  it('names default to #1, #2, …, weights to 1; each payload is its JSON text', () => {
    const path = file(
      JSON.stringify([
        { payload: { a: 1 } },
        { name: 'big', weight: 3, payload: [1, 2] },
        { payload: 'x' }
      ])
    )
    expect(parse({ 'payloads-file': path }).payloads).toEqual([
      { name: '#1', weight: 1, body: '{"a":1}' },
      { name: 'big', weight: 3, body: '[1,2]' },
      { name: '#3', weight: 1, body: '"x"' }
    ])
  })

  it('accepts null as a payload, and a byte order mark before the array', () => {
    const path = file('\uFEFF[{"payload": null}]')
    expect(parse({ 'payloads-file': path }).payloads).toEqual([
      { name: '#1', weight: 1, body: 'null' }
    ])
  })

  const bad: [string, string, string[]][] = [
    [
      'not an array',
      `{"payload": "${SECRET}"}`,
      ['is not a JSON array; give [{ "name"?, "weight"?, "payload" }, …]']
    ],
    ['empty', '[]', ['is an empty array']],
    ['not JSON', `[{"payload": "${SECRET}"`, ['is not valid JSON (it ends too early)']],
    [
      'an entry without payload',
      `[{"payload": 1}, {"name": "b"}]`,
      ['entry #2 ("b") has no "payload"']
    ],
    [
      'an entry that is no object',
      `[{"payload": 1}, "${SECRET}"]`,
      ['entry #2 is not an object with a "payload"']
    ],
    [
      'a weight that is not a positive integer',
      `[{"weight": 0, "payload": "${SECRET}"}, {"name": "b", "weight": 1.5, "payload": 1}, {"weight": "2", "payload": 1}]`,
      [
        'entry #1: "weight" must be a positive integer',
        'entry #2 ("b"): "weight" must be a positive integer',
        'entry #3: "weight" must be a positive integer'
      ]
    ],
    [
      'an empty name',
      `[{"name": "", "payload": 1}]`,
      ['entry #1: "name" must be a non-empty string']
    ],
    [
      'duplicate names, a given one against a default one too',
      `[{"payload": 0}, {"name": "a", "payload": 1}, {"name": "a", "payload": 2}, {"name": "#1", "payload": 3}]`,
      [
        'entry #3 ("a") has the same name as entry #2; names must be unique',
        'entry #4 ("#1") has the same name as entry #1; names must be unique'
      ]
    ]
  ]
  it.each(bad)('refuses %s, naming the input and the entry, never the payload', (_, text, want) => {
    const path = file(text)
    const got = problems({ 'payloads-file': path })
    expect(got).toEqual(
      want.map(
        (m) => `payloads-file: ${m.startsWith('entry') ? m : `${JSON.stringify(path)} ${m}`}`
      )
    )
    expect(got.join('\n')).not.toContain(SECRET)
  })

  it('refuses an entry over 6 MB, by name', () => {
    const path = file(
      JSON.stringify([{ payload: 1 }, { name: 'huge', payload: 'x'.repeat(6 * 1024 * 1024) }])
    )
    expect(problems({ 'payloads-file': path })).toEqual([
      'payloads-file: entry #2 ("huge"): its payload is 6291458 bytes; Lambda accepts at most 6291456 (6 MB) for a synchronous invocation'
    ])
  })

  it('refuses a file that does not exist', () => {
    expect(problems({ 'payloads-file': join(dir, 'nope.json') })).toEqual([
      `payloads-file: ${JSON.stringify(join(dir, 'nope.json'))} does not exist`
    ])
  })

  it('does not go with payload or payload-file', () => {
    const path = file('[{"payload": 1}]')
    expect(problems({ 'payloads-file': path, payload: `{"k":"${SECRET}"}` })).toEqual([
      'payloads-file and payload: give one, a payload set or a single event'
    ])
    expect(problems({ 'payloads-file': path, 'payload-file': file('{}') })).toEqual([
      'payloads-file and payload-file: give one, a payload set or a single event'
    ])
    // action.yml's default payload is no conflict.
    expect(problems({ 'payloads-file': path, payload: '{}' })).toEqual([])
  })
})

/**
 * The `payloads-file` input: a JSON array of `{ "name"?: string, "weight"?: positive integer,
 * "payload": any }`. Messages name the file, the entry (by position and name) and the rule,
 * never a payload's content.
 */
import { readFileSync, statSync } from 'node:fs'
import type { PayloadEntry } from '../model/plan.js'
import { jsonErrorOffset, lineAndColumn } from './json-position.js'
import { type Problems, quote as q } from './problems.js'

/** Lambda's limit for a synchronous invocation's request payload. */
const PAYLOAD_MAX_BYTES = 6 * 1024 * 1024
const INPUT = 'payloads-file'

function read(file: string, problems: Problems): string | undefined {
  try {
    if (!statSync(file).isFile()) return problems.add(`${INPUT}: ${q(file)} is not a file`)
    // Editors may write a UTF-8 byte order mark; it is not JSON, so it is dropped.
    return readFileSync(file, 'utf8').replace(/^\uFEFF/, '')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return problems.add(`${INPUT}: ${q(file)} does not exist`)
    return problems.add(`${INPUT}: ${q(file)} cannot be read (${code ?? 'unknown error'})`)
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** `entry #2` or `entry #2 ("checkout")`: the position, and the name when one was given. */
function label(index: number, name: unknown): string {
  return typeof name === 'string' && name
    ? `entry #${index + 1} (${q(name)})`
    : `entry #${index + 1}`
}

/** One entry, checked; undefined (with its problems added) when it is bad. */
function entry(value: unknown, index: number, problems: Problems): PayloadEntry | undefined {
  if (!isRecord(value)) {
    return problems.add(`${INPUT}: ${label(index, undefined)} is not an object with a "payload"`)
  }
  const { name, weight } = value
  const at = `${INPUT}: ${label(index, name)}`
  let ok = true
  if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) {
    ok = problems.add(`${at}: "name" must be a non-empty string`) ?? false
  }
  if (weight !== undefined && !(Number.isSafeInteger(weight) && (weight as number) >= 1)) {
    ok = problems.add(`${at}: "weight" must be a positive integer`) ?? false
  }
  if (!('payload' in value) || value.payload === undefined) {
    return problems.add(`${at} has no "payload"`)
  }
  const body = JSON.stringify(value.payload)
  const bytes = Buffer.byteLength(body)
  if (bytes > PAYLOAD_MAX_BYTES) {
    return problems.add(
      `${at}: its payload is ${bytes} bytes; Lambda accepts at most ${PAYLOAD_MAX_BYTES} (6 MB) for a synchronous invocation`
    )
  }
  if (!ok) return undefined
  return {
    name: typeof name === 'string' ? name : `#${index + 1}`,
    weight: typeof weight === 'number' ? weight : 1,
    body
  }
}

/** The payload set of `file`; undefined (with its problems added) when anything is wrong. */
export function payloads(file: string, problems: Problems): PayloadEntry[] | undefined {
  const text = read(file, problems)
  if (text === undefined) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    const offset = jsonErrorOffset(text)
    const where =
      offset === null
        ? ''
        : offset >= text.length
          ? ' (it ends too early)'
          : ` (${lineAndColumn(text, offset)})`
    return problems.add(`${INPUT}: ${q(file)} is not valid JSON${where}`)
  }
  if (!Array.isArray(parsed)) {
    return problems.add(
      `${INPUT}: ${q(file)} is not a JSON array; give [{ "name"?, "weight"?, "payload" }, …]`
    )
  }
  if (parsed.length === 0) return problems.add(`${INPUT}: ${q(file)} is an empty array`)
  const before = problems.list.length
  const entries = parsed.map((value, index) => entry(value, index, problems))
  const seen = new Map<string, number>()
  entries.forEach((e, index) => {
    if (!e) return
    const first = seen.get(e.name)
    if (first === undefined) seen.set(e.name, index)
    else {
      problems.add(
        `${INPUT}: ${label(index, e.name)} has the same name as entry #${first + 1}; names must be unique`
      )
    }
  })
  if (problems.list.length > before) return undefined
  return entries as PayloadEntry[]
}

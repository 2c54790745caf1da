/**
 * The results file on disk: written as pretty JSON; read back (baselines come from other runs
 * and other versions of the action) validated against the schema, never cast.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { jsonErrorOffset, lineAndColumn } from '../inputs/json-position.js'
import { SCHEMA_VERSION, type Results } from '../model/results.js'
import { describeValue } from './describe-value.js'

/** Why a results file cannot be read: `reason` without the path, the message with it. */
export class ResultsFileError extends Error {
  readonly path: string
  readonly reason: string
  constructor(path: string, reason: string) {
    super(`${path}: ${reason}`)
    this.name = 'ResultsFileError'
    this.path = path
    this.reason = reason
  }
}

/** Writes the results file as pretty JSON. */
export async function writeResults(path: string, results: Results): Promise<void> {
  await writeFile(path, JSON.stringify(results, null, 2) + '\n', 'utf8')
}

/**
 * Reads and validates a results file of schemaVersion 1, of this or an earlier version of the
 * action (fields added since are filled in; unknown fields are kept). Throws a ResultsFileError
 * naming the file and the first bad field.
 */
export async function readResults(path: string): Promise<Results> {
  // Editors may write a UTF-8 byte order mark; JSON.parse refuses it.
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '')
  function fail(reason: string): never {
    throw new ResultsFileError(path, reason)
  }
  if (text.trim() === '') fail('the file is empty')
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    fail(`not JSON${jsonFault(text)}`)
  }
  if (!isObject(parsed) || !('schemaVersion' in parsed)) {
    fail('not a benchmark results file (no schemaVersion)')
  }
  if (parsed.schemaVersion !== SCHEMA_VERSION) {
    fail(
      `schemaVersion ${describeValue(parsed.schemaVersion)}; this version reads ${SCHEMA_VERSION}`
    )
  }
  const { validateResults } = await import('./validate.js')
  const checked = validateResults(parsed)
  if (!checked.ok) fail(checked.reason)
  return checked.results
}

/**
 * Where the JSON goes wrong, without quoting it (V8's message quotes the text). The locator
 * recurses: on nesting too deep for the stack it gives up on the position, not on the message.
 */
function jsonFault(text: string): string {
  let offset: number | null
  try {
    offset = jsonErrorOffset(text)
  } catch {
    return ''
  }
  if (offset === null) return ''
  return offset >= text.length
    ? ' (it ends too early)'
    : ` (error at ${lineAndColumn(text, offset)})`
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

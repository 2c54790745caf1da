/**
 * The results file on disk: written as pretty JSON; read back (baselines come from other runs
 * and other versions of the action) validated against the schema, never cast.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
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

/**
 * Writes the results file as pretty JSON. A file that cannot be written throws one sentence
 * naming the file, why, and what to do (the system error stays its `cause`).
 */
export async function writeResults(path: string, results: Results): Promise<void> {
  try {
    await writeFile(path, JSON.stringify(results, null, 2) + '\n', 'utf8')
  } catch (error) {
    throw new Error(`Could not write the results file ${path}: ${writeProblem(path, error)}`, {
      cause: error
    })
  }
}

/** Why writing `path` failed and what to do, by the system's error code. */
function writeProblem(path: string, error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  const elsewhere = 'give results-file a path the job may write, e.g. in the workspace'
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${code}); ${elsewhere}`
    case 'EROFS':
      return `the file system is read-only (EROFS); ${elsewhere}`
    case 'ENOSPC':
      return "the runner's disk is full (ENOSPC); free space in an earlier step or give results-file a path on another disk"
    case 'EDQUOT':
      return 'the disk quota is used up (EDQUOT); free space in an earlier step or give results-file a path on another disk'
    case 'ENOENT':
      return `its directory ${dirname(path)} does not exist (ENOENT); create it in an earlier step or give results-file another path`
    case 'ENOTDIR':
      return `part of its directory ${dirname(path)} is a file (ENOTDIR); give results-file another path`
    case 'EISDIR':
      return 'it is a directory (EISDIR); give results-file a file path'
    default: {
      const message = error instanceof Error ? error.message : String(error)
      return `${message.replace(/\.\s*$/, '')}; ${elsewhere}`
    }
  }
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

/** The `payload` and `payload-file` inputs: one JSON event, checked without ever being quoted. */
import { readFileSync, statSync } from 'node:fs'
import { jsonErrorOffset, lineAndColumn } from './json-position.js'
import { type Problems, quote as q } from './problems.js'

/** Lambda's limit for a synchronous invocation's request payload. */
const PAYLOAD_MAX_BYTES = 6 * 1024 * 1024

/** Where the JSON goes wrong, as "line L, column C", without quoting any of the text. */
function jsonErrorPosition(text: string): string {
  const offset = jsonErrorOffset(text)
  if (offset === null) return ''
  return offset >= text.length ? ' (it ends too early)' : ` (${lineAndColumn(text, offset)})`
}

function json(name: string, label: string, text: string, problems: Problems): string | undefined {
  try {
    JSON.parse(text)
  } catch {
    return problems.add(`${name}: ${label}is not valid JSON${jsonErrorPosition(text)}`)
  }
  if (Buffer.byteLength(text) > PAYLOAD_MAX_BYTES) {
    return problems.add(
      `${name}: ${label}is ${Buffer.byteLength(text)} bytes; Lambda accepts at most ${PAYLOAD_MAX_BYTES} (6 MB) for a synchronous invocation`
    )
  }
  return text
}

/**
 * The JSON event: `payload-file` wins over `payload` (the caller gives action.yml's default).
 * Messages give the file's path and the position of a fault, never the text.
 */
export function payload(inline: string, file: string, problems: Problems): string | undefined {
  if (!file) return json('payload', '', inline, problems)
  let text: string
  try {
    if (!statSync(file).isFile()) return problems.add(`payload-file: ${q(file)} is not a file`)
    text = readFileSync(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return problems.add(`payload-file: ${q(file)} does not exist`)
    return problems.add(`payload-file: ${q(file)} cannot be read (${code ?? 'unknown error'})`)
  }
  // Editors may write a UTF-8 byte order mark; it is not JSON, so it is dropped, not sent.
  return json('payload-file', `${q(file)} `, text.replace(/^\uFEFF/, ''), problems)
}

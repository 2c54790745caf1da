/**
 * `merge-results`: finds the shards' results files (paths or globs, as actions/upload-artifact
 * takes them) and reads them, reporting every problem at once — a pattern that matches nothing,
 * a file that is not a results file, a function in two files — so one failed merge job tells
 * the whole story. ./merge.ts merges what is read.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path'
import * as glob from '@actions/glob'
import { readResults, ResultsFileError } from './file.js'
import { duplicateFunctions, MergeError, type Shard } from './merge.js'

/**
 * The shards named by `patterns`, sorted by path (so the merge is deterministic), each file
 * once however many patterns match it. A pattern is a path or a glob (`*`, `**`, `?`, `[…]`),
 * absolute or relative to `workspace` (default: the working directory); a directory stands for
 * every file under it; `!pattern` leaves out what it matches from every other pattern; empty
 * lines and `#` comments are skipped. Throws a MergeError listing every problem.
 */
export async function readShards(
  patterns: readonly string[],
  workspace?: string
): Promise<Shard[]> {
  const root = resolve(workspace ?? process.cwd())
  const lines = patterns.map((p) => p.trim()).filter((p) => p !== '' && !p.startsWith('#'))
  const excluded = lines.filter((p) => p.startsWith('!')).map((p) => rooted(p, root))
  const included = lines.filter((p) => !p.startsWith('!'))
  const problems: string[] = []
  if (included.length === 0) throw new MergeError(['merge-results: no path or glob given'])

  const files = new Set<string>()
  for (const pattern of included) {
    let matched: string[]
    try {
      const globber = await glob.create([rooted(pattern, root), ...excluded].join('\n'), {
        matchDirectories: false
      })
      matched = await globber.glob()
    } catch (error) {
      // @actions/glob refuses `.` and `..` segments, among others.
      problems.push(
        `merge-results: ${JSON.stringify(pattern)} is not a usable glob: ${oneLine(error)}`
      )
      continue
    }
    if (matched.length === 0)
      problems.push(`merge-results: ${JSON.stringify(pattern)} matches no file`)
    for (const file of matched) files.add(file)
  }

  const shards: Shard[] = []
  for (const file of [...files].sort(byCodeUnits)) {
    const path = shown(file, root)
    try {
      shards.push({ path, results: await readResults(file) })
    } catch (error) {
      problems.push(
        error instanceof ResultsFileError
          ? `merge-results: ${path} is not a results file: ${oneLine(error.reason)}`
          : `merge-results: ${path} cannot be read: ${readFault(error)}`
      )
    }
  }
  problems.push(...duplicateFunctions(shards))
  if (problems.length > 0) throw new MergeError(problems)
  return shards
}

/**
 * The pattern with a relative path resolved against `root` (glob characters in `root` escaped,
 * as @actions/glob escapes the working directory); absolute and `~` patterns as they are.
 */
function rooted(pattern: string, root: string): string {
  const negated = pattern.startsWith('!')
  const body = negated ? pattern.slice(1).trimStart() : pattern
  if (isAbsolute(body) || body.startsWith('~')) return pattern
  const inside = body.replace(/^(\.[\\/]+)+/, '')
  return `${negated ? '!' : ''}${globEscape(root)}${sep}${inside}`
}

/** A literal path as a glob: what @actions/glob does to the working directory. */
function globEscape(path: string): string {
  return (process.platform === 'win32' ? path : path.replace(/\\/g, '\\\\'))
    .replace(/(\[)(?=[^/]+\])/g, '[[]')
    .replace(/\?/g, '[?]')
    .replace(/\*/g, '[*]')
}

/** Relative to the workspace when inside it, else absolute. */
function shown(file: string, root: string): string {
  const rel = relative(root, file)
  const outside = rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)
  return rel !== '' && !outside ? rel : file
}

/** `EACCES: permission denied`: Node's message without the absolute path it adds. */
function readFault(error: unknown): string {
  return oneLine(error).replace(/, \w+ '.*'$/, '')
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return text.replace(/\s*\r?\n\s*/g, ' ')
}

/** The same order on every machine, whatever its locale. */
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

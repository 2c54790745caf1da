/** The results file on disk: written as pretty JSON, read back (baselines) with its version checked. */
import { readFile, writeFile } from 'node:fs/promises'
import { SCHEMA_VERSION, type Results } from '../model/results.js'

/** Writes the results file as pretty JSON. */
export async function writeResults(path: string, results: Results): Promise<void> {
  await writeFile(path, JSON.stringify(results, null, 2) + '\n', 'utf8')
}

/** Reads a results file; throws with the reason when it is not schemaVersion 1. */
export async function readResults(path: string): Promise<Results> {
  const parsed: unknown = JSON.parse(await readFile(path, 'utf8'))
  if (typeof parsed !== 'object' || parsed === null || !('schemaVersion' in parsed)) {
    throw new Error(`${path} is not a benchmark results file (no schemaVersion)`)
  }
  if (parsed.schemaVersion !== SCHEMA_VERSION) {
    throw new Error(
      `${path} has schemaVersion ${String(parsed.schemaVersion)}; this version reads ${SCHEMA_VERSION}`
    )
  }
  if (!('functions' in parsed) || !Array.isArray(parsed.functions)) {
    throw new Error(`${path} has no functions array`)
  }
  return parsed as Results
}

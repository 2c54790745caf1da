/** Reading the baseline results file named by the `baseline` input (a path, not `auto`). */
import { access } from 'node:fs/promises'
import type { Results } from '../model/results.js'
import { readResults, ResultsFileError } from './file.js'

/**
 * Reads the baseline before any AWS call, so that `baseline-required` fails a run that could not
 * compare without touching a function. Otherwise a missing or invalid file only warns: the first
 * run on a branch has no baseline, and that is normal.
 */
export async function loadBaseline(
  path: string,
  required: boolean,
  warn: (message: string) => void
): Promise<Results | undefined> {
  let problem: string
  try {
    await access(path)
    return await readResults(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    // A ResultsFileError's reason leaves out the path, which the sentence already names.
    const reason =
      error instanceof ResultsFileError
        ? error.reason
        : error instanceof Error
          ? error.message
          : String(error)
    problem =
      code === 'ENOENT'
        ? `baseline: "${path}" does not exist`
        : `baseline: "${path}" is not a usable results file (${reason})`
  }
  if (required) throw new Error(`${problem} and baseline-required is true`)
  warn(`${problem}; reporting without a comparison (the first run on a branch has no baseline)`)
  return undefined
}

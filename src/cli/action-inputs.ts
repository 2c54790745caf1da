/**
 * action.yml's inputs, read when the CLI starts: every input of the action is a flag of the CLI
 * without a second list to keep in step (a new input becomes a flag with the next bundle).
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

/** One input as action.yml declares it. */
export interface ActionInput {
  name: string
  description: string
  /** '' when action.yml gives none. */
  default: string
}

/**
 * The package's root: src/cli/ (tests, tsx) and dist/cli/ (the bundle) are both two levels below
 * it, and action.yml and package.json ship with the package.
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** Reads the inputs of action.yml, in its order. */
export function readActionInputs(
  text = readFileSync(join(ROOT, 'action.yml'), 'utf8')
): ActionInput[] {
  const doc = parse(text) as {
    inputs?: Record<string, { description?: string; default?: unknown }>
  }
  return Object.entries(doc.inputs ?? {}).map(([name, spec]) => ({
    name,
    description: (spec?.description ?? '').trim(),
    default: spec?.default === undefined || spec.default === null ? '' : String(spec.default)
  }))
}

/** The package's version (package.json). */
export function packageVersion(): string {
  const text = readFileSync(join(ROOT, 'package.json'), 'utf8')
  return (JSON.parse(text) as { version: string }).version
}

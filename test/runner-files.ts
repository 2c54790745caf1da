/**
 * What the Actions runner reads and writes around a step, for test/runner.ts: action.yml's
 * inputs and their variables, the GITHUB_OUTPUT / STATE / ENV command files, event payloads.
 */
import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

export type EventName =
  'pull_request' | 'pull_request_target' | 'push' | 'workflow_dispatch' | 'schedule'

interface InputSpec {
  name: string
  default?: string
}

/** Reads action.yml's inputs and defaults (a simple reader: the file is ours). */
export function actionInputs(
  yaml = readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')
): InputSpec[] {
  const inputs: InputSpec[] = []
  let inInputs = false
  for (const line of yaml.split(/\r?\n/)) {
    if (/^\S/.test(line)) inInputs = /^inputs:\s*$/.test(line)
    if (!inInputs) continue
    const name = /^ {2}([\w-]+):\s*$/.exec(line)
    if (name) inputs.push({ name: name[1] })
    const value = /^ {4}default:\s*(.*)$/.exec(line)
    if (value && inputs.length > 0) inputs[inputs.length - 1].default = unquote(value[1].trim())
  }
  return inputs
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) {
    return value.slice(1, -1).replace(/''/g, "'")
  }
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return JSON.parse(value) as string
  }
  return value
}

/** `@actions/core`'s rule: `INPUT_` + name with spaces as `_`, upper-cased; hyphens kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/** Parses a GITHUB_OUTPUT / GITHUB_STATE / GITHUB_ENV file: `name<<DELIM` heredocs and `name=value`. */
export function parseCommandFile(text: string): Record<string, string> {
  const values: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '')
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, delimiter] = heredoc
      const body: string[] = []
      for (i++; i < lines.length && lines[i].replace(/\r$/, '') !== delimiter; i++) {
        body.push(lines[i])
      }
      values[name] = body.join('\n')
      continue
    }
    const eq = line.indexOf('=')
    if (eq > 0) values[line.slice(0, eq)] = line.slice(eq + 1)
  }
  return values
}

/** A non-null object that is not an array. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** `over` merged into `base`, objects key by key, anything else replaced. */
export function deepMerge(
  base: Record<string, unknown>,
  over: Record<string, unknown>
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(over)) {
    out[key] = isPlainObject(value) && isPlainObject(out[key]) ? deepMerge(out[key], value) : value
  }
  return out
}

/** A payload shaped like the webhook GitHub writes to GITHUB_EVENT_PATH. */
export function eventPayload(name: EventName, owner: string, repo: string, prNumber = 1): object {
  const full = `${owner}/${repo}`
  const sender = { login: 'octocat', id: 583231, type: 'User' }
  const repository = {
    id: 123456789,
    name: repo,
    full_name: full,
    private: false,
    owner: { login: owner, id: 9919, type: 'Organization' },
    html_url: `https://github.com/${full}`,
    default_branch: 'main'
  }
  const sha = 'a'.repeat(40)
  switch (name) {
    case 'pull_request':
    case 'pull_request_target':
      return {
        action: 'synchronize',
        number: prNumber,
        pull_request: {
          number: prNumber,
          state: 'open',
          title: 'Make the handler faster',
          html_url: `https://github.com/${full}/pull/${prNumber}`,
          user: sender,
          head: { ref: 'feature', sha: 'b'.repeat(40), repo: { full_name: full } },
          base: { ref: 'main', sha, repo: { full_name: full } }
        },
        repository,
        sender
      }
    case 'push':
      return {
        ref: 'refs/heads/main',
        before: '0'.repeat(40),
        after: sha,
        head_commit: { id: sha, message: 'Update handler' },
        pusher: { name: 'octocat' },
        repository,
        sender
      }
    case 'workflow_dispatch':
      return {
        inputs: {},
        ref: 'refs/heads/main',
        workflow: '.github/workflows/bench.yml',
        repository,
        sender
      }
    case 'schedule':
      return { schedule: '0 3 * * 1', workflow: '.github/workflows/bench.yml', repository }
  }
}

/**
 * action.yml and the code agree on the inputs: every default in action.yml is DEFAULTS' (and
 * vice versa), an input left empty behaves as its action.yml default, and parseInputs reads
 * exactly the inputs action.yml declares — no more (a name the runner never sets), no fewer.
 */
import { readFileSync } from 'node:fs'
import { DEFAULTS, parseInputs } from '../../src/inputs/parse.js'

interface Input {
  required?: string
  default?: string
  description?: string
}

/**
 * The `inputs:` block of action.yml: two-space names, four-space scalar properties, quoted
 * ('…' or "…") or bare. Strict: a line of any other shape throws, so a YAML feature this does
 * not read (a block scalar, a list) fails the test instead of being misread.
 */
function actionInputs(text: string): Record<string, Input> {
  const inputs: Record<string, Input> = {}
  const lines = text.split(/\r?\n/)
  let current: Input | undefined
  for (const line of lines.slice(lines.indexOf('inputs:') + 1)) {
    if (/^\S/.test(line)) break
    if (line.trim() === '' || line.trim().startsWith('#')) continue
    const name = /^ {2}([\w-]+):\s*$/.exec(line)
    const property = /^ {4}(\w+):\s*(.*)$/.exec(line)
    if (name) inputs[name[1]] = current = {}
    else if (property && current) current[property[1] as keyof Input] = scalar(property[2])
    else throw new Error(`action.yml: cannot read the line ${JSON.stringify(line)}`)
  }
  return inputs
}

function scalar(raw: string): string {
  if (raw.startsWith("'")) return raw.slice(1, -1).replace(/''/g, "'")
  if (raw.startsWith('"')) return JSON.parse(raw) as string
  return raw
}

const INPUTS = actionInputs(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8'))
const ENV = { AWS_REGION: 'eu-west-1' }
const REQUIRED = { functions: 'orders-api' }

/**
 * action.yml defaults the code does not hold in DEFAULTS, and why:
 * - github-token: `${{ github.token }}` is an expression the runner evaluates; the code takes
 *   whatever token it is given.
 * - the booleans' 'false': the code reads an empty boolean as false (tested below).
 * - '' (payload-file, pr-number, baseline, …): no default; empty is the value.
 */
const NOT_IN_DEFAULTS = (name: string, value: string): boolean =>
  name === 'github-token' || value === 'false' || value === ''

const plan = (given: Record<string, string>) =>
  parseInputs((name) => ({ ...REQUIRED, ...given })[name] ?? '', ENV)

describe('action.yml inputs', () => {
  it('is read: a dozen inputs; functions not required by the runner (merge-results needs none)', () => {
    expect(Object.keys(INPUTS).length).toBeGreaterThan(12)
    expect(INPUTS.functions).toMatchObject({ required: 'false' })
    expect(INPUTS['github-token'].default).toBe('${{ github.token }}')
  })

  it('have the defaults the code has, and the code no default action.yml lacks', () => {
    const yamlDefaults = Object.fromEntries(
      Object.entries(INPUTS)
        .filter(
          ([name, input]) => input.default !== undefined && !NOT_IN_DEFAULTS(name, input.default)
        )
        .map(([name, input]) => [name, input.default])
    )
    expect(yamlDefaults).toEqual({ ...DEFAULTS })
  })

  it.each(
    Object.entries(INPUTS).filter(([name, i]) => i.default !== undefined && name !== 'github-token')
  )('%s: empty behaves as its default', (name, input) => {
    expect(plan({ [name]: input.default! })).toEqual(plan({}))
  })

  it('are each read by parseInputs, which reads no other', () => {
    const read = new Set<string>()
    parseInputs((name) => {
      read.add(name)
      return REQUIRED[name as keyof typeof REQUIRED] ?? ''
    }, ENV)
    expect([...read].sort()).toEqual(Object.keys(INPUTS).sort())
  })
})

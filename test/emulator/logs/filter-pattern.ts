/**
 * CloudWatch Logs filter patterns: terms, quoted phrases, `?a ?b` (any of), `-term` (none of),
 * and JSON conditions `{ $.a.b = "x" && $.n > 3 }`.
 */
import { logsError } from '../api-error.js'

/** A compiled pattern. */
export type Matcher = (message: string) => boolean

const cache = new Map<string, Matcher>()

/** Compiles (and caches) a filter pattern; throws InvalidParameterException when malformed. */
export function compileFilterPattern(pattern: string | undefined): Matcher {
  const p = (pattern ?? '').trim()
  let m = cache.get(p)
  if (!m) {
    m = p === '' ? () => true : p.startsWith('{') ? compileJson(p) : compileTerms(p)
    if (cache.size > 1000) cache.clear()
    cache.set(p, m)
  }
  return m
}

function invalid(): Error {
  return logsError('InvalidParameterException', 'Invalid filter pattern')
}

function compileTerms(p: string): Matcher {
  if (p.startsWith('[') || p.startsWith('%')) throw invalid()
  const required: string[] = []
  const any: string[] = []
  const none: string[] = []
  const re = /([?-]?)(?:"((?:[^"\\]|\\.)*)"|(\S+))/g
  for (let m = re.exec(p); m; m = re.exec(p)) {
    const term = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]
    if (m[1] === '?') any.push(term)
    else if (m[1] === '-') none.push(term)
    else required.push(term)
  }
  return (msg) =>
    required.every((t) => msg.includes(t)) &&
    (any.length === 0 || any.some((t) => msg.includes(t))) &&
    !none.some((t) => msg.includes(t))
}

type Expr = (doc: unknown) => boolean

function compileJson(p: string): Matcher {
  if (!p.endsWith('}')) throw invalid()
  const tokens = tokenize(p.slice(1, -1))
  let i = 0
  const peek = (): string | undefined => tokens[i]
  const next = (): string => {
    const t = tokens[i++]
    if (t === undefined) throw invalid()
    return t
  }
  const or = (): Expr => {
    let left = and()
    while (peek() === '||') {
      next()
      const l = left
      const r = and()
      left = (d) => l(d) || r(d)
    }
    return left
  }
  const and = (): Expr => {
    let left = atom()
    while (peek() === '&&') {
      next()
      const l = left
      const r = atom()
      left = (d) => l(d) && r(d)
    }
    return left
  }
  const atom = (): Expr => {
    if (peek() === '(') {
      next()
      const e = or()
      if (next() !== ')') throw invalid()
      return e
    }
    const selector = next()
    if (!selector.startsWith('$')) throw invalid()
    const get = path(selector)
    const op = next()
    if (op.toUpperCase() === 'IS') {
      const what = next().toUpperCase()
      if (what === 'NULL') return (d) => get(d) === null
      if (what === 'TRUE') return (d) => get(d) === true
      if (what === 'FALSE') return (d) => get(d) === false
      throw invalid()
    }
    if (op.toUpperCase() === 'NOT' && next().toUpperCase() === 'EXISTS') {
      return (d) => get(d) === undefined
    }
    if (!['=', '!=', '<', '>', '<=', '>='].includes(op)) throw invalid()
    const raw = next()
    const quoted = raw.startsWith('"')
    const value = quoted ? raw.slice(1, -1) : raw
    const num = Number(value)
    if (!quoted && !Number.isNaN(num) && op !== '=' && op !== '!=') {
      return (d) => {
        const v = get(d)
        if (typeof v !== 'number') return false
        return op === '<' ? v < num : op === '>' ? v > num : op === '<=' ? v <= num : v >= num
      }
    }
    if (op !== '=' && op !== '!=') throw invalid()
    const eq = (v: unknown): boolean => {
      if (!quoted && !Number.isNaN(num)) return v === num
      if (typeof v === 'number' || typeof v === 'boolean') return String(v) === value
      if (typeof v !== 'string') return false
      if (!value.includes('*')) return v === value
      const re = new RegExp(
        '^' +
          value
            .split('*')
            .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
            .join('.*') +
          '$'
      )
      return re.test(v)
    }
    return op === '=' ? (d) => eq(get(d)) : (d) => !eq(get(d))
  }
  const expr = or()
  if (i !== tokens.length) throw invalid()
  return (msg) => {
    if (!msg.startsWith('{')) return false
    let doc: unknown
    try {
      doc = JSON.parse(msg)
    } catch {
      return false
    }
    return expr(doc)
  }
}

function tokenize(s: string): string[] {
  const re = /\s*("(?:[^"\\]|\\.)*"|&&|\|\||!=|<=|>=|=|<|>|\(|\)|[^\s()=<>!&|]+)/g
  const out: string[] = []
  let last = 0
  for (let m = re.exec(s); m; m = re.exec(s)) {
    out.push(m[1])
    last = re.lastIndex
  }
  if (s.slice(last).trim() !== '') throw invalid()
  return out
}

function path(selector: string): (doc: unknown) => unknown {
  const steps: (string | number)[] = []
  const re = /\.([^.[\]]+)|\[(\d+)\]/g
  const rest = selector.slice(1)
  let last = 0
  for (let m = re.exec(rest); m; m = re.exec(rest)) {
    if (m.index !== last) throw invalid()
    steps.push(m[1] !== undefined ? m[1] : Number(m[2]))
    last = re.lastIndex
  }
  if (last !== rest.length) throw invalid()
  return (doc) => {
    let cur: unknown = doc
    for (const s of steps) {
      if (cur === null || typeof cur !== 'object') return undefined
      cur = (cur as Record<string | number, unknown>)[s]
    }
    return cur
  }
}

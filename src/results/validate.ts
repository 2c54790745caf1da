/**
 * Validation of a parsed results file against the schema, and the message naming the first bad
 * field. Loaded only when a results file is read (a baseline): zod and the schema cost the
 * action's start-up time otherwise.
 */
import * as z from 'zod'
import type { Results } from '../model/results.js'
import { resultsSchema } from '../model/results-schema.js'
import { describeValue, shorten } from './describe-value.js'

/** The Results (later fields filled in), or why the value is not a results file. */
export function validateResults(
  parsed: unknown
): { ok: true; results: Results } | { ok: false; reason: string } {
  const result = resultsSchema.safeParse(parsed)
  if (result.success) return { ok: true, results: result.data }
  return { ok: false, reason: describeIssues(result.error.issues, parsed) }
}

/** The first issue, readable; and how many more there are, without listing them. */
function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string {
  const [first] = issues
  const more = issues.length - 1
  return (
    describeIssue(first, input) +
    (more > 0 ? ` (and ${more} more problem${more > 1 ? 's' : ''})` : '')
  )
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const path = readablePath(issue.path)
  const value = valueAt(input, issue.path)
  const node = schemaAt(resultsSchema, issue.path)
  const expected = node === undefined ? 'a valid value' : describeSchema(node)
  if (value === undefined) return `${path}: missing (expected ${expected})`
  const got = `got ${describeValue(value)}`
  if (issue.code === 'too_small' || issue.code === 'too_big') {
    const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum
    if (issue.origin === 'array') {
      const most = issue.code === 'too_small' ? 'at least' : 'at most'
      return `${path}: expected ${most} ${String(bound)} items, ${got}`
    }
    const sign =
      issue.code === 'too_small' ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<'
    const base = node === undefined ? 'a value' : describeSchema(withoutNull(node))
    return `${path}: expected ${base} ${sign} ${String(bound)}, ${got}`
  }
  if (issue.code === 'invalid_type' || issue.code === 'invalid_value') {
    return `${path}: expected ${expected}, ${got}`
  }
  return `${path}: ${issue.message}, ${got}`
}

/** `functions[0].tiers[2].billedDuration.mean`; odd keys quoted (`errorTypes["Task timed out"]`). */
function readablePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(the top level)'
  return path
    .map((key, i) => {
      if (typeof key === 'number') return `[${key}]`
      const name = String(key)
      if (/^[A-Za-z_$][\w$]*$/.test(name)) return i === 0 ? name : `.${name}`
      return `[${JSON.stringify(shorten(name))}]`
    })
    .join('')
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined
    value = (value as Record<PropertyKey, unknown>)[key]
  }
  return value
}

/** The schema that judged the value at `path`. */
function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let node: z.ZodType | undefined = schema
  for (const key of path) {
    node = node === undefined ? undefined : child(unwrap(node), key)
  }
  return node
}

/** The schema past its optional, default, null and transform wrappers: where its fields are. */
function unwrap(schema: z.ZodType): z.ZodType {
  if (
    schema instanceof z.ZodOptional ||
    schema instanceof z.ZodDefault ||
    schema instanceof z.ZodNullable
  ) {
    return unwrap(schema.unwrap() as z.ZodType)
  }
  if (schema instanceof z.ZodPipe) return unwrap(schema.in as z.ZodType)
  return schema
}

function withoutNull(schema: z.ZodType): z.ZodType {
  const inner = schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema
  return inner instanceof z.ZodNullable ? (inner.unwrap() as z.ZodType) : inner
}

function child(schema: z.ZodType, key: PropertyKey): z.ZodType | undefined {
  if (schema instanceof z.ZodObject) return (schema.shape as Record<string, z.ZodType>)[String(key)]
  if (schema instanceof z.ZodArray) return schema.element as z.ZodType
  if (schema instanceof z.ZodRecord) return schema.valueType as z.ZodType
  if (schema instanceof z.ZodTuple) return (schema.def.items as z.ZodType[])[Number(key)]
  return undefined
}

/** "a whole number or null", "one of "ok", "failed"": what a schema accepts, in words. */
function describeSchema(schema: z.ZodType): string {
  if (schema instanceof z.ZodNullable)
    return `${describeSchema(schema.unwrap() as z.ZodType)} or null`
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault) {
    return describeSchema(schema.unwrap() as z.ZodType)
  }
  if (schema instanceof z.ZodPipe) return describeSchema(schema.in as z.ZodType)
  if (schema instanceof z.ZodNumber) return schema.isInt ? 'a whole number' : 'a number'
  if (schema instanceof z.ZodString) return 'a string'
  if (schema instanceof z.ZodBoolean) return 'true or false'
  if (schema instanceof z.ZodEnum)
    return `one of ${schema.options.map((o) => JSON.stringify(o)).join(', ')}`
  if (schema instanceof z.ZodLiteral)
    return [...schema.values].map((v) => JSON.stringify(v)).join(' or ')
  if (schema instanceof z.ZodTuple) return `an array of ${schema.def.items.length} items`
  if (schema instanceof z.ZodArray) return 'an array'
  if (schema instanceof z.ZodObject || schema instanceof z.ZodRecord) return 'an object'
  return 'a valid value'
}

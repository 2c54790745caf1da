/**
 * The `functions` input: full ARNs, partial ARNs and names → FunctionTargets.
 * Each problem is returned as one message line naming the input and the value.
 */
import type { FunctionTarget } from '../model/plan.js'
import { quote } from './problems.js'

const PARTITIONS: Readonly<Record<string, (region: string) => boolean>> = {
  aws: (r) => !r.startsWith('cn-') && !r.startsWith('us-gov-'),
  'aws-cn': (r) => r.startsWith('cn-'),
  'aws-us-gov': (r) => r.startsWith('us-gov-')
}

/** Lambda's own pattern for a region inside an ARN, e.g. us-east-1, us-gov-west-1, cn-north-1. */
export const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d{1,2}$/
const ACCOUNT = /^\d{12}$/
/** Lambda's function-name rule: 1–64 letters, digits, hyphens and underscores. */
const NAME = /^[A-Za-z0-9_-]{1,64}$/

interface Parsed {
  functionName: string
  accountId?: string
  partition?: string
  region?: string
  /** Set when the user named a version or alias. */
  qualifier?: string
}

/** Splits a list input on new lines and commas; blank entries are dropped. */
export function splitList(raw: string): string[] {
  return raw
    .split(/[\r\n,]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
}

function nameProblem(inputName: string, input: string, name: string): string | null {
  if (NAME.test(name)) return null
  return `${inputName}: ${quote(input)} has an invalid function name ${quote(name)} (1-64 letters, digits, hyphens or underscores)`
}

/** Parses one entry of `inputName`; returns the parts or the message of what is wrong. */
function parseOne(inputName: string, input: string): Parsed | string {
  const q = quote(input)
  if (input.startsWith('arn:')) {
    const parts = input.split(':')
    if (parts.length < 7 || parts.length > 8) {
      return `${inputName}: ${q} is not a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>)`
    }
    const [, partition, service, region, account, type, name, qualifier] = parts
    if (service !== 'lambda' || type !== 'function') {
      return `${inputName}: ${q} is not a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>)`
    }
    if (!(partition in PARTITIONS)) {
      return `${inputName}: ${q} has partition ${quote(partition)}; expected aws, aws-cn or aws-us-gov`
    }
    if (!REGION.test(region)) return `${inputName}: ${q} has an invalid region ${quote(region)}`
    if (!PARTITIONS[partition](region)) {
      return `${inputName}: ${q} has region ${quote(region)}, which is not in partition ${partition}`
    }
    if (!ACCOUNT.test(account)) {
      return `${inputName}: ${q} has an invalid account ${quote(account)} (12 digits)`
    }
    return (
      nameProblem(inputName, input, name) ?? {
        functionName: name,
        accountId: account,
        partition,
        region,
        qualifier
      }
    )
  }
  const partial = /^(\d+):function:(.*)$/.exec(input)
  if (partial) {
    const [, account, rest] = partial
    if (!ACCOUNT.test(account)) {
      return `${inputName}: ${q} has an invalid account ${quote(account)} (12 digits)`
    }
    const [name, qualifier, ...extra] = rest.split(':')
    if (extra.length > 0) return `${inputName}: ${q} is not a function name or ARN`
    return (
      nameProblem(inputName, input, name) ?? { functionName: name, accountId: account, qualifier }
    )
  }
  const [name, qualifier, ...extra] = input.split(':')
  if (extra.length > 0) return `${inputName}: ${q} is not a function name or ARN`
  if (name === '' && qualifier !== undefined) {
    return `${inputName}: ${q} has a qualifier but no function name`
  }
  return nameProblem(inputName, input, name) ?? { functionName: name, qualifier }
}

/** Memory lives on the unqualified function: `:$LATEST` is the same thing, anything else is not. */
function qualifierProblem(
  inputName: string,
  input: string,
  qualifier: string | undefined
): string | null {
  if (qualifier === undefined || qualifier === '$LATEST') return null
  const kind = /^\d+$/.test(qualifier) ? 'version' : 'alias'
  return `${inputName}: ${quote(input)} names ${kind} ${quote(qualifier)}; memory is set on the unqualified function ($LATEST), so give it without ":${qualifier}"`
}

/** The identifier sent as FunctionName: the ARN or name as written, less a `:$LATEST`. */
function identifierOf(input: string, qualifier: string | undefined): string {
  return qualifier === '$LATEST' ? input.slice(0, -':$LATEST'.length) : input
}

/**
 * One function of `inputName` (`functions`, `baseline-functions`) as a target, or the message of
 * what is wrong with it. `defaultRegion` serves an entry without a region of its own.
 */
export function parseTarget(
  inputName: string,
  input: string,
  defaultRegion: string | undefined
): FunctionTarget | string {
  const parsed = parseOne(inputName, input)
  if (typeof parsed === 'string') return parsed
  const qualified = qualifierProblem(inputName, input, parsed.qualifier)
  if (qualified) return qualified
  const region = parsed.region ?? defaultRegion
  if (!region) {
    return `${inputName}: ${quote(input)} has no region; give its full ARN or set AWS_REGION (aws-actions/configure-aws-credentials does)`
  }
  return {
    input,
    identifier: identifierOf(input, parsed.qualifier),
    functionName: parsed.functionName,
    region,
    ...(parsed.accountId ? { accountId: parsed.accountId } : {}),
    ...(parsed.partition ? { partition: parsed.partition } : {})
  }
}

/**
 * Parses the `functions` input into targets. `defaultRegion` (AWS_REGION, else
 * AWS_DEFAULT_REGION) serves entries without a region of their own.
 */
export function parseFunctions(
  raw: string,
  defaultRegion: string | undefined
): { targets: FunctionTarget[]; problems: string[] } {
  const problems: string[] = []
  const targets: FunctionTarget[] = []
  const entries = splitList(raw)
  if (entries.length === 0) {
    problems.push(
      'Input required and not supplied: functions (function names or ARNs, one per line or comma-separated)'
    )
  }
  for (const input of entries) {
    const target = parseTarget('functions', input, defaultRegion)
    if (typeof target === 'string') {
      problems.push(target)
      continue
    }
    const twin = targets.find((t) => sameFunction(t, target))
    if (twin) {
      problems.push(
        `functions: ${quote(twin.input)} and ${quote(input)} are the same function; list it once`
      )
      continue
    }
    targets.push(target)
  }
  return { targets, problems }
}

/** Same name and region, and the same account where both say which. */
export function sameFunction(a: FunctionTarget, b: FunctionTarget): boolean {
  return (
    a.functionName === b.functionName &&
    a.region === b.region &&
    (a.accountId === undefined || b.accountId === undefined || a.accountId === b.accountId)
  )
}

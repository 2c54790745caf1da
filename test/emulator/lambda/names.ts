/** FunctionName as it arrives in a path label: name, full ARN or partial ARN, with `:qualifier`. */

/** The function's name and the qualifier carried in the name, if any. */
export interface ParsedName {
  name: string
  qualifier?: string
}

const NAME =
  /^(?:arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:function:|\d{12}:function:)?([a-zA-Z0-9_-]+)(?::(\$LATEST|[a-zA-Z0-9_-]+))?$/

/** Parses a (URL-decoded) FunctionName; undefined when it is no valid name at all. */
export function parseFunctionName(raw: string): ParsedName | undefined {
  const m = NAME.exec(raw)
  if (!m) return undefined
  return m[2] ? { name: m[1], qualifier: m[2] } : { name: m[1] }
}

/** Display names for functions: short, yet never two alike. */

export interface NamedFunction {
  functionArn: string
  functionName: string
  region: string
  accountId?: string
}

/** The account id in an ARN (`arn:partition:lambda:region:account:function:name`). */
function accountOf(fn: NamedFunction): string {
  return fn.accountId ?? fn.functionArn.split(':')[4] ?? ''
}

/**
 * One display name per function, in the same order: the function name alone; `name (region)`
 * where another function has the same name; `name (region, account)` where name and region
 * still collide (the same name in two accounts); the full ARN as a last resort.
 */
export function displayNames(functions: readonly NamedFunction[]): string[] {
  const count = (key: (f: NamedFunction) => string, value: string): number =>
    functions.filter((f) => key(f) === value).length
  const byName = (f: NamedFunction): string => f.functionName
  const byRegion = (f: NamedFunction): string => `${f.functionName} (${f.region})`
  const byAccount = (f: NamedFunction): string => `${f.functionName} (${f.region}, ${accountOf(f)})`

  return functions.map((f) => {
    if (count(byName, byName(f)) === 1) return byName(f)
    if (count(byRegion, byRegion(f)) === 1) return byRegion(f)
    if (accountOf(f) && count(byAccount, byAccount(f)) === 1) return byAccount(f)
    return f.functionArn
  })
}

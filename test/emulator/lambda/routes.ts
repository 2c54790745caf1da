/** Lambda REST paths → operation names (aws-facts.md). */

/** A recognised Lambda request. */
export interface LambdaRoute {
  operation: string
  /** The raw (URL-decoded) FunctionName label. */
  functionName?: string
  aliasName?: string
}

/** Maps method + path to an operation; undefined for an unknown route. */
export function lambdaRoute(method: string, path: string): LambdaRoute | undefined {
  const parts = path.split('/').filter((p) => p !== '')
  const [apiVersion, functions, rawName, sub, subName] = parts
  if (functions !== 'functions') return undefined
  if (rawName === undefined) {
    return apiVersion === '2015-03-31' && method === 'GET'
      ? { operation: 'ListFunctions' }
      : undefined
  }
  let functionName: string
  try {
    functionName = decodeURIComponent(rawName)
  } catch {
    return undefined
  }
  const op = (operation: string, aliasName?: string): LambdaRoute => ({
    operation,
    functionName,
    aliasName
  })
  if (parts.length > 5) return undefined
  if (apiVersion === '2015-03-31') {
    if (sub === undefined) {
      if (method === 'GET') return op('GetFunction')
      if (method === 'DELETE') return op('DeleteFunction')
      return undefined
    }
    if (sub === 'configuration' && subName === undefined) {
      if (method === 'GET') return op('GetFunctionConfiguration')
      if (method === 'PUT') return op('UpdateFunctionConfiguration')
    }
    if (sub === 'invocations' && subName === undefined && method === 'POST') return op('Invoke')
    if (sub === 'versions' && subName === undefined) {
      if (method === 'POST') return op('PublishVersion')
      if (method === 'GET') return op('ListVersionsByFunction')
    }
    if (sub === 'aliases') {
      if (subName === undefined) {
        if (method === 'POST') return op('CreateAlias')
        if (method === 'GET') return op('ListAliases')
        return undefined
      }
      const alias = decodeURIComponent(subName)
      if (method === 'GET') return op('GetAlias', alias)
      if (method === 'PUT') return op('UpdateAlias', alias)
      if (method === 'DELETE') return op('DeleteAlias', alias)
    }
    return undefined
  }
  if (sub === 'concurrency' && subName === undefined) {
    if (apiVersion === '2019-09-30' && method === 'GET') return op('GetFunctionConcurrency')
    if (apiVersion === '2017-10-31' && method === 'PUT') return op('PutFunctionConcurrency')
    if (apiVersion === '2017-10-31' && method === 'DELETE') return op('DeleteFunctionConcurrency')
  }
  return undefined
}

/** The IAM action an operation needs (named in AccessDenied messages). */
export function iamAction(operation: string): string {
  return operation === 'Invoke' ? 'InvokeFunction' : operation
}

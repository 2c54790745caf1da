/**
 * Per-request work the SDK does that a benchmark sending thousands of Invokes from a CI runner
 * does not need, trimmed with the SDK's own configuration and middleware-stack API:
 * - the user agent: the SDK rebuilds and re-escapes its sections on every request (an
 *   `os.release()` system call among them); they never change within a process, so the headers
 *   its own middleware wrote on a command's first request are reused for that command's others;
 * - recursion detection: it only adds a trace header when running inside Lambda
 *   (AWS_LAMBDA_FUNCTION_NAME), which a GitHub runner is not, but it costs a lookup of the
 *   invoke store and a scan of the headers on every request;
 * - the logger middleware: the client's logger is the SDK's no-op logger, yet the middleware
 *   adds a level of promises to every request;
 * - the signer: the SDK builds a new SignatureV4 for every request, copying the whole client
 *   configuration (about a hundred properties) into it. One signer per auth scheme is kept
 *   instead: it still asks the client's credentials provider on every request, so refreshed
 *   credentials are used at once (test/integration/lean-stack.test.ts checks both).
 */
import { getUserAgentMiddlewareOptions, userAgentMiddleware } from '@aws-sdk/core/client'
import type {
  AuthScheme,
  BuildHandler,
  BuildMiddleware,
  HandlerExecutionContext,
  RequestSigner
} from '@smithy/types'

type SignerProvider = (authScheme?: AuthScheme) => Promise<RequestSigner>

/** What lean() needs of a client (LambdaClient, CloudWatchLogsClient). */
interface Trimmable {
  config: {
    signer: SignerProvider
  }
  middlewareStack: {
    remove(name: string): boolean
    add(middleware: BuildMiddleware<any, any>, options: typeof getUserAgentMiddlewareOptions): void // eslint-disable-line @typescript-eslint/no-explicit-any
  }
}

/** Trims `client` in place and returns it. */
export function lean<C extends Trimmable>(client: C, env: NodeJS.ProcessEnv = process.env): C {
  client.config.signer = reuseSigners(client.config.signer)
  client.middlewareStack.add(
    reuseUserAgent(userAgentMiddleware(client.config as never)),
    getUserAgentMiddlewareOptions
  )
  if (!env.AWS_LAMBDA_FUNCTION_NAME) client.middlewareStack.remove('recursionDetectionMiddleware')
  client.middlewareStack.remove('loggerMiddleware')
  return client
}

/** One signer per (scheme, signing name, signing region); a failed creation is not kept. */
export function reuseSigners(create: SignerProvider): SignerProvider {
  const signers = new Map<string, Promise<RequestSigner>>()
  return (authScheme) => {
    const key = authScheme
      ? `${authScheme.name}/${authScheme.signingName}/${authScheme.signingRegion}`
      : ''
    let signer = signers.get(key)
    if (!signer) {
      signer = create(authScheme)
      signers.set(key, signer)
      signer.catch(() => signers.delete(key))
    }
    return signer
  }
}

const USER_AGENT_HEADERS = ['user-agent', 'x-amz-user-agent']

/**
 * The SDK's user-agent middleware, run for a command's first request only; later requests get
 * the headers it wrote then. `cacheMiddleware` builds one handler per command class, so this
 * closure is per client and command.
 */
export function reuseUserAgent<I extends object, O extends object>(
  sdk: BuildMiddleware<I, O>
): BuildMiddleware<I, O> {
  return (next: BuildHandler<I, O>, context: HandlerExecutionContext) => {
    let headers: Record<string, string> | undefined
    const first = sdk((args) => {
      const written = (args.request as { headers?: Record<string, string> }).headers ?? {}
      const found = USER_AGENT_HEADERS.filter((h) => written[h] !== undefined)
      // Kept only once the SDK wrote them: a request it passed over must not set the rule.
      if (found.length > 0) headers = Object.fromEntries(found.map((h) => [h, written[h]]))
      return next(args)
    }, context)
    return (args) => {
      const request = args.request as { headers?: Record<string, string> }
      if (!headers || !request.headers) return first(args)
      Object.assign(request.headers, headers)
      return next(args)
    }
  }
}

/**
 * Per-request work the SDK does that a benchmark sending thousands of Invokes from a CI runner
 * does not need, trimmed with the SDK's own configuration and middleware-stack API:
 * - the user agent: the SDK rebuilds its sections on every request (an `os.release()` system
 *   call among them); they never change within a process, so the first answer is kept;
 * - recursion detection: it only adds a trace header when running inside Lambda
 *   (AWS_LAMBDA_FUNCTION_NAME), which a GitHub runner is not, but it costs a lookup of the
 *   invoke store and a scan of the headers on every request;
 * - the logger middleware: the client's logger is the SDK's no-op logger, yet the middleware
 *   adds a level of promises to every request.
 */
import type { UserAgent } from '@smithy/types'

/** What lean() needs of a client (LambdaClient, CloudWatchLogsClient). */
interface Trimmable {
  config: { defaultUserAgentProvider: (...args: never[]) => Promise<UserAgent> }
  middlewareStack: { remove(name: string): boolean }
}

/** Trims `client` in place and returns it. */
export function lean<C extends Trimmable>(client: C, env: NodeJS.ProcessEnv = process.env): C {
  const config = client.config as { defaultUserAgentProvider: () => Promise<UserAgent> }
  const provider = config.defaultUserAgentProvider
  let userAgent: Promise<UserAgent> | undefined
  config.defaultUserAgentProvider = () => (userAgent ??= provider())
  if (!env.AWS_LAMBDA_FUNCTION_NAME) client.middlewareStack.remove('recursionDetectionMiddleware')
  client.middlewareStack.remove('loggerMiddleware')
  return client
}

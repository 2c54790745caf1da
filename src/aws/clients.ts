/**
 * The AWS clients, per region, created on first use and shared by every function of that region:
 * a LambdaClient for control-plane calls, another for Invoke, and a CloudWatchLogsClient.
 *
 * Everything the SDK reads on its own is left to it: the credentials chain (OIDC web identity,
 * env, profiles), `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_LAMBDA` /
 * `AWS_ENDPOINT_URL_CLOUDWATCH_LOGS`, `AWS_MAX_ATTEMPTS`, `AWS_RETRY_MODE` (standard by default).
 * We only size the HTTP agent (the SDK's default of 50 sockets would silently cap the number of
 * invocations in flight) and resolve each command's middleware once (`cacheMiddleware`: per-call
 * resolution was a third of the SDK's CPU per Invoke), and reuse one SigV4 signer per auth scheme
 * instead of one built per request (lean-stack.ts, checked against a stock client on the wire).
 *
 * Every request has a time limit, so that a socket the server accepted but never answers cannot
 * hang a restore or a whole run: retry (core/retry.ts) only looks at its deadline between attempts.
 * The SDK names the error TimeoutError (code ETIMEDOUT) and retries it as transient, as does
 * isTransient. Invoke has its own client because an invocation may legitimately run for 15
 * minutes, far past what a control-plane call may take.
 */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { LambdaClient } from '@aws-sdk/client-lambda'
import { systemClock, type Clock } from '../core/clock.js'
import { lean } from './lean-stack.js'
import { controlPlaneBudget } from './quota.js'
import { throttleObserver, type ObserveThrottles } from './throttle-observer.js'

/** The clients of a run, by region. */
export interface AwsClients {
  /** Control-plane calls (GetFunction, updates, versions, waiters): 30 s per request. */
  lambda(region: string): LambdaClient
  /** Invoke only: bounded above the longest invocation Lambda allows. */
  invoker(region: string): LambdaClient
  /** CloudWatch Logs calls: 30 s per request. */
  logs(region: string): CloudWatchLogsClient
  /** Counts the throttled attempts of an Invoke sent through `invoker`, the SDK's retries included. */
  observeThrottles: ObserveThrottles
  /** Closes the keep-alive sockets so the process can exit. */
  destroy(): void
}

export interface ClientOptions {
  /** Sockets per client: at least the invocations that can be in flight at once. */
  maxSockets: number
  /**
   * Per-request limit of control-plane and Logs calls (LMB_REQUEST_TIMEOUT_MS), 0 for none: they
   * answer in well under a second when the service is healthy.
   */
  requestTimeoutMs: number
  /** Paces the control-plane budget; the system clock unless a test gives its own. */
  clock?: Clock
}

/**
 * Sockets above the invocation pools. Each client has its own agent, so this is slack rather
 * than a reservation: the control-plane client's calls (GetFunction polling, restores) never
 * queue behind Invokes.
 */
const CONTROL_PLANE_SOCKETS = 16

/** Lambda's longest function timeout (900 s) plus its init phase (up to 10 s), with margin. */
const INVOKE_TIMEOUT_MS = 960_000

/** Creates the lazily built, per-region clients. */
export function createClients(options: ClientOptions): AwsClients {
  const maxSockets = Math.max(1, options.maxSockets) + CONTROL_PLANE_SOCKETS
  const agent = { keepAlive: true, maxSockets }
  // Without throwOnRequestTimeout the SDK only logs a warning when the limit passes. The
  // request timeout ends when the response headers arrive; the socket timeout (no byte for that
  // long) also covers a body that stalls after them.
  const handler = (timeout: number) => ({
    httpAgent: agent,
    httpsAgent: agent,
    requestTimeout: timeout,
    throwOnRequestTimeout: true,
    socketTimeout: timeout
  })
  const controlHandler = handler(options.requestTimeoutMs)
  const throttles = throttleObserver()
  const invokeHandler = handler(INVOKE_TIMEOUT_MS)
  const all: Map<string, { destroy(): void }>[] = []
  /** One client per region, built by `build` on first use. */
  const perRegion = <C extends { destroy(): void }>(build: (region: string) => C) => {
    const clients = new Map<string, C>()
    all.push(clients)
    return (region: string): C => {
      let client = clients.get(region)
      if (!client) clients.set(region, (client = build(region)))
      return client
    }
  }
  return {
    lambda: perRegion((region) => {
      const client = lean(
        new LambdaClient({ region, requestHandler: controlHandler, cacheMiddleware: true })
      )
      client.middlewareStack.add(controlPlaneBudget(options.clock ?? systemClock), {
        step: 'initialize',
        name: 'lmbControlPlaneBudget'
      })
      return client
    }),
    invoker: perRegion((region) => {
      const client = lean(
        new LambdaClient({ region, requestHandler: invokeHandler, cacheMiddleware: true })
      )
      client.middlewareStack.add(throttles.middleware, {
        step: 'deserialize',
        name: 'lmbThrottleObserver'
      })
      return client
    }),
    logs: perRegion((region) =>
      lean(
        new CloudWatchLogsClient({ region, requestHandler: controlHandler, cacheMiddleware: true })
      )
    ),
    observeThrottles: throttles.observe,
    destroy() {
      for (const clients of all) {
        for (const client of clients.values()) client.destroy()
        clients.clear()
      }
    }
  }
}

/** Enough sockets for every function's invocation pool of one region at once. */
export function socketsFor(concurrency: number, functions: number): number {
  return concurrency * functions
}

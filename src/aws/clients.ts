/**
 * The AWS clients: one LambdaClient and one CloudWatchLogsClient per region, created on first use
 * and shared by every function of that region.
 *
 * Everything the SDK reads on its own is left to it: the credentials chain (OIDC web identity,
 * env, profiles), `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_LAMBDA` /
 * `AWS_ENDPOINT_URL_CLOUDWATCH_LOGS`, `AWS_MAX_ATTEMPTS`, `AWS_RETRY_MODE` (standard by default).
 * We only size the HTTP agent (the SDK's default of 50 sockets would silently cap the number of
 * invocations in flight) and resolve each command's middleware once (`cacheMiddleware`: per-call
 * resolution was a third of the SDK's CPU per Invoke), and trim what the SDK does per request
 * that we do not need (lean-stack.ts).
 */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { LambdaClient } from '@aws-sdk/client-lambda'
import { controlPlaneBudget } from './control-plane-budget.js'
import { lean } from './lean-stack.js'
import { throttleObserverMiddleware } from './throttle-observer.js'

/** The clients of a run, by region. */
export interface AwsClients {
  lambda(region: string): LambdaClient
  logs(region: string): CloudWatchLogsClient
  /** Closes the keep-alive sockets so the process can exit. */
  destroy(): void
}

export interface ClientOptions {
  /** Sockets per client: at least the invocations that can be in flight at once. */
  maxSockets: number
}

/** Headroom above the invocation pool for control-plane calls (GetFunction polling, restores). */
const CONTROL_PLANE_SOCKETS = 16

/** Creates the lazily built, per-region clients. */
export function createClients(options: ClientOptions): AwsClients {
  const maxSockets = Math.max(1, options.maxSockets) + CONTROL_PLANE_SOCKETS
  const agent = { keepAlive: true, maxSockets }
  const requestHandler = { httpAgent: agent, httpsAgent: agent }
  const lambdas = new Map<string, LambdaClient>()
  const logs = new Map<string, CloudWatchLogsClient>()
  return {
    lambda(region) {
      let client = lambdas.get(region)
      if (!client) {
        client = lean(new LambdaClient({ region, requestHandler, cacheMiddleware: true }))
        client.middlewareStack.add(throttleObserverMiddleware, {
          step: 'deserialize',
          name: 'lmbThrottleObserver'
        })
        client.middlewareStack.add(controlPlaneBudget(), {
          step: 'initialize',
          name: 'lmbControlPlaneBudget'
        })
        lambdas.set(region, client)
      }
      return client
    },
    logs(region) {
      let client = logs.get(region)
      if (!client) {
        client = lean(new CloudWatchLogsClient({ region, requestHandler, cacheMiddleware: true }))
        logs.set(region, client)
      }
      return client
    },
    destroy() {
      for (const client of lambdas.values()) client.destroy()
      for (const client of logs.values()) client.destroy()
      lambdas.clear()
      logs.clear()
    }
  }
}

/** Enough sockets for every function's invocation pool of one region at once. */
export function socketsFor(concurrency: number, functions: number): number {
  return concurrency * functions
}

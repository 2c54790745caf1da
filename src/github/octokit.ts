/**
 * The Octokit that publish/ and artifacts/ talk to (artifacts/ lists with it; the downloads go
 * through `@actions/artifact`'s own client): `@actions/github`'s, made from `github-token` and
 * composed with `@octokit/plugin-retry` (a 5xx or a dropped connection is retried with back-off)
 * and `@octokit/plugin-throttling` (writes paced as GitHub asks; the primary and secondary rate
 * limits waited out a bounded number of times), as well-kept actions compose them.
 *
 * Creating a comment is the one request these plugins must not repeat blindly: GitHub may have
 * stored it before the answer was lost. Its caller passes `request: { retries: 0 }` and looks
 * for the comment before posting again (create-comment.ts), with the client's policy.
 */
import { randomUUID } from 'node:crypto'
import * as core from '@actions/core'
import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import type { Logger } from '../core/logger.js'
import { answerOf, isTransient } from './github-error.js'

export type Octokit = ReturnType<typeof getOctokit>

/** How many attempts the requests that failed had made, per client (each error is its own key). */
interface AttemptLog {
  note(error: unknown, attempts: number): void
  /** 1 when nobody counted. */
  of(error: unknown): number
}

/** An Octokit with the policy it was made with and the count of its requests' attempts. */
export interface GitHubClient {
  octokit: Octokit
  policy: RetryPolicy
  attempts: AttemptLog
}

/** Makes a client for a token; tests pass one pointed at the GitHub stand-in. */
export type GitHubClientFactory = (token: string) => GitHubClient

/** How hard the client tries; the defaults suit github.com, tests make the waits short. */
export interface GitHubClientOptions {
  /** The REST API's root. Default: `GITHUB_API_URL` (GitHub Enterprise), as @actions/github reads it. */
  baseUrl?: string
  /** Retries of a request answered 5xx or not answered at all. Default 3 (4 attempts). */
  retries?: number
  /** plugin-retry's unit: the n-th retry waits n² × this. Default 1000 ms (1 s, 4 s, 9 s). */
  retryBaseMs?: number
  /** Retries of a request refused by a rate limit, primary or secondary. Default 2. */
  rateLimitRetries?: number
  /** A rate limit asking for a longer wait fails at once, saying when to re-run. Default 60 s. */
  maxRateLimitWaitSeconds?: number
  /** What one second of GitHub's `retry-after` lasts here. Default 1000 ms. */
  rateLimitSecondMs?: number
  /** Where retries are told. Default: core.info / core.warning. */
  log?: Logger
}

/** The retry bound and back-off unit a client was made with, for the create loop to share. */
interface RetryPolicy {
  retries: number
  retryBaseMs: number
}

const DEFAULT_POLICY: RetryPolicy = Object.freeze({ retries: 3, retryBaseMs: 1000 })

function attemptLog(): AttemptLog {
  const counts = new WeakMap<object, number>()
  return {
    note(error, attempts) {
      if (typeof error === 'object' && error !== null) counts.set(error, attempts)
    },
    of: (error) => (typeof error === 'object' && error !== null ? (counts.get(error) ?? 1) : 1)
  }
}

/**
 * plugin-retry's default, plus 429: a 429 is a rate limit, which plugin-throttling waits out as
 * GitHub's headers say, instead of plugin-retry's own back-off.
 */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451]

/** What the attempt counter reads of a request's options (Octokit's endpoint options). */
interface RequestOptions {
  method: string
  url: string
  request?: { retries?: number }
}

/**
 * Innermost plugin: counts the attempts of each request (the same options object comes back on
 * every retry) and tells each 5xx that will be retried.
 */
function attemptCounter(log: Logger, retries: number, attempts: AttemptLog) {
  const made = new WeakMap<object, number>()
  return (octokit: Pick<Octokit, 'hook'>): void => {
    octokit.hook.wrap('request', async (request, options) => {
      const attempt = (made.get(options) ?? 0) + 1
      made.set(options, attempt)
      try {
        return await request(options)
      } catch (error) {
        attempts.note(error, attempt)
        const { method, url, request: per } = options as RequestOptions
        const allowed = (per?.retries ?? retries) + 1
        if (isTransient(error) && attempt < allowed) {
          log.info(
            `${method} ${url}: GitHub ${answerOf(error)}; trying again (attempt ${attempt} of ${allowed})`
          )
        }
        throw error
      }
    })
  }
}

/** An Octokit with retries and throttling, on `GITHUB_API_URL` unless `baseUrl` is given. */
export function createGitHubClient(token: string, options: GitHubClientOptions = {}): GitHubClient {
  const log = options.log ?? { info: (m) => core.info(m), warning: (m) => core.warning(m) }
  const policy: RetryPolicy = {
    retries: options.retries ?? DEFAULT_POLICY.retries,
    retryBaseMs: options.retryBaseMs ?? DEFAULT_POLICY.retryBaseMs
  }
  const attempts = attemptLog()
  const baseUrl = options.baseUrl ?? process.env.GITHUB_API_URL
  const rateLimitRetries = options.rateLimitRetries ?? 2
  const maxWait = options.maxRateLimitWaitSeconds ?? 60
  const onLimit =
    (which: string) =>
    (retryAfter: number, request: { method: string; url: string }, _: unknown, count: number) => {
      if (count >= rateLimitRetries || retryAfter > maxWait) return false
      log.warning(
        `GitHub's ${which} refused ${request.method} ${request.url}; waiting ${retryAfter} s as it ` +
          `asks, then retry ${count + 1} of ${rateLimitRetries}`
      )
      return true
    }
  const octokit = getOctokit(
    token,
    {
      // GITHUB_API_URL read now, not when @actions/github was loaded: a runner such as
      // local-action sets the environment after loading the packages. Only when set: an
      // undefined baseUrl would replace @actions/github's own default.
      ...(baseUrl ? { baseUrl } : {}),
      retry: {
        retries: policy.retries,
        retryAfterBaseValue: policy.retryBaseMs,
        doNotRetry: DO_NOT_RETRY
      },
      throttle: {
        // Pacing is per client. A step makes one; tests make many and must not wait for each other.
        id: randomUUID(),
        retryAfterBaseValue: options.rateLimitSecondMs ?? 1000,
        onRateLimit: onLimit('rate limit'),
        onSecondaryRateLimit: onLimit('secondary rate limit')
      }
    },
    attemptCounter(log, policy.retries, attempts),
    retry,
    throttling
  )
  return { octokit, policy, attempts }
}

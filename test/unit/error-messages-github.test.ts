/**
 * GitHub's failures in words: what answerOf and the comment's advice say about the errors
 * Octokit really throws. The network failures are made the way a user meets them, on loopback
 * (a refused port, a port fetch blocks, a dropped connection), or — for a name that does not
 * resolve, which would ask the machine's DNS server — by a fetch that fails as undici's does,
 * run through Octokit's own fetch wrapper, so that the RequestError is the one Octokit builds:
 * status 500, no `response`, the system error's message, the TypeError "fetch failed" as cause.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getOctokit } from '@actions/github'
import { answerOf, isTransient, isUnreachable } from '../../src/github/github-error.js'
import { createGitHubClient, type GitHubClient } from '../../src/github/octokit.js'
import { advice } from '../../src/publish/comment-advice.js'
import { publishComment } from '../../src/publish/comment.js'
import { startGitHub } from '../github/index.js'

const quiet = { info: () => {}, warning: () => {} }

/** Port 2 on loopback: nothing listens there (below 1024, and not one of fetch's blocked ports). */
const REFUSED = 'http://127.0.0.1:2'
/** Port 9 (discard): fetch refuses it before connecting. */
const BLOCKED = 'http://127.0.0.1:9'

/** The system error Node's resolver gives for a name that does not resolve (dns.lookup). */
function dnsError(code: 'ENOTFOUND' | 'EAI_AGAIN', hostname: string): Error {
  return Object.assign(new Error(`getaddrinfo ${code} ${hostname}`), {
    errno: code === 'ENOTFOUND' ? -3008 : -3001,
    code,
    syscall: 'getaddrinfo',
    hostname
  })
}

/** A fetch that fails as undici's does when the connection cannot be made: TypeError, cause. */
function failingFetch(cause: Error): typeof fetch {
  return () => Promise.reject(new TypeError('fetch failed', { cause }))
}

/** A client on the real Octokit (`@actions/github`) whose fetch fails with `cause`. */
function clientFailingWith(cause: Error): GitHubClient {
  const octokit = getOctokit('ghs_token', {
    baseUrl: 'https://api.github.com',
    request: { fetch: failingFetch(cause), retries: 0 }
  })
  return { octokit, policy: { retries: 0, retryBaseMs: 1 }, attempts: { note() {}, of: () => 1 } }
}

/** What the first request of `client` throws. */
async function thrown(client: GitHubClient): Promise<unknown> {
  try {
    await client.octokit.rest.users.getAuthenticated()
  } catch (error) {
    return error
  }
  throw new Error('the request succeeded')
}

describe('a network failure is never called an answer', () => {
  test('a name that does not resolve: could not be reached, the host named, what to check', async () => {
    const error = await thrown(clientFailingWith(dnsError('ENOTFOUND', 'api.github.com')))
    // Octokit's shape: an HttpError with status 500 and no response.
    expect(error).toMatchObject({
      name: 'HttpError',
      status: 500,
      message: 'getaddrinfo ENOTFOUND api.github.com'
    })
    expect((error as { response?: unknown }).response).toBeUndefined()
    expect(answerOf(error)).toBe(
      "could not be reached (getaddrinfo ENOTFOUND api.github.com; check the runner's network and GITHUB_API_URL)"
    )
    expect(isUnreachable(error)).toBe(true)
    // Still worth another attempt: a resolver may be back a second later.
    expect(isTransient(error)).toBe(true)
  })

  test('a resolver that failed for now (EAI_AGAIN) is the same', async () => {
    const error = await thrown(clientFailingWith(dnsError('EAI_AGAIN', 'ghe.example.com')))
    expect(answerOf(error)).toBe(
      "could not be reached (getaddrinfo EAI_AGAIN ghe.example.com; check the runner's network and GITHUB_API_URL)"
    )
  })

  test('a refused port, for real on loopback', async () => {
    const client = createGitHubClient('ghs_token', { baseUrl: REFUSED, retries: 0, log: quiet })
    const error = await thrown(client)
    expect(error).toMatchObject({ status: 500 })
    expect(answerOf(error)).toBe(
      "could not be reached (connect ECONNREFUSED 127.0.0.1:2; check the runner's network and GITHUB_API_URL)"
    )
    expect(isUnreachable(error)).toBe(true)
  })

  test('a port fetch blocks (its "bad port"), for real', async () => {
    const client = createGitHubClient('ghs_token', { baseUrl: BLOCKED, retries: 0, log: quiet })
    const error = await thrown(client)
    expect(error).toMatchObject({ status: 500, message: 'bad port' })
    expect(answerOf(error)).toBe(
      "could not be reached (fetch refuses to connect to http://127.0.0.1:9, a port it blocks; check the runner's network and GITHUB_API_URL)"
    )
  })

  test("a certificate Node refuses: what a GitHub Enterprise Server's own CA needs", async () => {
    const cause = Object.assign(new Error('self-signed certificate in certificate chain'), {
      code: 'SELF_SIGNED_CERT_IN_CHAIN'
    })
    const error = await thrown(clientFailingWith(cause))
    expect(answerOf(error)).toBe(
      'could not be reached: its TLS certificate was refused (self-signed certificate in certificate chain; ' +
        'for a GitHub Enterprise Server with a certificate authority of its own, set NODE_EXTRA_CA_CERTS)'
    )
    expect(isUnreachable(error)).toBe(true)
  })

  describe('a connection GitHub dropped mid-request: it did not answer', () => {
    let server: Server
    let url: string
    beforeAll(async () => {
      server = createServer((req) => req.socket.destroy())
      await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    })
    afterAll(() => new Promise<void>((done) => server.close(() => done())))

    test('"did not answer", not "could not be reached"', async () => {
      const client = createGitHubClient('ghs_token', { baseUrl: url, retries: 0, log: quiet })
      const error = await thrown(client)
      expect(answerOf(error)).toBe('did not answer (other side closed)')
      expect(isUnreachable(error)).toBe(false)
      expect(advice(error)).toMatch(/^GitHub may be having trouble/)
    })
  })
})

/** The message `work` fails with. */
async function messageOf(work: Promise<unknown>): Promise<string> {
  try {
    await work
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
  throw new Error('it did not fail')
}

describe("the comment's failure, one sentence", () => {
  const publish = (client: GitHubClient) =>
    publishComment({
      client,
      owner: 'octo-org',
      repo: 'octo-repo',
      issueNumber: 7,
      body: 'the report',
      mode: 'update',
      tag: 'lambda-memory-benchmark',
      log: quiet
    })

  test('GitHub out of reach: what failed, what to check, where the report is', async () => {
    const client = clientFailingWith(dnsError('ENOTFOUND', 'api.github.com'))
    expect(await messageOf(publish(client))).toBe(
      'Could not find the benchmark comment on octo-org/octo-repo#7: GitHub could not be reached ' +
        "(getaddrinfo ENOTFOUND api.github.com; check the runner's network and GITHUB_API_URL); " +
        'the report is in the job summary, re-run the job to post the comment.'
    )
  })

  test('a bad token: GitHub answered 401, check the github-token input', async () => {
    const gh = await startGitHub()
    try {
      const client = createGitHubClient('ghp_not_a_token', { baseUrl: gh.url, log: quiet })
      const error = await thrown(client)
      expect(answerOf(error)).toBe('answered 401 Bad credentials')
      expect(advice(error)).toBe(
        'check the github-token input (the token is expired, revoked or not a GitHub token); the report is in the job summary'
      )
      expect(await messageOf(publish(client))).toBe(
        'Could not find the benchmark comment on octo-org/octo-repo#7: GitHub answered 401 Bad credentials; ' +
          'check the github-token input (the token is expired, revoked or not a GitHub token); the report is in the job summary.'
      )
    } finally {
      await gh.stop()
    }
  })
})

test('anything else is named by its message, never as "Error: …"', () => {
  expect(answerOf(new Error('socket closed'))).toBe('could not be asked (socket closed)')
})

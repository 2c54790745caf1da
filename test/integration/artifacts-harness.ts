/**
 * What the artifacts integration tests (github-artifacts-*.test.ts) share: one GitHub stand-in
 * per test file, the real Octokit and `@actions/artifact` loaded against it, and running a
 * client as a step of a job does (its ACTIONS_* variables, stdout captured).
 *
 * `@actions/artifact`'s download (`findBy`) builds its Octokit from GITHUB_API_URL as
 * @actions/github read it when first loaded, so both are loaded once per test file (Jest gives
 * each its own modules), after GITHUB_API_URL names the stand-in — never api.github.com. Tests
 * of a file keep apart by artifact names and runs, and read the journal from a mark.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DefaultArtifactClient as ArtifactClient } from '@actions/artifact'
import type { getOctokit as GetOctokit } from '@actions/github'
import { startGitHub, type GitHubStandIn, type ResultsRuntime } from '../github/index.js'

export const at = { owner: 'acme', repo: 'lambdas' }
export const RESULTS_FILE = 'lambda-benchmark-results.json'
export const TWIRP = '/twirp/github.actions.results.api.v1.ArtifactService'
/** Every proxy variable a client could honour: unset while the clients run, so all stays local. */
const PROXIES = ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy']

const DAY_MS = 86_400_000
/** Whole seconds, so that every `daysAgo(n)` of a test file lines up. */
const NOW = Math.floor(Date.now() / 1000) * 1000
/** GitHub's timestamp `n` days before the test file started (negative: after). */
export const daysAgo = (n: number): string =>
  new Date(NOW - n * DAY_MS).toISOString().replace('.000Z', 'Z')

/** Runs `fn` with `vars` set (undefined: unset), then puts process.env back as it was. */
async function withEnv<T>(
  vars: Record<string, string | undefined>,
  fn: () => Promise<T>
): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]))
  const apply = (values: Record<string, string | undefined>): void => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  }
  apply(vars)
  try {
    return await fn()
  } finally {
    apply(saved)
  }
}

/** The stand-in and the clients of one test file; set in its beforeAll (see useArtifactsStandIn). */
export interface ArtifactsHarness {
  gh: GitHubStandIn
  getOctokit: typeof GetOctokit
  DefaultArtifactClient: typeof ArtifactClient
  /** A temporary directory, removed after the file. */
  work: string
  /**
   * Runs `fn` as a step of a job with the artifact service: ACTIONS_* from `runtime` (none if
   * undefined), github.com as the server (else @actions/artifact refuses, as on GHES), no
   * proxy. What @actions/core writes to stdout (info, debug, add-mask) is captured, not
   * printed. Refuses to run unless a token-only Octokit (as downloadArtifact makes) reaches
   * the stand-in.
   */
  inJob<T>(
    runtime: ResultsRuntime | undefined,
    fn: () => Promise<T>
  ): Promise<{ value: T; log: string }>
  /** The journal since `mark`: method, path without the query (but `comp`), status. */
  since(mark: number): string[]
  /** A results file in a fresh directory: its path, directory and content. */
  resultsFile(content: object): Promise<{ file: string; dir: string; text: string }>
}

/** Starts the stand-in and loads the clients before the file's tests; stops it after them. */
export function useArtifactsStandIn(): ArtifactsHarness {
  const h = {
    async inJob<T>(runtime: ResultsRuntime | undefined, fn: () => Promise<T>) {
      if (h.getOctokit('probe').request.endpoint.DEFAULTS.baseUrl !== h.gh.url) {
        throw new Error('@actions/github was loaded before GITHUB_API_URL named the stand-in')
      }
      let log = ''
      const write = process.stdout.write
      const vars = {
        ACTIONS_RESULTS_URL: runtime?.url,
        ACTIONS_RUNTIME_TOKEN: runtime?.token,
        GITHUB_SERVER_URL: 'https://github.com',
        ...Object.fromEntries(PROXIES.map((k) => [k, undefined]))
      }
      process.stdout.write = ((chunk: string | Uint8Array) => {
        log += String(chunk)
        return true
      }) as typeof process.stdout.write
      try {
        const value = await withEnv(vars, fn)
        return { value, log }
      } finally {
        process.stdout.write = write
      }
    },
    since: (mark: number) =>
      h.gh.journal.slice(mark).map((j) => {
        const [path, query] = j.path.split('?')
        const comp = new URLSearchParams(query).get('comp')
        return `${j.method} ${path}${comp ? `?comp=${comp}` : ''} ${j.status}`
      }),
    async resultsFile(content: object) {
      const dir = await mkdtemp(join(h.work, 'upload-'))
      const text = JSON.stringify(content)
      await writeFile(join(dir, RESULTS_FILE), text)
      return { file: join(dir, RESULTS_FILE), dir, text }
    }
  } as ArtifactsHarness

  beforeAll(async () => {
    h.gh = await startGitHub(at)
    h.work = await mkdtemp(join(tmpdir(), 'gh-artifacts-'))
    await withEnv({ GITHUB_API_URL: h.gh.url }, async () => {
      ;({ getOctokit: h.getOctokit } = await import('@actions/github'))
      ;({ DefaultArtifactClient: h.DefaultArtifactClient } = await import('@actions/artifact'))
    })
    // The guard for every test: a token-only Octokit (as downloadArtifact makes) is local.
    expect(h.getOctokit('probe').request.endpoint.DEFAULTS.baseUrl).toBe(h.gh.url)
  })
  afterAll(async () => {
    await h.gh?.stop()
    if (h.work) await rm(h.work, { recursive: true, force: true })
  })
  return h
}

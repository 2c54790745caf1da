/** Shapes of the GitHub REST stand-in: what the real API answers, and what tests call. */

/** A user as GitHub embeds it in a comment (`simple-user`). */
export interface GitHubUser {
  login: string
  id: number
  node_id: string
  avatar_url: string
  url: string
  html_url: string
  type: 'User' | 'Bot'
  site_admin: boolean
}

/** An issue comment as `GET /repos/{o}/{r}/issues/comments/{id}` answers it. */
export interface Comment {
  id: number
  node_id: string
  url: string
  html_url: string
  issue_url: string
  body: string
  user: GitHubUser
  created_at: string
  updated_at: string
  author_association: 'OWNER' | 'MEMBER' | 'CONTRIBUTOR' | 'NONE'
  performed_via_github_app: null
  reactions: Record<string, number | string>
}

/**
 * One request the stand-in answered. `path` includes the query string. `status` is 0 when the
 * connection was closed without an answer; `fault` names the injected fault that shaped the
 * exchange (only for `inject`ed faults), `stored` is set when the request was carried out first.
 */
export interface JournalEntry {
  method: string
  path: string
  status: number
  fault?: Fault['kind']
  stored?: true
}

/**
 * The operations a fault can be injected into, by Octokit's method: `list` (listComments, every
 * page), `create` (createComment), `update` (updateComment), `getAuthenticated` (GET /user),
 * `listArtifacts` (listArtifactsForRepo, every page: `GET /repos/{o}/{r}/actions/artifacts`).
 */
export type Operation = 'list' | 'create' | 'update' | 'getAuthenticated' | 'listArtifacts'

/** Routes whose next answer can be forced to fail (`failNext`). */
export type FailableRoute = Exclude<Operation, 'listArtifacts'>

/**
 * A fault, as api.github.com answers it; `count` (default 1; `Infinity` for a persistent fault)
 * is how many requests of the operation in a row it answers, after any fault injected before
 * and after `after` (default 0) more requests of it are answered as usual — each page and each
 * retry is a request, so `{ after: 1, count: 4 }` on `listArtifacts` fails page 2 and Octokit's
 * three retries of it, whatever the first page took. `query` limits the fault (its `after` and
 * `count` included) to requests whose query has those parameters, e.g. `{ name: 'bench' }` for
 * one artifact name's listing, so that tests running at once keep apart.
 *
 * - `serverError`: `status` (default 502) from GitHub's front end, with no `x-ratelimit-*`
 *   headers and its body: `body: 'json'` (default) is `{ "message": "Server Error" }`
 *   pretty-printed, as GitHub sends it; `'html'` is the "Unicorn!" page (text/html), which
 *   Octokit takes whole as the error's message. `stored: true` carries the request out first
 *   (the comment is created or updated) and then answers the error: GitHub stored it, and the
 *   answer was lost.
 * - `dropConnection`: the socket is closed without an answer (a proxy's idle timeout, a reset);
 *   Octokit reports it as status 500 without a response. `stored` as above.
 * - `secondaryRateLimit`: `status` 403 (default) or 429, `retry-after: retryAfterSeconds`
 *   (default 1), GitHub's message "You have exceeded a secondary rate limit…" (its
 *   content-creation wording for create and update) and documentation_url. Never carried out,
 *   as GitHub refuses such a request before acting on it.
 * - `rateLimit`: the primary limit: 403 (default) or 429 "API rate limit exceeded for …" with
 *   `x-ratelimit-remaining: 0` and `x-ratelimit-reset` `resetInSeconds` (default 3600) from now.
 *   Never carried out.
 */
export type Fault = { count?: number; after?: number; query?: Record<string, string> } & (
  | {
      kind: 'serverError'
      status?: 500 | 502 | 503 | 504
      body?: 'json' | 'html'
      stored?: boolean
    }
  | { kind: 'dropConnection'; stored?: boolean }
  | { kind: 'secondaryRateLimit'; status?: 403 | 429; retryAfterSeconds?: number }
  | { kind: 'rateLimit'; status?: 403 | 429; resetInSeconds?: number }
)

/** An artifact as `GET /repos/{o}/{r}/actions/artifacts` lists it. */
export interface Artifact {
  id: number
  node_id: string
  name: string
  size_in_bytes: number
  url: string
  archive_download_url: string
  expired: boolean
  /** `sha256:<hex>` of the zip. */
  digest: string
  created_at: string
  updated_at: string
  expires_at: string
  workflow_run: {
    id: number
    repository_id: number
    head_repository_id: number
    head_branch: string
    head_sha: string
  }
}

/**
 * A workflow run the results service knows: `backendId` and `jobBackendId` are the ids the
 * runtime token's `Actions.Results:<backendId>:<jobBackendId>` scope names; `runId` is the
 * REST id (`GITHUB_RUN_ID`, `workflow_run.id`).
 */
export interface ArtifactRun {
  backendId: string
  jobBackendId: string
  runId: number
  headBranch: string
  headSha: string
}

/** What a job needs to reach the results service: `ACTIONS_RESULTS_URL`, `ACTIONS_RUNTIME_TOKEN`. */
export interface ResultsRuntime {
  url: string
  token: string
}

/**
 * An artifact put in place without HTTP. `files` (path → content) are zipped as uploaded;
 * `createdAt` defaults to now, `expiresAt` to 90 days after it (GitHub's default retention);
 * `expired` defaults to whether `expiresAt` has passed. The run is `runId`'s if registered
 * (its branch and sha), else a new one on `headBranch` (default `main`).
 */
export interface SeedArtifact {
  name: string
  files: Record<string, string | Uint8Array>
  headBranch?: string
  headSha?: string
  runId?: number
  createdAt?: string | Date
  expiresAt?: string | Date
  expired?: boolean
}

/** Artifacts: the REST routes, the results service that uploads them, and the blobs behind both. */
export interface ArtifactsApi {
  /** Lets the results service accept uploads from this run; ids left out are made up. */
  registerRun(run: Pick<ArtifactRun, 'runId' | 'headBranch'> & Partial<ArtifactRun>): ArtifactRun
  /**
   * The results service URL and a runtime token for the run (its registered job unless
   * `jobBackendId` is given): an HS256 JWT that `@actions/artifact` decodes and the stand-in
   * verifies. Also for runs never registered, to test the service's refusal.
   */
  runtime(backendId: string, jobBackendId?: string): ResultsRuntime
  seed(artifact: SeedArtifact): Artifact
  /** Every finalized artifact, newest first (copies). */
  list(): Artifact[]
  /** The artifact's zip as stored. Throws for an unknown id. */
  zip(id: number): Uint8Array
  /** The artifact's files, unzipped, as UTF-8 text. Throws for an unknown id. */
  files(id: number): Record<string, string>
  /** Marks the artifact expired, as retention does: still listed, its zip answers 410. */
  expire(id: number): void
  /**
   * A signed download URL of the artifact's blob, as the `/zip` redirect gives (valid 60 s);
   * a negative `expiresInSeconds` makes one that has already expired.
   */
  blobUrl(id: number, options?: { expiresInSeconds?: number }): string
}

/** The tokens the stand-in accepts, by what they act as (see GitHubStandIn.tokens). */
export interface Tokens {
  actions: string
  personal: string
  noActions: string
}

/** A running stand-in. */
export interface GitHubStandIn {
  /** Base URL for Octokit's `baseUrl` or `GITHUB_API_URL`, e.g. `http://127.0.0.1:41234`. */
  url: string
  owner: string
  repo: string
  /**
   * `actions` behaves like the Actions GITHUB_TOKEN (identity github-actions[bot], type Bot;
   * `GET /user` → 403 "Resource not accessible by integration"); `noActions` like the same
   * token in a job whose `permissions:` leave out `actions` (comments work; every artifacts
   * route answers 403 "Resource not accessible by integration"); `personal` like a PAT of the
   * user `octocat` (type User; `GET /user` answers).
   */
  tokens: Tokens
  /** Every request answered, in order. */
  journal: JournalEntry[]
  /** The issue's current comments, oldest first (copies). */
  comments(issueNumber: number): Comment[]
  /** Adds a comment as if `user` had written it (no HTTP, not journalled). */
  addComment(
    issueNumber: number,
    body: string,
    user: { login: string; type: 'User' | 'Bot' }
  ): Comment
  /** The next request on `route` answers `status` with GitHub's error body carrying `message`. */
  failNext(route: FailableRoute, status: number, message: string): void
  /**
   * The next `fault.count` requests of `operation` meet `fault` (see Fault), after the faults
   * injected before it and `fault.after` requests answered as usual. Checked after
   * authentication, before `failNext` and the token's permissions.
   */
  inject(operation: Operation, fault: Fault): void
  /** Artifacts (REST), the runner's results service (`/twirp/…`) and blob storage (`/blobs/…`). */
  artifacts: ArtifactsApi
  stop(): Promise<void>
}

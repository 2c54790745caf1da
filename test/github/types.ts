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

/** One request the stand-in answered. `path` includes the query string. */
export interface JournalEntry {
  method: string
  path: string
  status: number
}

/** Routes whose next answer can be forced to fail. */
export type FailableRoute = 'create' | 'update' | 'list'

/** A running stand-in. */
export interface GitHubStandIn {
  /** Base URL for Octokit's `baseUrl` or `GITHUB_API_URL`, e.g. `http://127.0.0.1:41234`. */
  url: string
  owner: string
  repo: string
  /**
   * `actions` behaves like the Actions GITHUB_TOKEN (identity github-actions[bot], type Bot;
   * `GET /user` → 403 "Resource not accessible by integration"); `personal` like a PAT of the
   * user `octocat` (type User; `GET /user` answers).
   */
  tokens: { actions: string; personal: string }
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
  stop(): Promise<void>
}

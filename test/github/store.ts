/** The stand-in's state: users, tokens and issue comments, with GitHub's response shapes. */
import { timestamp } from './http.js'
import type { Comment, GitHubUser, Tokens } from './types.js'

/** GitHub counts a comment body in characters (code points); above this it answers 422. */
export const MAX_BODY_CHARACTERS = 65536

/** The Actions GITHUB_TOKEN's identity, with its real id. */
const ACTIONS_BOT = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' as const }
const OCTOCAT = { login: 'octocat', id: 583231, type: 'User' as const }

/** A token the stand-in accepts, and who it acts as. */
export interface TokenIdentity {
  user: GitHubUser
  /** Installation tokens (the Actions token) may not read `GET /user`. */
  canReadUser: boolean
  /** The job's `permissions:` grant `actions: read` (the artifacts routes); PATs always may. */
  canReadActions: boolean
}

function userShape(login: string, id: number, type: 'User' | 'Bot', apiUrl: string): GitHubUser {
  const kind = type === 'Bot' ? 'BOT' : 'U'
  return {
    login,
    id,
    node_id: `${kind}_kgDO${Buffer.from(String(id)).toString('base64url')}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    url: `${apiUrl}/users/${encodeURIComponent(login)}`,
    html_url: `https://github.com/${type === 'Bot' ? 'apps/' + login.replace('[bot]', '') : login}`,
    type,
    site_admin: false
  }
}

/** Comments of every issue of one repository, ids increasing as on GitHub. */
export class CommentStore {
  private readonly byIssue = new Map<number, Comment[]>()
  private readonly byId = new Map<number, { issue: number; comment: Comment }>()
  private nextId = 2_100_000_001
  private readonly userIds = new Map<string, number>([
    [ACTIONS_BOT.login, ACTIONS_BOT.id],
    [OCTOCAT.login, OCTOCAT.id]
  ])
  readonly tokens: Map<string, TokenIdentity>

  constructor(
    private readonly apiUrl: string,
    private readonly owner: string,
    private readonly repo: string,
    tokens: Tokens
  ) {
    const bot = userShape(ACTIONS_BOT.login, ACTIONS_BOT.id, ACTIONS_BOT.type, apiUrl)
    const octocat = userShape(OCTOCAT.login, OCTOCAT.id, OCTOCAT.type, apiUrl)
    this.tokens = new Map([
      [tokens.actions, { user: bot, canReadUser: false, canReadActions: true }],
      // The same bot, from a job whose `permissions:` leave `actions` out.
      [tokens.noActions, { user: bot, canReadUser: false, canReadActions: false }],
      [tokens.personal, { user: octocat, canReadUser: true, canReadActions: true }]
    ])
  }

  /** A stable id per login, so one login is always the same user. */
  user(login: string, type: 'User' | 'Bot'): GitHubUser {
    let id = this.userIds.get(login)
    if (id === undefined) {
      id = 9_000_000 + this.userIds.size
      this.userIds.set(login, id)
    }
    return userShape(login, id, type, this.apiUrl)
  }

  list(issue: number): Comment[] {
    return this.byIssue.get(issue) ?? []
  }

  get(id: number): Comment | undefined {
    return this.byId.get(id)?.comment
  }

  create(issue: number, body: string, user: GitHubUser): Comment {
    const id = this.nextId++
    const now = timestamp()
    const repoPath = `${this.owner}/${this.repo}`
    const comment: Comment = {
      id,
      node_id: `IC_kwDO${Buffer.from(`${repoPath}:${id}`).toString('base64url')}`,
      url: `${this.apiUrl}/repos/${repoPath}/issues/comments/${id}`,
      html_url: `https://github.com/${repoPath}/pull/${issue}#issuecomment-${id}`,
      issue_url: `${this.apiUrl}/repos/${repoPath}/issues/${issue}`,
      body,
      user,
      created_at: now,
      updated_at: now,
      author_association: user.type === 'Bot' ? 'NONE' : 'MEMBER',
      performed_via_github_app: null,
      reactions: {
        url: `${this.apiUrl}/repos/${repoPath}/issues/comments/${id}/reactions`,
        total_count: 0,
        '+1': 0,
        '-1': 0,
        laugh: 0,
        hooray: 0,
        confused: 0,
        heart: 0,
        rocket: 0,
        eyes: 0
      }
    }
    const list = this.byIssue.get(issue) ?? []
    list.push(comment)
    this.byIssue.set(issue, list)
    this.byId.set(id, { issue, comment })
    return comment
  }

  update(id: number, body: string): Comment | undefined {
    const entry = this.byId.get(id)
    if (!entry) return undefined
    entry.comment.body = body
    entry.comment.updated_at = timestamp()
    return entry.comment
  }

  delete(id: number): boolean {
    const entry = this.byId.get(id)
    if (!entry) return false
    this.byId.delete(id)
    const list = this.byIssue.get(entry.issue) ?? []
    this.byIssue.set(
      entry.issue,
      list.filter((c) => c.id !== id)
    )
    return true
  }
}

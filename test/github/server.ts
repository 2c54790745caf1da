/**
 * A GitHub REST stand-in on 127.0.0.1 for issue comments, `GET /user` and artifacts, answering
 * with the real API's status codes, headers, pagination `Link`s and error bodies, so that the
 * real Octokit (`getOctokit(token, { baseUrl })` or `GITHUB_API_URL`) can be tested against it;
 * and failing as it fails: 5xx, dropped connections and rate limits on demand (faults.ts).
 *
 * The same port also serves what a job uploads artifacts through, which is not api.github.com
 * and takes no GitHub token: the runner's results service under `/twirp/` (runtime token) and
 * blob storage under `/blobs/` (signed URLs), so that the real `@actions/artifact` works.
 */
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { artifactRoute } from './artifact-routes.js'
import { artifactsApi } from './artifacts.js'
import { ArtifactStore } from './artifacts-store.js'
import { BlobStorage } from './blob.js'
import { CommentStore, MAX_BODY_CHARACTERS, type TokenIdentity } from './store.js'
import { faultAnswer, FaultQueue, operationOf, type FaultAnswer } from './faults.js'
import { DOCS, error, paged, readBody, sendRaw, type Answer, type RawAnswer } from './http.js'
import { ResultsService } from './results-service.js'
import type { Comment, FailableRoute, Fault, GitHubStandIn, JournalEntry } from './types.js'

const DOC_URLS = {
  list: `${DOCS}/issues/comments#list-issue-comments`,
  create: `${DOCS}/issues/comments#create-an-issue-comment`,
  get: `${DOCS}/issues/comments#get-an-issue-comment`,
  update: `${DOCS}/issues/comments#update-an-issue-comment`,
  delete: `${DOCS}/issues/comments#delete-an-issue-comment`,
  user: `${DOCS}/users/users#get-the-authenticated-user`
}

/** Parses a JSON request body as GitHub does: an object with a string `body`, else 400/422. */
function parseCommentBody(raw: string, docs: string): { body: string } | Answer {
  let parsed: unknown
  try {
    parsed = raw === '' ? {} : JSON.parse(raw)
  } catch {
    return error(400, 'Problems parsing JSON', docs)
  }
  const body = (parsed as { body?: unknown } | null)?.body
  if (typeof body !== 'string') {
    return error(422, 'Invalid request.\n\n"body" wasn\'t supplied.', docs)
  }
  if ([...body].length > MAX_BODY_CHARACTERS) {
    return error(422, 'Validation Failed', docs, {
      errors: [
        {
          resource: 'IssueComment',
          code: 'custom',
          field: 'body',
          message: `body is too long (maximum is ${MAX_BODY_CHARACTERS} characters)`
        }
      ]
    })
  }
  return { body }
}

/**
 * What a person reads of the comments (the CLI's `GET /__stand-in/comments`), on no token and
 * never journalled: every issue's comments as JSON, or with `/{n}` issue n's bodies as markdown.
 */
function standInAnswer(
  store: CommentStore,
  issues: ReadonlySet<number>,
  method: string,
  path: string
): RawAnswer {
  const text = (status: number, body: string, type = 'text/plain'): RawAnswer => ({
    status,
    headers: { 'content-type': `${type}; charset=utf-8` },
    body
  })
  if (method !== 'GET') return text(405, 'read-only: GET only\n')
  if (path === '/__stand-in/comments') {
    const all = [...issues]
      .sort((a, b) => a - b)
      .flatMap((issue) => store.list(issue).map((c) => ({ issue, ...c })))
    return text(200, JSON.stringify(all, null, 2) + '\n', 'application/json')
  }
  const one = /^\/__stand-in\/comments\/(\d+)$/.exec(path)
  if (!one) return text(404, 'GET /__stand-in/comments or /__stand-in/comments/{issue}\n')
  const bodies = store.list(Number(one[1])).map((c) => c.body)
  return text(200, bodies.join('\n\n---\n\n') + (bodies.length ? '\n' : ''), 'text/markdown')
}

/**
 * Starts the stand-in on 127.0.0.1: on `port` (default 0, a random free one). `onRequest` is
 * told every request as it is journalled (the CLI's log).
 */
export async function startGitHub(
  options: {
    owner?: string
    repo?: string
    port?: number
    onRequest?: (entry: JournalEntry) => void
  } = {}
): Promise<GitHubStandIn> {
  const owner = options.owner ?? 'octo-org'
  const repo = options.repo ?? 'octo-repo'
  const tokens = { actions: 'ghs_actions', personal: 'ghp_personal', noActions: 'ghs_no_actions' }
  const journal: JournalEntry[] = []
  // The issues that had a comment, for GET /__stand-in/comments.
  const commented = new Set<number>()
  const record = (entry: JournalEntry): void => {
    journal.push(entry)
    options.onRequest?.(entry)
  }
  const failures = new Map<FailableRoute, { status: number; message: string }>()
  const faults = new FaultQueue()
  let requests = 0
  let apiCalls = 0 // only api.github.com's calls count against its rate limit
  // Signs runtime tokens and blob URLs: only the stand-in's own are accepted.
  const secret = randomBytes(32)
  // Known once the server listens: the stores' URLs carry the port.
  const live: {
    url: string
    store?: CommentStore
    artifacts?: ArtifactStore
    results?: ResultsService
  } = { url: '' }

  const takeFailure = (route: FailableRoute, docs: string): Answer | undefined => {
    const failure = failures.get(route)
    if (!failure) return undefined
    failures.delete(route)
    return error(failure.status, failure.message, docs)
  }

  const route = async (
    req: IncomingMessage,
    identity: TokenIdentity,
    path: string,
    query: URLSearchParams
  ): Promise<Answer> => {
    const comments = live.store as CommentStore
    const method = req.method ?? 'GET'
    if (path === '/user') {
      if (method !== 'GET') return error(404, 'Not Found')
      const failed = takeFailure('getAuthenticated', DOC_URLS.user)
      if (failed) return failed
      if (!identity.canReadUser) {
        return error(403, 'Resource not accessible by integration', DOC_URLS.user)
      }
      return { status: 200, body: { ...identity.user, name: null, public_repos: 8 } }
    }
    const store = live.artifacts as ArtifactStore
    const where = { apiUrl: live.url, owner, repo, canReadActions: identity.canReadActions }
    const artifacts = artifactRoute(store, where, method, path, query)
    if (artifacts) return artifacts
    const prefix = `/repos/${owner}/${repo}/issues/`
    if (!path.startsWith(prefix)) return error(404, 'Not Found')
    const rest = path.slice(prefix.length)

    const list = /^(\d+)\/comments$/.exec(rest)
    if (list) {
      const issue = Number(list[1])
      if (method === 'GET') {
        const failed = takeFailure('list', DOC_URLS.list)
        if (failed) return failed
        const { items, headers } = paged(comments.list(issue), query, `${live.url}${path}`)
        return { status: 200, body: items, headers }
      }
      if (method === 'POST') {
        const failed = takeFailure('create', DOC_URLS.create)
        if (failed) return failed
        const parsed = parseCommentBody(await readBody(req), DOC_URLS.create)
        if ('status' in parsed) return parsed
        const created = comments.create(issue, parsed.body, identity.user)
        commented.add(issue)
        return { status: 201, body: created, headers: { location: created.url } }
      }
      return error(404, 'Not Found')
    }

    const one = /^comments\/(\d+)$/.exec(rest)
    if (one) {
      const id = Number(one[1])
      if (method === 'PATCH') {
        const failed = takeFailure('update', DOC_URLS.update)
        if (failed) return failed
      }
      const existing = comments.get(id)
      if (!existing) return error(404, 'Not Found', DOC_URLS.get)
      if (method === 'GET') return { status: 200, body: existing }
      if (method === 'PATCH') {
        const parsed = parseCommentBody(await readBody(req), DOC_URLS.update)
        if ('status' in parsed) return parsed
        return { status: 200, body: comments.update(id, parsed.body) }
      }
      if (method === 'DELETE') {
        comments.delete(id)
        return { status: 204 }
      }
    }
    return error(404, 'Not Found')
  }

  /** The fault due for this request, if any: how it shapes the answer. */
  const dueFault = (
    method: string,
    target: URL,
    identity: TokenIdentity,
    requestId: string
  ): { kind: Fault['kind']; shape: FaultAnswer } | undefined => {
    const path = target.pathname.replace(/\/+$/, '')
    const operation = operationOf(method, path, owner, repo)
    const fault = operation && faults.take(operation, target.searchParams)
    if (!operation || !fault) return undefined
    const who = identity.canReadUser ? `user ID ${identity.user.id}` : 'installation ID 61839275'
    const nowSeconds = Math.floor(Date.now() / 1000)
    return {
      kind: fault.kind,
      shape: faultAnswer(fault, operation, { requestId, who, nowSeconds })
    }
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = `STAND-IN:${++requests}`
    const target = new URL(req.url ?? '/', 'http://stand-in')
    const path = target.pathname.replace(/\/+$/, '')
    const method = req.method ?? 'GET'
    if (path.startsWith('/__stand-in/')) {
      sendRaw(res, standInAnswer(live.store as CommentStore, commented, method, path))
      return
    }
    const service = /^\/(twirp|blobs)\//.exec(path)?.[1]
    if (service) {
      const { artifacts, results } = live as Required<typeof live>
      const other =
        service === 'twirp'
          ? await results.handle(req, path)
          : await artifacts.blobs.handle(req, path, target.searchParams)
      record({ method, path: req.url ?? '/', status: other.status })
      sendRaw(res, other)
      return
    }
    apiCalls++
    const auth = req.headers.authorization ?? ''
    const token = /^(?:token|bearer)\s+(\S+)$/i.exec(auth)?.[1]
    const identity = token === undefined ? undefined : live.store?.tokens.get(token)
    const faulted = identity && dueFault(method, target, identity, requestId)
    let answer: Answer
    if (!auth) {
      answer = error(401, 'Requires authentication')
    } else if (!identity) {
      answer = error(401, 'Bad credentials')
    } else if (faulted && !faulted.shape.afterApplying) {
      await readBody(req) // read and dropped: the request is refused, not carried out
      answer = { status: faulted.shape.status }
    } else {
      answer = await route(req, identity, path, target.searchParams)
    }
    const entry: JournalEntry = { method, path: req.url ?? '/', status: answer.status }
    if (faulted) {
      entry.status = faulted.shape.status
      entry.fault = faulted.kind
      if (faulted.shape.afterApplying) entry.stored = true
    }
    record(entry)
    if (faulted?.shape.drop) {
      req.socket.destroy()
      return
    }
    const raw = faulted?.shape.raw
    const payload = raw ? raw.text : answer.body === undefined ? '' : JSON.stringify(answer.body)
    const contentType = raw ? raw.contentType : 'application/json; charset=utf-8'
    const api = {
      'x-github-api-version-selected': '2022-11-28',
      'x-github-media-type': 'github.v3; format=json',
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': String(Math.max(0, 5000 - apiCalls)),
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      'x-ratelimit-resource': 'core'
    }
    res.writeHead(entry.status, {
      ...(payload ? { 'content-type': contentType } : {}),
      'x-github-request-id': requestId,
      // A 5xx comes from GitHub's front end, which knows nothing of the API's headers.
      ...(faulted?.shape.gateway ? {} : api),
      ...(faulted ? faulted.shape.headers : answer.headers)
    })
    res.end(payload)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' })
      res.end(JSON.stringify({ message: `stand-in error: ${String(e)}` }))
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject) // EADDRINUSE: the port is taken
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const comments = new CommentStore(url, owner, repo, tokens)
  const artifacts = new ArtifactStore(url, owner, repo, new BlobStorage(url, secret))
  const results = new ResultsService(artifacts, secret, url)
  Object.assign(live, { url, store: comments, artifacts, results })

  return {
    url,
    owner,
    repo,
    tokens,
    journal,
    comments: (issue: number): Comment[] => structuredClone(comments.list(issue)),
    addComment: (issue, body, user) => {
      commented.add(issue)
      return structuredClone(comments.create(issue, body, comments.user(user.login, user.type)))
    },
    failNext: (routeName, status, message) => {
      failures.set(routeName, { status, message })
    },
    inject: (operation, fault) => faults.inject(operation, fault),
    artifacts: artifactsApi(artifacts, results),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((e) => (e ? reject(e) : resolve()))
      })
  }
}

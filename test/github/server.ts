/**
 * A GitHub REST stand-in on 127.0.0.1 for issue comments and `GET /user`, answering with the
 * real API's status codes, headers, pagination `Link`s and error bodies, so that the real
 * Octokit (`getOctokit(token, { baseUrl })` or `GITHUB_API_URL`) can be tested against it;
 * and failing as it fails: 5xx, dropped connections and rate limits on demand (faults.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { CommentStore, MAX_BODY_CHARACTERS, type TokenIdentity } from './store.js'
import { faultAnswer, FaultQueue, operationOf, type FaultAnswer } from './faults.js'
import type { Comment, FailableRoute, Fault, GitHubStandIn, JournalEntry } from './types.js'

const DOCS = 'https://docs.github.com/rest'
const DOC_URLS = {
  list: `${DOCS}/issues/comments#list-issue-comments`,
  create: `${DOCS}/issues/comments#create-an-issue-comment`,
  get: `${DOCS}/issues/comments#get-an-issue-comment`,
  update: `${DOCS}/issues/comments#update-an-issue-comment`,
  delete: `${DOCS}/issues/comments#delete-an-issue-comment`,
  user: `${DOCS}/users/users#get-the-authenticated-user`
}

/** An answer: status, JSON body (undefined → empty), extra headers. */
interface Answer {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

function error(status: number, message: string, docs = DOCS, extra: object = {}): Answer {
  return {
    status,
    body: { message, ...extra, documentation_url: docs, status: String(status) }
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
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

/** GitHub's `Link` header: prev, next, last, first — only those that apply. */
function linkHeader(base: string, params: URLSearchParams, page: number, last: number): string {
  const at = (p: number): string => {
    const q = new URLSearchParams(params)
    q.set('page', String(p))
    return `<${base}?${q.toString()}>`
  }
  const links: string[] = []
  if (page > 1) links.push(`${at(Math.min(page - 1, last))}; rel="prev"`)
  if (page < last) links.push(`${at(page + 1)}; rel="next"`, `${at(last)}; rel="last"`)
  if (page > 1) links.push(`${at(1)}; rel="first"`)
  return links.join(', ')
}

function positiveInt(value: string | null, fallback: number): number {
  const n = value === null ? NaN : Number.parseInt(value, 10)
  return Number.isFinite(n) && n > 0 ? n : fallback
}

/** Starts the stand-in on a random free port of 127.0.0.1. */
export async function startGitHub(
  options: { owner?: string; repo?: string } = {}
): Promise<GitHubStandIn> {
  const owner = options.owner ?? 'octo-org'
  const repo = options.repo ?? 'octo-repo'
  const tokens = { actions: 'ghs_actions', personal: 'ghp_personal' }
  const journal: JournalEntry[] = []
  const failures = new Map<FailableRoute, { status: number; message: string }>()
  const faults = new FaultQueue()
  let requests = 0
  // Known once the server listens: the store's URLs carry the port.
  const live: { store?: CommentStore; url: string } = { url: '' }

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
    const prefix = `/repos/${owner}/${repo}/issues/`
    if (!path.startsWith(prefix)) return error(404, 'Not Found')
    const rest = path.slice(prefix.length)

    const list = /^(\d+)\/comments$/.exec(rest)
    if (list) {
      const issue = Number(list[1])
      if (method === 'GET') {
        const failed = takeFailure('list', DOC_URLS.list)
        if (failed) return failed
        const perPage = Math.min(positiveInt(query.get('per_page'), 30), 100)
        const page = positiveInt(query.get('page'), 1)
        const all = comments.list(issue)
        const last = Math.max(1, Math.ceil(all.length / perPage))
        const headers: Record<string, string> = {}
        const link = linkHeader(`${live.url}${path}`, query, page, last)
        if (link) headers.link = link
        return {
          status: 200,
          body: all.slice((page - 1) * perPage, page * perPage),
          headers
        }
      }
      if (method === 'POST') {
        const failed = takeFailure('create', DOC_URLS.create)
        if (failed) return failed
        const parsed = parseCommentBody(await readBody(req), DOC_URLS.create)
        if ('status' in parsed) return parsed
        const created = comments.create(issue, parsed.body, identity.user)
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
    path: string,
    identity: TokenIdentity,
    requestId: string
  ): { kind: Fault['kind']; shape: FaultAnswer } | undefined => {
    const operation = operationOf(method, path, owner, repo)
    const fault = operation && faults.take(operation)
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
    const auth = req.headers.authorization ?? ''
    const token = /^(?:token|bearer)\s+(\S+)$/i.exec(auth)?.[1]
    const identity = token === undefined ? undefined : live.store?.tokens.get(token)
    const faulted = identity && dueFault(method, path, identity, requestId)
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
    journal.push(entry)
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
      'x-ratelimit-remaining': String(Math.max(0, 5000 - journal.length)),
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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const comments = new CommentStore(url, owner, repo, tokens.actions, tokens.personal)
  Object.assign(live, { url, store: comments })

  return {
    url,
    owner,
    repo,
    tokens,
    journal,
    comments: (issue: number): Comment[] => structuredClone(comments.list(issue)),
    addComment: (issue, body, user) =>
      structuredClone(comments.create(issue, body, comments.user(user.login, user.type))),
    failNext: (routeName, status, message) => {
      failures.set(routeName, { status, message })
    },
    inject: (operation, fault) => faults.inject(operation, fault),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((e) => (e ? reject(e) : resolve()))
      })
  }
}

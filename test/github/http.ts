/**
 * HTTP plumbing shared by the stand-in's routes: GitHub's error body, request bodies, paging
 * (`per_page`, `page` and the `Link` header), and answers that are not GitHub's (the results
 * service, blob storage), which carry their own bytes, headers and reason phrase.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

/** The root of GitHub's REST documentation, as error bodies cite it. */
export const DOCS = 'https://docs.github.com/rest'

/** A REST answer: status, JSON body (undefined → empty), extra headers. */
export interface Answer {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

/** An answer sent as is: no GitHub headers are added (other services send none). */
export interface RawAnswer {
  status: number
  /** The reason phrase; Azure puts its error message there, and clients quote it. */
  reason?: string
  headers: Record<string, string>
  body: string | Uint8Array
}

/** GitHub's error body: `message`, anything extra, `documentation_url`, `status` as a string. */
export function error(status: number, message: string, docs = DOCS, extra: object = {}): Answer {
  return {
    status,
    body: { message, ...extra, documentation_url: docs, status: String(status) }
  }
}

/** The whole request body, as bytes (blob uploads are binary). */
export async function readBytes(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** The whole request body, as UTF-8 text. */
export async function readBody(req: IncomingMessage): Promise<string> {
  return (await readBytes(req)).toString('utf8')
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

/** A positive integer query parameter; anything else is the fallback, as GitHub treats it. */
function positiveInt(value: string | null, fallback: number): number {
  const n = value === null ? NaN : Number.parseInt(value, 10)
  return Number.isFinite(n) && n > 0 ? n : fallback
}

/**
 * One page of `all` as GitHub pages a list: `per_page` (default 30, at most 100) and `page`
 * from the query, with the `Link` header (absent when everything fits on one page).
 */
export function paged<T>(
  all: T[],
  query: URLSearchParams,
  base: string
): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(positiveInt(query.get('per_page'), 30), 100)
  const page = positiveInt(query.get('page'), 1)
  const last = Math.max(1, Math.ceil(all.length / perPage))
  const link = linkHeader(base, query, page, last)
  return {
    items: all.slice((page - 1) * perPage, page * perPage),
    headers: link ? { link } : {}
  }
}

/** Sends a RawAnswer. */
export function sendRaw(res: ServerResponse, answer: RawAnswer): void {
  if (answer.reason === undefined) res.writeHead(answer.status, answer.headers)
  else res.writeHead(answer.status, answer.reason, answer.headers)
  res.end(answer.body)
}

/** GitHub's timestamps: ISO 8601, seconds precision, `Z`. */
export function timestamp(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/**
 * The faults the stand-in injects, answered as api.github.com answers them: the bodies and
 * headers below are GitHub's own (a 502 from its front end is pretty-printed JSON without
 * `documentation_url`, or the "Unicorn!" HTML page; rate limits carry GitHub's documented
 * messages and headers).
 */
import type { Fault, Operation } from './types.js'

const RATE_LIMIT_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api'

/** How a fault shapes the exchange: an answer (maybe after the request is carried out), or none. */
export interface FaultAnswer {
  /** Carry the request out first (a write is stored), then answer the fault. */
  afterApplying: boolean
  /** Close the connection without an answer. */
  drop: boolean
  status: number
  /** The exact bytes sent, and their content type. */
  raw?: { text: string; contentType: string }
  headers: Record<string, string>
  /** Only what GitHub's front end sends with a 5xx: no `x-ratelimit-*`, no media type. */
  gateway: boolean
}

/** The front end's 502 JSON, byte for byte (32 bytes, as GitHub's `content-length` says). */
const SERVER_ERROR_JSON = '{\n  "message": "Server Error"\n}\n'

/** The front end's HTML error page, shortened: its title and text are GitHub's. */
const UNICORN_HTML = `<!DOCTYPE html>
<html>
  <head>
    <meta http-equiv="Content-type" content="text/html; charset=utf-8">
    <title>Unicorn! &middot; GitHub</title>
  </head>
  <body>
    <div class="container">
      <p><strong>No server is currently available to service your request.</strong></p>
      <p>Sorry about that. Please try refreshing and contact us if the problem persists.</p>
    </div>
  </body>
</html>
`

/** The operation a request is, if it is one faults can be injected into. */
export function operationOf(
  method: string,
  path: string,
  owner: string,
  repo: string
): Operation | undefined {
  if (path === '/user') return method === 'GET' ? 'getAuthenticated' : undefined
  if (path === `/repos/${owner}/${repo}/actions/artifacts`) {
    return method === 'GET' ? 'listArtifacts' : undefined
  }
  const prefix = `/repos/${owner}/${repo}/issues/`
  if (!path.startsWith(prefix)) return undefined
  const rest = path.slice(prefix.length)
  if (/^\d+\/comments$/.test(rest)) {
    return method === 'GET' ? 'list' : method === 'POST' ? 'create' : undefined
  }
  return /^comments\/\d+$/.test(rest) && method === 'PATCH' ? 'update' : undefined
}

/** Whether the request's query has every parameter the fault is limited to. */
function matches(fault: Fault, query: URLSearchParams): boolean {
  return Object.entries(fault.query ?? {}).every(([key, value]) => query.get(key) === value)
}

/**
 * Pending faults per operation, taken in the order injected (among those whose `query` the
 * request matches): each lets `after` requests pass, then answers `count`.
 */
export class FaultQueue {
  private readonly pending = new Map<Operation, { fault: Fault; pass: number; left: number }[]>()

  inject(operation: Operation, fault: Fault): void {
    const count = fault.count ?? 1
    const after = fault.after ?? 0
    if (!(count > 0)) throw new Error(`fault count must be positive, got ${count}`)
    if (!(Number.isInteger(after) && after >= 0)) {
      throw new Error(`fault after must be a whole number, got ${after}`)
    }
    const queue = this.pending.get(operation) ?? []
    queue.push({ fault, pass: after, left: count })
    this.pending.set(operation, queue)
  }

  /** The fault for this request of `operation`, if any (consumed). */
  take(operation: Operation, query: URLSearchParams): Fault | undefined {
    const queue = this.pending.get(operation) ?? []
    const index = queue.findIndex((p) => matches(p.fault, query))
    const head = queue[index]
    if (!head) return undefined
    if (head.pass > 0) {
      head.pass--
      return undefined
    }
    head.left--
    if (head.left <= 0) queue.splice(index, 1)
    return head.fault
  }
}

/** Writes get GitHub's content-creation wording of the secondary limit; reads the general one. */
function secondaryMessage(operation: Operation, requestId: string): string {
  const write = operation === 'create' || operation === 'update'
  return (
    (write
      ? 'You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later.'
      : 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.') +
    ` If you reach out to GitHub Support for help, please include the request ID ${requestId}.`
  )
}

function json(body: object): { text: string; contentType: string } {
  return { text: JSON.stringify(body), contentType: 'application/json; charset=utf-8' }
}

/** How `fault` answers a request of `operation`; `who` names the token in a primary limit. */
export function faultAnswer(
  fault: Fault,
  operation: Operation,
  context: { requestId: string; who: string; nowSeconds: number }
): FaultAnswer {
  const base = { afterApplying: false, drop: false, headers: {}, gateway: false }
  switch (fault.kind) {
    case 'serverError':
      return {
        ...base,
        afterApplying: fault.stored ?? false,
        status: fault.status ?? 502,
        gateway: true,
        raw:
          fault.body === 'html'
            ? { text: UNICORN_HTML, contentType: 'text/html; charset=utf-8' }
            : { text: SERVER_ERROR_JSON, contentType: 'application/json' }
      }
    case 'dropConnection':
      return { ...base, afterApplying: fault.stored ?? false, drop: true, status: 0 }
    case 'secondaryRateLimit': {
      const status = fault.status ?? 403
      return {
        ...base,
        status,
        headers: { 'retry-after': String(fault.retryAfterSeconds ?? 1) },
        raw: json({
          message: secondaryMessage(operation, context.requestId),
          documentation_url: `${RATE_LIMIT_DOCS}#about-secondary-rate-limits`,
          status: String(status)
        })
      }
    }
    case 'rateLimit': {
      const status = fault.status ?? 403
      return {
        ...base,
        status,
        headers: {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-used': '5000',
          'x-ratelimit-reset': String(context.nowSeconds + (fault.resetInSeconds ?? 3600))
        },
        raw: json({
          message: `API rate limit exceeded for ${context.who}.`,
          documentation_url: `${RATE_LIMIT_DOCS}#about-the-primary-rate-limits`,
          status: String(status)
        })
      }
    }
  }
}

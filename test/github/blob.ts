/**
 * Blob storage as Azure answers the signed (SAS) URLs that GitHub hands out: uploads by Put
 * Block and Put Block List (what @azure/storage-blob's `BlockBlobClient.uploadStream` sends for
 * `@actions/artifact`) or by one Put Blob, downloads by GET. Every request is authorised by its
 * URL alone — no token, like Azure — whose HMAC signature covers the blob, the permissions and
 * the expiry, so a tampered or stale URL gets Azure's 403 and XML error body.
 *
 * URLs are path-style, as Azure's SDK expects of an IP host (Azurite's form):
 * `/blobs/actions-results/<blob>` — account `blobs`, container `actions-results`.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { readBytes, type RawAnswer } from './http.js'

const CONTAINER = 'actions-results'
const PREFIX = `/blobs/${CONTAINER}/`
/** The storage service version signed into SAS URLs and answered by default. */
const SERVICE_VERSION = '2024-11-04'

interface Blob {
  /** Put Block's uncommitted blocks, by block id; Put Block List commits and clears them. */
  staged: Map<string, Buffer>
  committed?: Buffer
  contentType: string
  etag: string
  lastModified: Date
}

/** What a SAS grants: read (downloads) or create and write (uploads). */
export type Permission = 'r' | 'cw'

const AUTH_FAILED =
  'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.'

/** Azure's error: XML body (with its BOM), `x-ms-error-code`, the message's first line as reason. */
function azureError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string>,
  detail?: string
): RawAnswer {
  const time = new Date().toISOString().replace('Z', '0000Z')
  const full = `${message}\nRequestId:${headers['x-ms-request-id']}\nTime:${time}`
  const extra = detail ? `<AuthenticationErrorDetail>${detail}</AuthenticationErrorDetail>` : ''
  return {
    status,
    reason: message,
    headers: { ...headers, 'content-type': 'application/xml', 'x-ms-error-code': code },
    body: `\uFEFF<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${full}</Message>${extra}</Error>`
  }
}

/** Azure's SAS expiry: ISO 8601 to the second. */
function sasTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** The blobs of the stand-in's storage account, and the SAS URLs that reach them. */
export class BlobStorage {
  private readonly blobs = new Map<string, Blob>()

  constructor(
    private readonly url: string,
    private readonly secret: Buffer
  ) {}

  /** Stores a whole blob, as a finished upload leaves it. */
  put(name: string, bytes: Uint8Array, contentType = 'application/zip'): void {
    this.blobs.set(name, {
      staged: new Map(),
      committed: Buffer.from(bytes),
      contentType,
      etag: `"0x${randomUUID().replace(/-/g, '').slice(0, 15).toUpperCase()}"`,
      lastModified: new Date()
    })
  }

  /** The committed bytes of a blob, if it has been committed. */
  bytes(name: string): Buffer | undefined {
    return this.blobs.get(name)?.committed
  }

  /** A SAS URL for `name` with `permission`, valid `lifetimeSeconds` from now (may be negative). */
  sign(name: string, permission: Permission, lifetimeSeconds: number): string {
    const se = sasTime(new Date(Date.now() + lifetimeSeconds * 1000))
    const query = new URLSearchParams({ sv: SERVICE_VERSION, se, sr: 'b', sp: permission })
    query.set('sig', this.signature(name, permission, se))
    return `${this.url}${PREFIX}${name}?${query.toString()}`
  }

  private stringToSign(name: string, permission: string, se: string): string {
    return `${permission}\n${se}\n/blob/blobs/${CONTAINER}/${name}\n${SERVICE_VERSION}`
  }

  private signature(name: string, permission: string, se: string): string {
    const hmac = createHmac('sha256', this.secret)
    return hmac.update(this.stringToSign(name, permission, se), 'utf8').digest('base64')
  }

  /** Why the SAS in `query` does not allow `needed` on `name`, as Azure answers it; or nothing. */
  private refusal(
    name: string,
    needed: 'r' | 'w',
    query: URLSearchParams,
    headers: Record<string, string>
  ): RawAnswer | undefined {
    const [sp, se, sig] = [query.get('sp') ?? '', query.get('se') ?? '', query.get('sig')]
    const expiry = Date.parse(se)
    if (!sig || Number.isNaN(expiry)) {
      return azureError(
        403,
        'AuthenticationFailed',
        AUTH_FAILED,
        headers,
        'Signature fields not well formed.'
      )
    }
    const expected = Buffer.from(this.signature(name, sp, se))
    const given = Buffer.from(sig)
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      const detail = `Signature did not match. String to sign used was ${this.stringToSign(name, sp, se)}`
      return azureError(403, 'AuthenticationFailed', AUTH_FAILED, headers, detail)
    }
    if (expiry <= Date.now()) {
      const at = (ms: number): string => new Date(ms).toUTCString()
      const detail = `Signed expiry time [${at(expiry)}] has to be after current time [${at(Date.now())}]`
      return azureError(403, 'AuthenticationFailed', AUTH_FAILED, headers, detail)
    }
    if (!sp.includes(needed)) {
      return azureError(
        403,
        'AuthorizationPermissionMismatch',
        'This request is not authorized to perform this operation using this permission.',
        headers
      )
    }
    return undefined
  }

  /** Answers a request under `/blobs/`. */
  async handle(req: IncomingMessage, path: string, query: URLSearchParams): Promise<RawAnswer> {
    const method = req.method ?? 'GET'
    const body = await readBytes(req)
    const version = req.headers['x-ms-version']
    const headers: Record<string, string> = {
      'x-ms-request-id': randomUUID(),
      'x-ms-version': typeof version === 'string' ? version : SERVICE_VERSION,
      date: new Date().toUTCString()
    }
    // Azure echoes the client's request id, which the SDK logs beside its own.
    const clientRequestId = req.headers['x-ms-client-request-id']
    if (typeof clientRequestId === 'string') headers['x-ms-client-request-id'] = clientRequestId
    if (!path.startsWith(PREFIX) || path.length === PREFIX.length) {
      return azureError(404, 'ResourceNotFound', 'The specified resource does not exist.', headers)
    }
    const name = decodeURIComponent(path.slice(PREFIX.length))
    const read = method === 'GET' || method === 'HEAD'
    if (!read && method !== 'PUT') {
      return azureError(
        405,
        'UnsupportedHttpVerb',
        "The resource doesn't support specified Http Verb.",
        headers
      )
    }
    const refused = this.refusal(name, read ? 'r' : 'w', query, headers)
    if (refused) return refused
    if (read) return this.download(name, method, headers)
    return this.upload(name, query.get('comp'), query.get('blockid'), body, req, headers)
  }

  private download(name: string, method: string, headers: Record<string, string>): RawAnswer {
    const blob = this.blobs.get(name)
    if (!blob?.committed) {
      return azureError(404, 'BlobNotFound', 'The specified blob does not exist.', headers)
    }
    return {
      status: 200,
      headers: {
        ...headers,
        'content-type': blob.contentType,
        'content-length': String(blob.committed.length),
        etag: blob.etag,
        'last-modified': blob.lastModified.toUTCString(),
        'accept-ranges': 'bytes',
        'x-ms-blob-type': 'BlockBlob',
        'x-ms-server-encrypted': 'true'
      },
      body: method === 'HEAD' ? '' : blob.committed
    }
  }

  private upload(
    name: string,
    comp: string | null,
    blockId: string | null,
    body: Buffer,
    req: IncomingMessage,
    headers: Record<string, string>
  ): RawAnswer {
    const blob = this.blobs.get(name) ?? {
      staged: new Map<string, Buffer>(),
      contentType: 'application/octet-stream',
      etag: '',
      lastModified: new Date()
    }
    this.blobs.set(name, blob)
    const created: RawAnswer = {
      status: 201,
      headers: { ...headers, 'content-length': '0', 'x-ms-request-server-encrypted': 'true' },
      body: ''
    }
    const contentType = (header: string): string => {
      const value = req.headers[header]
      return typeof value === 'string' ? value : 'application/octet-stream'
    }
    const commit = (bytes: Buffer, type: string): RawAnswer => {
      Object.assign(blob, {
        committed: bytes,
        contentType: type,
        etag: `"0x${randomUUID().replace(/-/g, '').slice(0, 15).toUpperCase()}"`,
        lastModified: new Date()
      })
      blob.staged.clear()
      created.headers.etag = blob.etag
      created.headers['last-modified'] = blob.lastModified.toUTCString()
      return created
    }
    if (comp === 'block') {
      // A block id is base64 of at most 64 bytes; Azure refuses anything else.
      const valid = blockId !== null && /^[A-Za-z0-9+/]+={0,2}$/.test(blockId)
      if (!valid || Buffer.from(blockId, 'base64').length > 64) {
        return azureError(
          400,
          'InvalidQueryParameterValue',
          'Value for one of the query parameters specified in the request URI is invalid.',
          headers
        )
      }
      blob.staged.set(blockId, body)
      return created
    }
    if (comp === 'blocklist') {
      const ids = [...body.toString('utf8').matchAll(/<(Latest|Uncommitted)>([^<]*)<\/\1>/g)]
      const blocks = ids.map((m) => blob.staged.get(m[2]))
      if (blocks.some((b) => b === undefined)) {
        return azureError(400, 'InvalidBlockList', 'The specified block list is invalid.', headers)
      }
      return commit(Buffer.concat(blocks as Buffer[]), contentType('x-ms-blob-content-type'))
    }
    if (comp === null && req.headers['x-ms-blob-type'] === 'BlockBlob') {
      return commit(body, contentType('content-type'))
    }
    return azureError(
      400,
      'InvalidQueryParameterValue',
      'Value for one of the query parameters specified in the request URI is invalid.',
      headers
    )
  }
}

/**
 * The REST routes of artifacts, as api.github.com answers them (authentication is the
 * server's, before these): list for the repository (filtered by `name`) or for a workflow run,
 * newest first and paged with `Link`; get one; download (`/zip`: a 302 to a signed blob URL
 * that works for 60 s without the token, 410 once the artifact has expired). A token whose job
 * lacks `actions: read` gets GitHub's 403 on every one of them.
 */
import type { ArtifactStore } from './artifacts-store.js'
import { DOCS, error, paged, type Answer } from './http.js'

const ARTIFACT_DOCS = `${DOCS}/actions/artifacts`
const DOC_URLS = {
  list: `${ARTIFACT_DOCS}#list-artifacts-for-a-repository`,
  runList: `${ARTIFACT_DOCS}#list-workflow-run-artifacts`,
  get: `${ARTIFACT_DOCS}#get-an-artifact`,
  download: `${ARTIFACT_DOCS}#download-an-artifact`
}
/** GitHub: "Anyone with read access … The URL expires after 1 minute." */
const DOWNLOAD_URL_SECONDS = 60

/**
 * The answer to an artifacts route of `/repos/{owner}/{repo}`, or `undefined` when the path is
 * not one (the caller answers it).
 */
export function artifactRoute(
  store: ArtifactStore,
  context: { apiUrl: string; owner: string; repo: string; canReadActions: boolean },
  method: string,
  path: string,
  query: URLSearchParams
): Answer | undefined {
  const prefix = `/repos/${context.owner}/${context.repo}/actions/`
  if (!path.startsWith(prefix)) return undefined
  const rest = path.slice(prefix.length)
  const runList = /^runs\/(\d+)\/artifacts$/.exec(rest)
  const one = /^artifacts\/(\d+)(?:\/([^/]+))?$/.exec(rest)
  if (rest !== 'artifacts' && !runList && !one) return undefined
  if (method !== 'GET') return error(404, 'Not Found', ARTIFACT_DOCS)
  if (!context.canReadActions) {
    const route = runList ? 'runList' : !one ? 'list' : one[2] === undefined ? 'get' : 'download'
    // GitHub names the permission the token's job lacked in this header.
    return {
      ...error(403, 'Resource not accessible by integration', DOC_URLS[route]),
      headers: { 'x-accepted-github-permissions': 'actions=read' }
    }
  }

  if (!one) {
    const name = query.get('name') ?? undefined
    const runId = runList ? Number(runList[1]) : undefined
    const all = store.list({ name, runId })
    const { items, headers } = paged(all, query, `${context.apiUrl}${path}`)
    return { status: 200, body: { total_count: all.length, artifacts: items }, headers }
  }

  const [, id, format] = one
  const artifact = store.get(Number(id))
  const docs = format === undefined ? DOC_URLS.get : DOC_URLS.download
  if (!artifact || (format !== undefined && format !== 'zip')) return error(404, 'Not Found', docs)
  if (format === undefined) return { status: 200, body: structuredClone(artifact) }
  if (artifact.expired) return error(410, 'Artifact has expired', docs)
  const location = store.blobs.sign(`${artifact.id}.zip`, 'r', DOWNLOAD_URL_SECONDS)
  return { status: 302, headers: { location } }
}

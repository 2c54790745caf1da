/** The tests' handle on artifacts (`standIn.artifacts`): seeding, reading back, runs, URLs. */
import type { ArtifactStore } from './artifacts-store.js'
import type { ResultsService } from './results-service.js'
import type { ArtifactsApi } from './types.js'

/** The lifetime of a signed download URL, as the `/zip` redirect gives it. */
const DOWNLOAD_URL_SECONDS = 60

/** The ArtifactsApi over the stand-in's store and results service; answers are copies. */
export function artifactsApi(store: ArtifactStore, results: ResultsService): ArtifactsApi {
  return {
    registerRun: (run) => store.registerRun(run),
    runtime: (backendId, jobBackendId) =>
      // A run never registered still gets a token: the service refuses it, as tests may want.
      results.runtime(backendId, jobBackendId ?? store.run(backendId)?.jobBackendId ?? backendId),
    seed: (artifact) => store.seed(artifact),
    list: () => structuredClone(store.list()),
    zip: (id) => store.zip(id),
    files: (id) => store.files(id),
    expire: (id) => store.expire(id),
    blobUrl: (id, options) => {
      store.zip(id) // throws for an unknown id
      return store.blobs.sign(`${id}.zip`, 'r', options?.expiresInSeconds ?? DOWNLOAD_URL_SECONDS)
    }
  }
}

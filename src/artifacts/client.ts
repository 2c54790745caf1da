/**
 * The runner's artifact client, loaded on first use: @actions/artifact brings the Azure storage
 * SDK, more than half of the bundle, which a run that neither uploads nor downloads an artifact
 * (the CLI, `upload-results: false`, no `baseline: auto`) never needs to load or hold.
 */
import type { ArtifactClient } from '@actions/artifact'

/** A new client of the artifact service, its module loaded once. */
export async function artifactClient(): Promise<ArtifactClient> {
  const { DefaultArtifactClient } = await import('@actions/artifact')
  return new DefaultArtifactClient()
}

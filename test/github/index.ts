/**
 * The GitHub REST stand-in: start it, point Octokit at its `url`, inspect its comments,
 * artifacts and journal; `@actions/artifact` uploads to it through `artifacts.runtime(…)`.
 */
export { startGitHub } from './server.js'
export type {
  Artifact,
  ArtifactRun,
  Comment,
  GitHubStandIn,
  JournalEntry,
  ResultsRuntime
} from './types.js'

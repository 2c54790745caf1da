/** The GitHub REST stand-in: start it, point Octokit at its `url`, inspect its comments and journal. */
export { startGitHub } from './server.js'
export { MAX_BODY_CHARACTERS } from './store.js'
export type {
  Comment,
  FailableRoute,
  Fault,
  GitHubStandIn,
  GitHubUser,
  JournalEntry,
  Operation
} from './types.js'

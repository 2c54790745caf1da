/** The GitHub REST stand-in: start it, point Octokit at its `url`, inspect its comments and journal. */
export { startGitHub } from './server.js'
export type { Comment, GitHubStandIn, JournalEntry } from './types.js'

/**
 * Starts the GitHub stand-in from the command line, for running the action by hand:
 *   npm run github-stand-in -- --port 4567 --repo octo-org/octo-repo
 * It prints its URL, the tokens it accepts and where to read the comments, then one line per
 * request it answers. Ctrl-C (SIGINT) or SIGTERM stops it; its comments go with it.
 */
import { startGitHub } from './server.js'

const USAGE = 'usage: npm run github-stand-in -- [--port 4567] [--repo owner/name]'

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : undefined
}

function fail(message: string, code = 2): never {
  console.error(message)
  process.exit(code)
}

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(USAGE)
  process.exit(0)
}
const portText = arg('port') ?? '4567'
const port = Number(portText)
if (!/^\d+$/.test(portText) || port > 65535) {
  fail(`--port ${portText}: give a port number 0-65535 (0: any free port)\n${USAGE}`)
}
const full = arg('repo') ?? 'octo-org/octo-repo'
const [owner, repo, ...extra] = full.split('/')
if (!owner || !repo || extra.length > 0 || !/^[\w.-]+\/[\w.-]+$/.test(full)) {
  fail(`--repo ${full}: give the repository as owner/name\n${USAGE}`)
}

const time = (): string => new Date().toISOString().slice(11, 19)
const github = await startGitHub({
  owner,
  repo,
  port,
  onRequest: (entry) =>
    console.log(
      `${time()} ${entry.method} ${entry.path} → ${entry.status === 0 ? 'dropped' : entry.status}`
    )
}).catch((error: unknown) => {
  const code = (error as { code?: unknown } | null)?.code
  if (code === 'EADDRINUSE') {
    fail(`Port ${port} is taken: stop what listens there or give --port another one`, 1)
  }
  fail(`The stand-in could not start: ${error instanceof Error ? error.message : String(error)}`, 1)
})

const { url, tokens } = github
const issues = `${url}/repos/${owner}/${repo}/issues`
console.log(`GitHub REST stand-in listening on ${url}`)
console.log(`Repository: ${owner}/${repo}, any pull request number (.env.example uses 1)`)
console.log('Tokens it accepts (any other: 401 Bad credentials):')
console.log(
  `  ${tokens.actions}     the Actions GITHUB_TOKEN (github-actions[bot]; GET /user: 403)`
)
console.log(`  ${tokens.noActions}  the same, without actions: read (artifacts routes: 403)`)
console.log(`  ${tokens.personal}    a personal access token of octocat`)
console.log('Point the action at it (in .env, as .env.example does):')
console.log(`  GITHUB_API_URL=${url}`)
console.log(`  GITHUB_REPOSITORY=${owner}/${repo}`)
console.log(`  INPUT_GITHUB-TOKEN=${tokens.actions}`)
console.log('  INPUT_PR-NUMBER=1')
console.log('The comments the action left:')
console.log(`  curl -s ${url}/__stand-in/comments/1    (pull request 1's, as markdown)`)
console.log(`  curl -s ${url}/__stand-in/comments      (every pull request's, as JSON)`)
console.log(`  curl -s -H 'authorization: token ${tokens.actions}' ${issues}/1/comments`)
console.log('Requests answered (Ctrl-C to stop):')

let stopping = false
const stop = (): void => {
  if (stopping) return
  stopping = true
  void github.stop().then(
    () => process.exit(0),
    () => process.exit(1)
  )
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)

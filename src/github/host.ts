/** Which GitHub the job runs on, as `@actions/artifact` tells them apart. */

/**
 * GitHub Enterprise Server: a server that is neither github.com, a GHE.com tenant nor a local
 * test host. `@actions/artifact` (v2 and later, the artifact service this action uses) refuses it.
 */
export function isEnterpriseServer(env: NodeJS.ProcessEnv): boolean {
  let host: string
  try {
    host = new URL(env.GITHUB_SERVER_URL || 'https://github.com').hostname.toLowerCase()
  } catch {
    return false
  }
  return host !== 'github.com' && !host.endsWith('.ghe.com') && !host.endsWith('.localhost')
}

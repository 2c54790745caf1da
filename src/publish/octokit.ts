/** The Octokit that publish/ talks to: `@actions/github`'s, created from the `github-token`. */
import { getOctokit } from '@actions/github'

export type Octokit = ReturnType<typeof getOctokit>

/** Makes an Octokit for a token; tests pass one pointed at the GitHub stand-in. */
export type OctokitFactory = (token: string) => Octokit

/** The default: `GITHUB_API_URL` (GitHub Enterprise included), as @actions/github reads it. */
export const defaultOctokitFactory: OctokitFactory = (token) => getOctokit(token)

/** The fields of Octokit's RequestError that publish/ reads; never its request (it has the token). */
export interface HttpError {
  status: number
  message: string
}

/** True when `error` is an HTTP error answered by GitHub (Octokit's RequestError). */
export function isHttpError(error: unknown): error is HttpError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { status?: unknown }).status === 'number' &&
    typeof (error as { message?: unknown }).message === 'string'
  )
}

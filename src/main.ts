import * as core from '@actions/core'

/** The main step: inputs → benchmark → publish. */
export async function run(): Promise<void> {
  try {
    core.getInput('functions', { required: true })
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error))
  }
}

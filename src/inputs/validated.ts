/**
 * The inputs and the `LMB_*` settings of a run, validated together before any AWS call: the
 * action's main step reads the inputs with core.getInput, the CLI from its flags.
 */
import { readSettings, type Settings } from '../core/settings.js'
import type { Plan } from '../model/plan.js'
import { InputError, parseInputs } from './parse.js'

/** The plan and the settings; throws InputError with every problem of either. */
export function validated(
  getInput: (name: string) => string,
  env: NodeJS.ProcessEnv
): { plan: Plan; settings: Settings } {
  const { settings, problems } = readSettings(env)
  let plan: Plan | undefined
  try {
    plan = parseInputs(getInput, env)
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    problems.unshift(...error.problems)
  }
  if (plan === undefined || problems.length > 0) throw new InputError(problems)
  return { plan, settings }
}

/**
 * Reading a function's configuration, and the fingerprint that tells our changes (memory, and
 * the cold-start marker variable) from anyone else's.
 */
import { GetFunctionCommand, type FunctionConfiguration } from '@aws-sdk/client-lambda'
import { createHash } from 'node:crypto'
import { isTransient } from '../aws/errors.js'
import { BenchmarkError } from '../core/errors.js'
import { retry } from '../core/retry.js'
import type { Control } from './control.js'
import { withoutMarker } from './environment.js'

/** How long GetFunction is retried while the API is unreachable, unless the caller has a deadline. */
const READ_DEADLINE_MS = 30_000

/**
 * Hash of the configuration fields we never touch (no values are kept, only the hash): the
 * environment counts without our cold-start marker, which only we set.
 */
export function fingerprintOf(c: FunctionConfiguration): string {
  const stable = [
    c.CodeSha256,
    c.Handler,
    c.Runtime,
    c.Timeout,
    c.Role,
    sortedVariables(withoutMarker(c.Environment?.Variables)),
    (c.Layers ?? []).map((l) => l.Arn),
    c.EphemeralStorage?.Size,
    c.Description,
    c.Architectures,
    c.VpcConfig?.SubnetIds,
    c.VpcConfig?.SecurityGroupIds,
    c.TracingConfig?.Mode,
    c.KMSKeyArn,
    c.DeadLetterConfig?.TargetArn,
    c.LoggingConfig?.LogFormat,
    c.LoggingConfig?.LogGroup,
    c.SnapStart?.ApplyOn
  ]
  return createHash('sha256').update(JSON.stringify(stable)).digest('hex').slice(0, 32)
}

/** The variables in name order: a set read back in another order is the same set. */
function sortedVariables(variables: Record<string, string> | null): [string, string][] | null {
  return variables && Object.entries(variables).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}

/** GetFunction's Configuration; transient errors retried until `deadlineAt` (epoch ms, on the control's clock). */
export async function getConfiguration(
  control: Control,
  deadlineAt = control.clock.now() + READ_DEADLINE_MS
): Promise<FunctionConfiguration> {
  const out = await retry(
    () => control.lambda.send(new GetFunctionCommand({ FunctionName: control.identifier })),
    {
      retryable: isTransient,
      deadline: deadlineAt,
      backoff: { baseMs: 500, capMs: 5_000 },
      clock: control.clock
    }
  )
  if (!out.Configuration) throw new BenchmarkError(`GetFunction returned no configuration`)
  return out.Configuration
}

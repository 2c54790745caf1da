/**
 * The results file as a zod schema: what `readResults` accepts, and what docs/results.schema.json
 * publishes (`npm run schema`). The interfaces in ./results.ts stay the readable types; each
 * schema is passed through `exactly<Interface>()`, so `tsc` fails as soon as a schema's output
 * and its interface differ in any field, optional mark or type.
 *
 * Reading is lenient where the contract allows it and strict elsewhere:
 * - the fields of schemaVersion 1 as first designed (the results file section of the design)
 *   are required; fields added since are optional and filled in with what an earlier version's
 *   file means, so the code reading a baseline can rely on the types;
 * - unknown fields (a newer version's additions) are accepted and kept, never stripped.
 */
import * as z from 'zod'
import { comparisonSchema } from './results-comparison-schema.js'
import { count, exactly, fields, LATER, megabytes } from './results-schema-helpers.js'
import { SCHEMA_VERSION } from './results.js'
import type {
  BenchmarkSettings,
  ForcedColdStarts,
  FunctionResult,
  TierPrecision,
  MergedFile,
  PayloadResult,
  Recommendation,
  Results,
  Summary,
  TierResult
} from './results.js'

const ms = () => z.number().nonnegative()

const summary = exactly<Summary>()(
  fields({
    mean: ms(),
    p50: ms(),
    p90: ms(),
    p95: ms(),
    p99: ms(),
    min: ms(),
    max: ms(),
    stddev: ms().meta({ description: 'Sample standard deviation (n − 1); 0 for one value.' })
  }).meta({
    id: 'Summary',
    description:
      'Summary statistics of a sample, in ms. Percentiles interpolate linearly (R type 7).'
  })
)

const usd = (description: string) => z.number().nonnegative().nullable().meta({ description })

const payloadResult = exactly<PayloadResult>()(
  fields({
    invocations: count("The payload's share of the tier's invocations (largest remainder)."),
    errors: count('Its responses with X-Amz-Function-Error.'),
    coldStarts: count('Its invocations whose REPORT has Init Duration or Restore Duration.'),
    billedDuration: summary.nullable().meta({
      description: 'Billed duration of its warm, successful invocations; null when there was none.'
    }),
    costPerInvocation: usd(
      'USD, from its warm mean billed duration, request price included; null without a warm sample.'
    )
  }).meta({ id: 'PayloadTier', description: "One payload's invocations at one memory size." })
)

const forcedColdStarts = exactly<ForcedColdStarts>()(
  fields({
    invocations: count('Invocations made to force a cold start each.'),
    coldStarts: count('Those whose REPORT has Init Duration or Restore Duration.'),
    errors: count('Those answered with X-Amz-Function-Error.'),
    unmeasured: count(
      'Those whose REPORT was found neither in the log tail nor in CloudWatch Logs.'
    )
  }).meta({ id: 'ForcedColdStarts', description: 'The forced cold starts of one memory size.' })
)

const tierPrecision = exactly<TierPrecision>()(
  fields({
    halfWidthPct: z.number().nonnegative().nullable().meta({
      description:
        "The 95 % confidence interval's half-width, percent of the mean warm billed duration, over every warm sample; null with fewer than two."
    }),
    reached: z.boolean().meta({ description: 'True when within settings.targetPrecision.' })
  }).meta({ id: 'TierPrecision', description: "Adaptive sampling's outcome at one memory size." })
)

const tier = exactly<TierResult>()(
  fields({
    memorySize: megabytes(),
    invocations: count('Measured invocations: exactly what was asked, cold ones included.'),
    errors: count('Responses with X-Amz-Function-Error (errors, timeouts, crashes).'),
    errorTypes: z
      .record(z.string(), z.int().nonnegative())
      .meta({ description: 'Count of each error type, e.g. {"Sandbox.Timedout": 2}.' }),
    unmeasured: count(
      'Invocations whose REPORT was found neither in the log tail nor in CloudWatch Logs.'
    ),
    coldStarts: count('Invocations whose REPORT has Init Duration or Restore Duration.'),
    billedDuration: summary.nullable().meta({
      description: 'Billed duration of the warm, successful invocations; null when there was none.'
    }),
    duration: summary.nullable().meta({
      description: 'Duration of the warm, successful invocations; null when there was none.'
    }),
    initDuration: summary.nullable().meta({
      description:
        "The cold starts' Init Duration (or Restore Duration), measured and forced (cold-starts); null when there was none."
    }),
    coldBilledDuration: summary
      .nullable()
      .default(null)
      .meta({
        description: `The cold starts' Billed Duration (it includes INIT), measured and forced; null when there was none. ${LATER} (read as null).`
      }),
    maxMemoryUsed: z.number().nonnegative().nullable().meta({
      description: 'MB, the largest seen; null when nothing was measured.'
    }),
    costPerInvocation: usd(
      'USD, from the warm mean billed duration, request price included; null without a warm sample.'
    ),
    coldStartCostPerInvocation: usd(
      `USD, mean cost of a cold invocation (its Billed Duration includes INIT); null without a cold start. ${LATER} (read as null).`
    ).default(null),
    forcedColdStarts: forcedColdStarts.optional().meta({
      description: `cold-starts: the invocations made in addition to \`invocations\`, each on a fresh execution environment; of the tier's figures only the cold starts' (initDuration, coldBilledDuration, coldStartCostPerInvocation) and those over every REPORT of the size (maxMemoryUsed, reportsFromLogs) include them. ${LATER}.`
    }),
    precision: tierPrecision.optional().meta({
      description: `With target-precision: how precisely the warm mean is known, and whether it reached the target (then invocations may be fewer than asked). ${LATER}.`
    }),
    throttles: z
      .int()
      .nonnegative()
      .default(0)
      .meta({
        description: `Throttled attempts (429) that were retried; never counted as invocations. ${LATER} (read as 0).`
      }),
    reportsFromLogs: z
      .int()
      .nonnegative()
      .default(0)
      .meta({
        description: `REPORT records read from CloudWatch Logs because the log tail lacked them. ${LATER} (read as 0).`
      }),
    samples: z
      .array(ms())
      .default(() => [])
      .meta({
        description:
          'Billed ms of each warm successful invocation, in completion order. Empty in the `results` output (outputs have size limits); may be absent (read as []).'
      }),
    byPayload: z
      .record(z.string(), payloadResult)
      .optional()
      .meta({
        description: `With payloads-file: each payload's own figures, by name; the tier's figures stay over all payloads (the weighted mix is the workload). Absent without a payload set. ${LATER}.`
      })
  }).meta({ id: 'Tier', description: 'What was measured for one function at one memory size.' })
)

const size = (description: string) => megabytes(description).nullable()

const recommendation = exactly<Recommendation>()(
  fields({
    cost: size('MB: lowest cost per invocation; null when no size qualifies.'),
    speed: size('MB: lowest mean warm billed duration; null when no size qualifies.'),
    balanced: size(
      'MB: best equal-weight score of normalised cost and duration; null when no size qualifies.'
    )
  }).meta({
    description: 'Recommended memory sizes, among the sizes with no errors and warm samples.'
  })
)

const functionResult = exactly<FunctionResult>()(
  fields({
    functionArn: z.string().meta({ description: 'Unqualified ARN: functions are keyed by it.' }),
    functionName: z.string(),
    displayName: z
      .string()
      .optional()
      .meta({
        description: `Unique display name: the name, with region (and account) only where two would look the same. ${LATER} (read as functionName).`
      }),
    region: z.string(),
    architecture: z.enum(['x86_64', 'arm64']),
    // A function that could not be read has no size: 0, as the action writes it.
    originalMemorySize: z.int().nonnegative().meta({
      description:
        'MB, as found before the benchmark, and restored after it; 0 when the function could not be read.'
    }),
    status: z.enum(['ok', 'failed']).meta({
      description: '`failed` only when the benchmark could not be carried out (an AWS API error).'
    }),
    error: z.string().nullable().meta({ description: 'Why it failed; null when ok.' }),
    tiers: z.array(tier).meta({ description: 'One per memory size measured.' }),
    recommendation,
    liveBaseline: z
      .string()
      .optional()
      .meta({
        description: `A current function's live baseline (baseline-functions): the baseline's functionArn, measured beside it in the same run. ${LATER}.`
      }),
    liveBaselineOf: z
      .string()
      .optional()
      .meta({
        description: `A live baseline's current function: its functionArn. ${LATER}.`
      })
  })
    .meta({ id: 'Function', description: 'One benchmarked function.' })
    // The names a file without display names showed were the function names.
    .transform((f) => ({ ...f, displayName: f.displayName ?? f.functionName }))
)

const settings = exactly<BenchmarkSettings>()(
  fields({
    memorySizes: z
      .array(megabytes())
      .meta({ description: 'The memory-sizes input, MB, ascending.' }),
    invocations: z.int().positive().meta({ description: 'The invocations input.' }),
    concurrency: z.int().positive().meta({ description: 'The concurrency input.' }),
    isolation: z
      .enum(['latest', 'versions'])
      .default('latest')
      .meta({ description: `The isolation input. ${LATER} (read as latest, the only mode then).` }),
    monthlyInvocations: z
      .int()
      .positive()
      .nullable()
      .default(null)
      .meta({
        description: `The monthly-invocations input; null when not given. ${LATER} (read as null).`
      }),
    coldStarts: z
      .int()
      .nonnegative()
      .default(0)
      .meta({
        description: `The cold-starts input: forced cold starts per size (0: none). ${LATER} (read as 0).`
      }),
    targetPrecision: z
      .number()
      .positive()
      .max(50)
      .nullable()
      .default(null)
      .meta({
        description: `The target-precision input, percent: each size stopped once its warm mean's 95 % interval was within ± that much; null when off. ${LATER} (read as null).`
      }),
    minInvocations: z
      .int()
      .positive()
      .nullable()
      .default(null)
      .meta({
        description: `The fewest invocations a size took before it could stop (min-invocations); null when adaptive sampling was off. ${LATER} (read as null).`
      })
  }).meta({ description: "The run's settings, as the inputs gave them." })
)

const mergedFile = exactly<MergedFile>()(
  fields({
    path: z.string().meta({
      description:
        'As the merge job found it: relative to its workspace when inside it, else absolute.'
    }),
    runUrl: z.string().optional().meta({ description: "That run's link, when it had one." }),
    startedAt: z.string().meta({ description: 'ISO 8601, UTC.' }),
    finishedAt: z.string().meta({ description: 'ISO 8601, UTC.' }),
    settings,
    functions: z.array(z.string()).meta({ description: "Its functions' ARNs, in its order." }),
    cancelled: z.boolean().optional().meta({
      description: 'True when that run was cancelled and its results are partial.'
    })
  }).meta({
    id: 'MergedFile',
    description:
      "One results file of a merged run, as it was before the merge. Its settings say what its functions were measured with where the files' settings differ."
  })
)

/** The whole results file (schemaVersion 1), as `readResults` validates it. */
export const resultsSchema = exactly<Results>()(
  fields({
    schemaVersion: z.literal(SCHEMA_VERSION),
    startedAt: z.string().meta({ description: 'ISO 8601, UTC.' }),
    finishedAt: z.string().meta({ description: 'ISO 8601, UTC.' }),
    settings,
    functions: z.array(functionResult),
    runUrl: z.string().optional().meta({
      description: 'Link to the workflow run, when run on GitHub Actions.'
    }),
    cancelled: z.boolean().optional().meta({
      description: 'True when the run was cancelled and these results are partial.'
    }),
    comparison: comparisonSchema.optional().meta({
      description: 'The comparison with the baseline results file, when one was given and read.'
    }),
    merged: fields({ files: z.array(mergedFile) })
      .optional()
      .meta({
        description: `merge-results: the results files these results were merged from (each a job of a matrix), in the order their functions are listed; absent for a run that benchmarked itself. ${LATER}.`
      })
  }).meta({
    title: 'Lambda memory benchmark results',
    description:
      'The results file of the Lambda memory benchmark action, schemaVersion 1. A contract: fields are added, never renamed. Fields not in `required` are written only when they apply (runUrl, cancelled, comparison, merged) or were added after the first version and may be absent from older files; a reader fills in their `default`. Objects may carry fields not listed here (added by a newer version): ignore them.'
  })
)

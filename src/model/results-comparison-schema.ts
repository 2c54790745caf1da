/** The schema of the results file's `comparison` section (see ./results-schema.ts). */
import * as z from 'zod'
import type { Comparison, TierComparison, UnmatchedMemorySize } from './results.js'
import { count, exactly, fields, LATER, megabytes } from './results-schema-helpers.js'

const mean = () =>
  z
    .number()
    .nonnegative()
    .nullable()
    .meta({ description: 'Mean warm billed ms; null without warm samples.' })

const tierComparison = exactly<TierComparison>()(
  fields({
    functionName: z.string().meta({ description: 'The current display name.' }),
    baselineFunctionName: z.string().meta({ description: 'The baseline display name.' }),
    memorySize: megabytes(),
    baselineMean: mean(),
    currentMean: mean(),
    baselineSamples: count('Warm billed samples of the baseline.'),
    currentSamples: count('Warm billed samples of this run.'),
    ratio: z.number().nonnegative().nullable().meta({
      description: 'currentMean / baselineMean; null when either is missing.'
    }),
    ratioCi: z.tuple([z.number(), z.number()]).nullable().meta({
      description:
        '95 % percentile-bootstrap interval [low, high] of the ratio of means; null when not tested.'
    }),
    pValue: z.number().nonnegative().nullable().meta({
      description: 'Two-sided Mann–Whitney U p-value; null when not tested.'
    }),
    costRatio: z.number().nonnegative().nullable().meta({
      description: 'costPerInvocation current / baseline; null when either is missing.'
    }),
    verdict: z.enum(['regression', 'improvement', 'unchanged', 'insufficient-data'])
  }).meta({ id: 'TierComparison', description: 'One (function, memory size) pair compared.' })
)

const unmatchedMemorySize = exactly<UnmatchedMemorySize>()(
  fields({
    functionName: z.string().meta({ description: 'The display name on that side.' }),
    memorySize: megabytes(),
    side: z.enum(['current', 'baseline'])
  }).meta({ description: 'A memory size measured on one side only.' })
)

/** The comparison of a run with its baseline. */
export const comparisonSchema = exactly<Comparison>()(
  fields({
    baselineStartedAt: z.string().meta({ description: "The baseline run's startedAt." }),
    live: z
      .boolean()
      .optional()
      .meta({
        description: `True when the baseline functions were measured in this run, interleaved with the current ones (baseline-functions); absent for a baseline file. ${LATER}.`
      }),
    thresholdPct: z
      .number()
      .positive()
      .meta({ description: 'The regression-threshold input, percent.' }),
    alpha: z.number().positive().meta({ description: 'Significance level of the two-sided test.' }),
    minSamples: count('Fewest warm samples a side needs to be tested.'),
    tiers: z.array(tierComparison),
    regressions: count('Pairs whose verdict is regression.'),
    improvements: count('Pairs whose verdict is improvement.'),
    unmatched: fields({
      functions: z.array(z.string()).meta({
        description: 'Current display names with no baseline function.'
      }),
      baselineFunctions: z.array(z.string()).meta({
        description: 'Baseline display names with no current function.'
      }),
      memorySizes: z.array(unmatchedMemorySize)
    }).meta({ description: 'What could not be paired.' })
  }).meta({ description: 'The comparison of this run with its baseline.' })
)

export const id = 145;
export const ids = [145];
export const modules = {

/***/ 60145:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  validateResults: () => (/* binding */ validateResults)
});

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 17 modules
var schemas = __webpack_require__(38816);
;// CONCATENATED MODULE: ./src/model/results-schema-helpers.ts
/** The pieces the results schema is built from: exact-type checks and objects that keep unknown keys. */

/**
 * Returns the schema unchanged; compiles only when the schema's output type is exactly `T`,
 * so an interface and its schema cannot drift apart. On a mismatch, `tsc` names both types.
 */
function exactly() {
    return (schema) => schema;
}
/**
 * An object that keeps unknown keys: a newer version's fields survive a read. Typed with the
 * known keys only, so the types stay exact (no `[key: string]: unknown` in every interface).
 */
function fields(shape) {
    return schemas/* looseObject */._H3(shape);
}
/** A count: a whole number ≥ 0. */
const count = (description) => schemas/* int */.Whr().nonnegative().meta({ description });
/** A memory size in MB. */
const megabytes = (description = 'MB.') => schemas/* int */.Whr().positive().meta({ description });
/** How the description of a field added after the first version starts its last sentence. */
const LATER = 'Added after the first version of schemaVersion 1: absent in older files';

;// CONCATENATED MODULE: ./src/model/results-comparison-schema.ts
/** The schema of the results file's `comparison` section (see ./results-schema.ts). */


const mean = () => schemas/* number */.aig()
    .nonnegative()
    .nullable()
    .meta({ description: 'Mean warm billed ms; null without warm samples.' });
const tierComparison = exactly()(fields({
    functionName: schemas/* string */.YjP().meta({ description: 'The current display name.' }),
    baselineFunctionName: schemas/* string */.YjP().meta({ description: 'The baseline display name.' }),
    memorySize: megabytes(),
    baselineMean: mean(),
    currentMean: mean(),
    baselineSamples: count('Warm billed samples of the baseline.'),
    currentSamples: count('Warm billed samples of this run.'),
    ratio: schemas/* number */.aig().nonnegative().nullable().meta({
        description: 'currentMean / baselineMean; null when either is missing.'
    }),
    ratioCi: schemas/* tuple */.PVZ([schemas/* number */.aig(), schemas/* number */.aig()]).nullable().meta({
        description: '95 % percentile-bootstrap interval [low, high] of the ratio of means; null when not tested.'
    }),
    pValue: schemas/* number */.aig().nonnegative().nullable().meta({
        description: 'Two-sided Mann–Whitney U p-value; null when not tested.'
    }),
    costRatio: schemas/* number */.aig().nonnegative().nullable().meta({
        description: 'costPerInvocation current / baseline; null when either is missing.'
    }),
    verdict: schemas/* enum */.k5n(['regression', 'improvement', 'unchanged', 'insufficient-data'])
}).meta({ id: 'TierComparison', description: 'One (function, memory size) pair compared.' }));
const unmatchedMemorySize = exactly()(fields({
    functionName: schemas/* string */.YjP().meta({ description: 'The display name on that side.' }),
    memorySize: megabytes(),
    side: schemas/* enum */.k5n(['current', 'baseline'])
}).meta({ description: 'A memory size measured on one side only.' }));
/** The comparison of a run with its baseline. */
const comparisonSchema = exactly()(fields({
    baselineStartedAt: schemas/* string */.YjP().meta({ description: "The baseline run's startedAt." }),
    live: schemas/* boolean */.zMY()
        .optional()
        .meta({
        description: `True when the baseline functions were measured in this run, interleaved with the current ones (baseline-functions); absent for a baseline file. ${LATER}.`
    }),
    thresholdPct: schemas/* number */.aig()
        .positive()
        .meta({ description: 'The regression-threshold input, percent.' }),
    alpha: schemas/* number */.aig().positive().meta({ description: 'Significance level of the two-sided test.' }),
    minSamples: count('Fewest warm samples a side needs to be tested.'),
    tiers: schemas/* array */.YOg(tierComparison),
    regressions: count('Pairs whose verdict is regression.'),
    improvements: count('Pairs whose verdict is improvement.'),
    unmatched: fields({
        functions: schemas/* array */.YOg(schemas/* string */.YjP()).meta({
            description: 'Current display names with no baseline function.'
        }),
        baselineFunctions: schemas/* array */.YOg(schemas/* string */.YjP()).meta({
            description: 'Baseline display names with no current function.'
        }),
        memorySizes: schemas/* array */.YOg(unmatchedMemorySize)
    }).meta({ description: 'What could not be paired.' })
}).meta({ description: 'The comparison of this run with its baseline.' }));

// EXTERNAL MODULE: ./src/model/results.ts
var results = __webpack_require__(13111);
;// CONCATENATED MODULE: ./src/model/results-schema.ts
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




const ms = () => schemas/* number */.aig().nonnegative();
const summary = exactly()(fields({
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
    description: 'Summary statistics of a sample, in ms. Percentiles interpolate linearly (R type 7).'
}));
const usd = (description) => schemas/* number */.aig().nonnegative().nullable().meta({ description });
const payloadResult = exactly()(fields({
    invocations: count("The payload's share of the tier's invocations (largest remainder)."),
    errors: count('Its responses with X-Amz-Function-Error.'),
    coldStarts: count('Its invocations whose REPORT has Init Duration or Restore Duration.'),
    billedDuration: summary.nullable().meta({
        description: 'Billed duration of its warm, successful invocations; null when there was none.'
    }),
    costPerInvocation: usd('USD, from its warm mean billed duration, request price included; null without a warm sample.')
}).meta({ id: 'PayloadTier', description: "One payload's invocations at one memory size." }));
const forcedColdStarts = exactly()(fields({
    invocations: count('Invocations made to force a cold start each.'),
    coldStarts: count('Those whose REPORT has Init Duration or Restore Duration.'),
    errors: count('Those answered with X-Amz-Function-Error.'),
    unmeasured: count('Those whose REPORT was found neither in the log tail nor in CloudWatch Logs.')
}).meta({ id: 'ForcedColdStarts', description: 'The forced cold starts of one memory size.' }));
const tierPrecision = exactly()(fields({
    halfWidthPct: schemas/* number */.aig().nonnegative().nullable().meta({
        description: "The 95 % confidence interval's half-width, percent of the mean warm billed duration, over every warm sample; null with fewer than two."
    }),
    reached: schemas/* boolean */.zMY().meta({ description: 'True when within settings.targetPrecision.' })
}).meta({ id: 'TierPrecision', description: "Adaptive sampling's outcome at one memory size." }));
const tier = exactly()(fields({
    memorySize: megabytes(),
    invocations: count('Measured invocations: exactly what was asked, cold ones included.'),
    errors: count('Responses with X-Amz-Function-Error (errors, timeouts, crashes).'),
    errorTypes: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* int */.Whr().nonnegative())
        .meta({ description: 'Count of each error type, e.g. {"Sandbox.Timedout": 2}.' }),
    unmeasured: count('Invocations whose REPORT was found neither in the log tail nor in CloudWatch Logs.'),
    coldStarts: count('Invocations whose REPORT has Init Duration or Restore Duration.'),
    billedDuration: summary.nullable().meta({
        description: 'Billed duration of the warm, successful invocations; null when there was none.'
    }),
    duration: summary.nullable().meta({
        description: 'Duration of the warm, successful invocations; null when there was none.'
    }),
    initDuration: summary.nullable().meta({
        description: "The cold starts' Init Duration (or Restore Duration), measured and forced (cold-starts); null when there was none."
    }),
    coldBilledDuration: summary
        .nullable()
        .default(null)
        .meta({
        description: `The cold starts' Billed Duration (it includes INIT), measured and forced; null when there was none. ${LATER} (read as null).`
    }),
    maxMemoryUsed: schemas/* number */.aig().nonnegative().nullable().meta({
        description: 'MB, the largest seen; null when nothing was measured.'
    }),
    costPerInvocation: usd('USD, from the warm mean billed duration, request price included; null without a warm sample.'),
    coldStartCostPerInvocation: usd(`USD, mean cost of a cold invocation (its Billed Duration includes INIT); null without a cold start. ${LATER} (read as null).`).default(null),
    forcedColdStarts: forcedColdStarts.optional().meta({
        description: `cold-starts: the invocations made in addition to \`invocations\`, each on a fresh execution environment; of the tier's figures only the cold starts' (initDuration, coldBilledDuration, coldStartCostPerInvocation) and those over every REPORT of the size (maxMemoryUsed, reportsFromLogs) include them. ${LATER}.`
    }),
    precision: tierPrecision.optional().meta({
        description: `With target-precision: how precisely the warm mean is known, and whether it reached the target (then invocations may be fewer than asked). ${LATER}.`
    }),
    throttles: schemas/* int */.Whr()
        .nonnegative()
        .default(0)
        .meta({
        description: `Throttled attempts (429) that were retried; never counted as invocations. ${LATER} (read as 0).`
    }),
    reportsFromLogs: schemas/* int */.Whr()
        .nonnegative()
        .default(0)
        .meta({
        description: `REPORT records read from CloudWatch Logs because the log tail lacked them. ${LATER} (read as 0).`
    }),
    samples: schemas/* array */.YOg(ms())
        .default(() => [])
        .meta({
        description: 'Billed ms of each warm successful invocation, in completion order. Empty in the `results` output (outputs have size limits); may be absent (read as []).'
    }),
    byPayload: schemas/* record */.g1P(schemas/* string */.YjP(), payloadResult)
        .optional()
        .meta({
        description: `With payloads-file: each payload's own figures, by name; the tier's figures stay over all payloads (the weighted mix is the workload). Absent without a payload set. ${LATER}.`
    })
}).meta({ id: 'Tier', description: 'What was measured for one function at one memory size.' }));
const size = (description) => megabytes(description).nullable();
const recommendation = exactly()(fields({
    cost: size('MB: lowest cost per invocation; null when no size qualifies.'),
    speed: size('MB: lowest mean warm billed duration; null when no size qualifies.'),
    balanced: size('MB: best equal-weight score of normalised cost and duration; null when no size qualifies.')
}).meta({
    description: 'Recommended memory sizes, among the sizes with no errors and warm samples.'
}));
const functionResult = exactly()(fields({
    functionArn: schemas/* string */.YjP().meta({ description: 'Unqualified ARN: functions are keyed by it.' }),
    functionName: schemas/* string */.YjP(),
    displayName: schemas/* string */.YjP()
        .optional()
        .meta({
        description: `Unique display name: the name, with region (and account) only where two would look the same. ${LATER} (read as functionName).`
    }),
    region: schemas/* string */.YjP(),
    architecture: schemas/* enum */.k5n(['x86_64', 'arm64']),
    // A function that could not be read has no size: 0, as the action writes it.
    originalMemorySize: schemas/* int */.Whr().nonnegative().meta({
        description: 'MB, as found before the benchmark, and restored after it; 0 when the function could not be read.'
    }),
    status: schemas/* enum */.k5n(['ok', 'failed']).meta({
        description: '`failed` only when the benchmark could not be carried out (an AWS API error).'
    }),
    error: schemas/* string */.YjP().nullable().meta({ description: 'Why it failed; null when ok.' }),
    tiers: schemas/* array */.YOg(tier).meta({ description: 'One per memory size measured.' }),
    recommendation,
    liveBaseline: schemas/* string */.YjP()
        .optional()
        .meta({
        description: `A current function's live baseline (baseline-functions): the baseline's functionArn, measured beside it in the same run. ${LATER}.`
    }),
    liveBaselineOf: schemas/* string */.YjP()
        .optional()
        .meta({
        description: `A live baseline's current function: its functionArn. ${LATER}.`
    })
})
    .meta({ id: 'Function', description: 'One benchmarked function.' })
    // The names a file without display names showed were the function names.
    .transform((f) => ({ ...f, displayName: f.displayName ?? f.functionName })));
const settings = exactly()(fields({
    memorySizes: schemas/* array */.YOg(megabytes())
        .meta({ description: 'The memory-sizes input, MB, ascending.' }),
    invocations: schemas/* int */.Whr().positive().meta({ description: 'The invocations input.' }),
    concurrency: schemas/* int */.Whr().positive().meta({ description: 'The concurrency input.' }),
    isolation: schemas/* enum */.k5n(['latest', 'versions'])
        .default('latest')
        .meta({ description: `The isolation input. ${LATER} (read as latest, the only mode then).` }),
    monthlyInvocations: schemas/* int */.Whr()
        .positive()
        .nullable()
        .default(null)
        .meta({
        description: `The monthly-invocations input; null when not given. ${LATER} (read as null).`
    }),
    coldStarts: schemas/* int */.Whr()
        .nonnegative()
        .default(0)
        .meta({
        description: `The cold-starts input: forced cold starts per size (0: none). ${LATER} (read as 0).`
    }),
    targetPrecision: schemas/* number */.aig()
        .positive()
        .max(50)
        .nullable()
        .default(null)
        .meta({
        description: `The target-precision input, percent: each size stopped once its warm mean's 95 % interval was within ± that much; null when off. ${LATER} (read as null).`
    }),
    minInvocations: schemas/* int */.Whr()
        .positive()
        .nullable()
        .default(null)
        .meta({
        description: `The fewest invocations a size took before it could stop (min-invocations); null when adaptive sampling was off. ${LATER} (read as null).`
    })
}).meta({ description: "The run's settings, as the inputs gave them." }));
const mergedFile = exactly()(fields({
    path: schemas/* string */.YjP().meta({
        description: 'As the merge job found it: relative to its workspace when inside it, else absolute.'
    }),
    runUrl: schemas/* string */.YjP().optional().meta({ description: "That run's link, when it had one." }),
    startedAt: schemas/* string */.YjP().meta({ description: 'ISO 8601, UTC.' }),
    finishedAt: schemas/* string */.YjP().meta({ description: 'ISO 8601, UTC.' }),
    settings,
    functions: schemas/* array */.YOg(schemas/* string */.YjP()).meta({ description: "Its functions' ARNs, in its order." }),
    cancelled: schemas/* boolean */.zMY().optional().meta({
        description: 'True when that run was cancelled and its results are partial.'
    })
}).meta({
    id: 'MergedFile',
    description: "One results file of a merged run, as it was before the merge. Its settings say what its functions were measured with where the files' settings differ."
}));
/** The whole results file (schemaVersion 1), as `readResults` validates it. */
const resultsSchema = exactly()(fields({
    schemaVersion: schemas/* literal */.euz(results/* SCHEMA_VERSION */.f),
    startedAt: schemas/* string */.YjP().meta({ description: 'ISO 8601, UTC.' }),
    finishedAt: schemas/* string */.YjP().meta({ description: 'ISO 8601, UTC.' }),
    settings,
    functions: schemas/* array */.YOg(functionResult),
    runUrl: schemas/* string */.YjP().optional().meta({
        description: 'Link to the workflow run, when run on GitHub Actions.'
    }),
    cancelled: schemas/* boolean */.zMY().optional().meta({
        description: 'True when the run was cancelled and these results are partial.'
    }),
    comparison: comparisonSchema.optional().meta({
        description: 'The comparison with the baseline results file, when one was given and read.'
    }),
    merged: fields({ files: schemas/* array */.YOg(mergedFile) })
        .optional()
        .meta({
        description: `merge-results: the results files these results were merged from (each a job of a matrix), in the order their functions are listed; absent for a run that benchmarked itself. ${LATER}.`
    })
}).meta({
    title: 'Lambda memory benchmark results',
    description: 'The results file of the Lambda memory benchmark action, schemaVersion 1. A contract: fields are added, never renamed. Fields not in `required` are written only when they apply (runUrl, cancelled, comparison, merged) or were added after the first version and may be absent from older files; a reader fills in their `default`. Objects may carry fields not listed here (added by a newer version): ignore them.'
}));

// EXTERNAL MODULE: ./src/results/describe-value.ts
var describe_value = __webpack_require__(80485);
;// CONCATENATED MODULE: ./src/results/validate.ts
/**
 * Validation of a parsed results file against the schema, and the message naming the first bad
 * field. Loaded only when a results file is read (a baseline): zod and the schema cost the
 * action's start-up time otherwise.
 */



/** The Results (later fields filled in), or why the value is not a results file. */
function validateResults(parsed) {
    const result = resultsSchema.safeParse(parsed);
    if (result.success)
        return { ok: true, results: result.data };
    return { ok: false, reason: describeIssues(result.error.issues, parsed) };
}
/** The first issue, readable; and how many more there are, without listing them. */
function describeIssues(issues, input) {
    const [first] = issues;
    const more = issues.length - 1;
    return (describeIssue(first, input) +
        (more > 0 ? ` (and ${more} more problem${more > 1 ? 's' : ''})` : ''));
}
function describeIssue(issue, input) {
    const path = readablePath(issue.path);
    const value = valueAt(input, issue.path);
    const node = schemaAt(resultsSchema, issue.path);
    const expected = node === undefined ? 'a valid value' : describeSchema(node);
    if (value === undefined)
        return `${path}: missing (expected ${expected})`;
    const got = `got ${(0,describe_value/* describeValue */.b)(value)}`;
    if (issue.code === 'too_small' || issue.code === 'too_big') {
        const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
        if (issue.origin === 'array') {
            const most = issue.code === 'too_small' ? 'at least' : 'at most';
            return `${path}: expected ${most} ${String(bound)} items, ${got}`;
        }
        const sign = issue.code === 'too_small' ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<';
        const base = node === undefined ? 'a value' : describeSchema(withoutNull(node));
        return `${path}: expected ${base} ${sign} ${String(bound)}, ${got}`;
    }
    if (issue.code === 'invalid_type' || issue.code === 'invalid_value') {
        return `${path}: expected ${expected}, ${got}`;
    }
    return `${path}: ${issue.message}, ${got}`;
}
/** `functions[0].tiers[2].billedDuration.mean`; odd keys quoted (`errorTypes["Task timed out"]`). */
function readablePath(path) {
    if (path.length === 0)
        return '(the top level)';
    return path
        .map((key, i) => {
        if (typeof key === 'number')
            return `[${key}]`;
        const name = String(key);
        if (/^[A-Za-z_$][\w$]*$/.test(name))
            return i === 0 ? name : `.${name}`;
        return `[${JSON.stringify((0,describe_value/* shorten */.m)(name))}]`;
    })
        .join('');
}
function valueAt(input, path) {
    let value = input;
    for (const key of path) {
        if (typeof value !== 'object' || value === null)
            return undefined;
        value = value[key];
    }
    return value;
}
/** The schema that judged the value at `path`. */
function schemaAt(schema, path) {
    let node = schema;
    for (const key of path) {
        node = node === undefined ? undefined : child(unwrap(node), key);
    }
    return node;
}
/** The schema past its optional, default, null and transform wrappers: where its fields are. */
function unwrap(schema) {
    if (schema instanceof schemas/* ZodOptional */.IiU ||
        schema instanceof schemas/* ZodDefault */.XiL ||
        schema instanceof schemas/* ZodNullable */.l1C) {
        return unwrap(schema.unwrap());
    }
    if (schema instanceof schemas/* ZodPipe */.utH)
        return unwrap(schema.in);
    return schema;
}
function withoutNull(schema) {
    const inner = schema instanceof schemas/* ZodDefault */.XiL ? schema.unwrap() : schema;
    return inner instanceof schemas/* ZodNullable */.l1C ? inner.unwrap() : inner;
}
function child(schema, key) {
    if (schema instanceof schemas/* ZodObject */.bvH)
        return schema.shape[String(key)];
    if (schema instanceof schemas/* ZodArray */.naA)
        return schema.element;
    if (schema instanceof schemas/* ZodRecord */.b8S)
        return schema.valueType;
    if (schema instanceof schemas/* ZodTuple */.y0Q)
        return schema.def.items[Number(key)];
    return undefined;
}
/** "a whole number or null", "one of "ok", "failed"": what a schema accepts, in words. */
function describeSchema(schema) {
    if (schema instanceof schemas/* ZodNullable */.l1C)
        return `${describeSchema(schema.unwrap())} or null`;
    if (schema instanceof schemas/* ZodOptional */.IiU || schema instanceof schemas/* ZodDefault */.XiL) {
        return describeSchema(schema.unwrap());
    }
    if (schema instanceof schemas/* ZodPipe */.utH)
        return describeSchema(schema.in);
    if (schema instanceof schemas/* ZodNumber */.rSt)
        return schema.isInt ? 'a whole number' : 'a number';
    if (schema instanceof schemas/* ZodString */.NDH)
        return 'a string';
    if (schema instanceof schemas/* ZodBoolean */.WFD)
        return 'true or false';
    if (schema instanceof schemas/* ZodEnum */.Vb4)
        return `one of ${schema.options.map((o) => JSON.stringify(o)).join(', ')}`;
    if (schema instanceof schemas/* ZodLiteral */.DN5)
        return [...schema.values].map((v) => JSON.stringify(v)).join(' or ');
    if (schema instanceof schemas/* ZodTuple */.y0Q)
        return `an array of ${schema.def.items.length} items`;
    if (schema instanceof schemas/* ZodArray */.naA)
        return 'an array';
    if (schema instanceof schemas/* ZodObject */.bvH || schema instanceof schemas/* ZodRecord */.b8S)
        return 'an object';
    return 'a valid value';
}


/***/ })

};

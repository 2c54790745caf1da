/**
 * `npm run demo`: the article's experiment ("AWS Lambda Function Performance: parallelism in
 * python with boto3 and aioboto3") on any machine, with no AWS account.
 *
 * Starts the wire emulator with the article's three implementations modelled (pinned to the
 * article's mean durations where they are known: test/emulator/scenarios/article.ts) and a
 * GitHub stand-in, runs the built action (dist/) as the Actions runner would on a pull request
 * at the article's sizes and count, prints the markdown and writes it, the results file and
 * the comment as posted to demo-output/. test/e2e/demo.test.ts checks its figures against the
 * article's.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  ARTICLE_INPUTS,
  ARTICLE_TABLE,
  articleScenario
} from '../test/emulator/scenarios/article.js'
import { startEmulator } from '../test/emulator/index.js'
import { startGitHub } from '../test/github/index.js'
import { REPO_ROOT, runAction } from '../test/runner.js'

const OUT = join(REPO_ROOT, 'demo-output')

/** Reported durations stay realistic; the wall clock runs 50× faster than Lambda would. */
const TIME_SCALE = 0.02

async function main(): Promise<void> {
  const emulator = await startEmulator(articleScenario({ timeScale: TIME_SCALE }))
  const github = await startGitHub()
  try {
    await mkdir(OUT, { recursive: true })
    const started = Date.now()
    const run = await runAction({
      inputs: {
        ...ARTICLE_INPUTS,
        'monthly-invocations': '5000000',
        'github-token': github.tokens.actions
      },
      env: { AWS_ENDPOINT_URL: emulator.url, GITHUB_API_URL: github.url },
      event: { name: 'pull_request', prNumber: 1 },
      cwd: OUT,
      timeoutMs: 120_000
    })
    process.stderr.write(run.stderr)
    const report = run.outputs.report ?? ''
    await writeFile(join(OUT, 'report.md'), report)
    const comment = github.comments(1).at(-1)?.body ?? ''
    await writeFile(join(OUT, 'comment.md'), comment)
    const resultsFile = join(OUT, run.outputs['results-file'] ?? 'lambda-benchmark-results.json')
    const results = JSON.parse(await readFile(resultsFile, 'utf8')) as unknown
    await writeFile(join(OUT, 'results.json'), JSON.stringify(results, null, 2) + '\n')

    console.log(report)
    console.log('\n---')
    const pinned = Object.keys(ARTICLE_TABLE).map((size) => `${size} MB`)
    console.log(
      "These figures come from a LOCAL SIMULATION (test/emulator/, the article's three " +
        `implementations modelled), not from AWS: pinned to the article's means at ${pinned.join(', ')}, ` +
        "the emulator's CPU-share model at the other sizes (test/emulator/scenarios/article.ts)."
    )
    console.log(
      `Exit code ${run.exitCode}; ${emulator.journal.invocations.length} invocations; ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s. ` +
        `Written to ${OUT}/: report.md, comment.md (as posted on the PR), results.json.`
    )
    const drifted = emulator.journal.driftedFunctions()
    if (drifted.length > 0) throw new Error(`functions left changed: ${drifted.join(', ')}`)
    if (run.exitCode !== 0) process.exitCode = 1
  } finally {
    await github.stop()
    await emulator.stop()
  }
}

await main()

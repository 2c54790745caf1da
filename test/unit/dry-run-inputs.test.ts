/** `dry-run` on the parser: a boolean, false by default, never with merge-results. */
import { inputsParser } from '../fixtures/inputs.js'

const { parse, problems } = inputsParser({ functions: 'orders' }, { AWS_REGION: 'eu-west-1' })

describe('dry-run', () => {
  it('is off by default: the plan has no dryRun', () => {
    expect(parse({}).dryRun).toBeUndefined()
    expect(parse({ 'dry-run': 'false' }).dryRun).toBeUndefined()
  })

  it.each(['true', 'True', 'TRUE'])('%s turns it on', (value) => {
    expect(parse({ 'dry-run': value }).dryRun).toBe(true)
  })

  it('is a boolean', () => {
    expect(problems({ 'dry-run': 'yes' })).toEqual([
      'dry-run: "yes" is not a boolean (true | True | TRUE | false | False | FALSE)'
    ])
  })

  it('does not go with merge-results, and says so naming both', () => {
    expect(
      problems({ functions: '', 'merge-results': 'shards/*.json', 'dry-run': 'true' })
    ).toEqual([
      'dry-run and merge-results: give one, dry-run to plan a benchmark of functions without running it, or merge-results to report results files measured by other jobs'
    ])
  })

  it('goes with everything a benchmark takes: live baselines, a baseline, versions', () => {
    expect(
      parse({
        'dry-run': 'true',
        isolation: 'versions',
        'baseline-functions': 'orders=orders-main'
      })
    ).toMatchObject({ dryRun: true, isolation: 'versions', liveBaselines: [{}] })
    expect(parse({ 'dry-run': 'true', baseline: 'main.json' }).baseline?.source).toEqual({
      kind: 'file',
      path: 'main.json'
    })
  })
})

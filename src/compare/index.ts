/** Baseline comparison (pure): pairs, significance, intervals, verdicts. */
export {
  classify,
  compareResults,
  DEFAULT_ALPHA,
  MIN_SAMPLES,
  type CompareOptions,
  type Comparison,
  type TierComparison,
  type UnmatchedMemorySize,
  type Verdict
} from './comparison.js'
export {
  baselineDate,
  compareVerdictLine,
  describeTier,
  formatP,
  formatPercentChange,
  regressionMessages
} from './verdict.js'
export { mannWhitneyU, type MannWhitneyResult } from './mann-whitney.js'
export { bootstrapRatioCi, type BootstrapOptions } from './bootstrap.js'

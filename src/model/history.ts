/**
 * The base branch's earlier runs, as their results artifacts gave them (`history`): read by the
 * report's trend, found by artifacts/.
 */
import type { Results } from './results.js'

/** One earlier run of the base branch. */
export interface HistoryRun {
  results: Results
  /** When its artifact was created (ISO 8601): the order of the trend. */
  createdAt: string
  /** The head commit of the workflow run that uploaded it, when GitHub says. */
  headSha?: string
}

/**
 * The article "AWS Lambda Function Performance: parallelism in python with boto3 and
 * aioboto3": three implementations of one job (many S3/API calls), benchmarked across memory.
 *
 * - `demo-serial`: calls one after another; almost all wall time is network waiting, so
 *   memory barely helps (≈1.4 s at 128 MB, ≈1.03 s from 1 GB up).
 * - `demo-threads`: a thread pool overlaps the waits, but boto3's signing and parsing are CPU
 *   work under the GIL (one thread's worth of CPU), so it gains until ~1.5–1.8 GB (1 vCPU) and
 *   then flattens (≈1.4 s at 128 MB, ≈210 ms from 2 GB).
 * - `demo-async`: aioboto3 overlaps the waits with less CPU per call (≈1.1 s → ≈180 ms).
 */
import type { Scenario } from '../types.js'

/** The article's three functions, 5 % noise. */
export function articleScenario(options: { timeScale?: number; seed?: number } = {}): Scenario {
  return {
    timeScale: options.timeScale ?? 0,
    seed: options.seed ?? 42,
    functions: [
      {
        name: 'demo-serial',
        timeout: 30,
        model: { cpuMs: 30, ioMs: 1000, initMs: 80, noisePct: 5, memoryUsedMB: 78, logBytes: 200 }
      },
      {
        name: 'demo-threads',
        timeout: 30,
        model: { cpuMs: 90, ioMs: 120, initMs: 80, noisePct: 5, memoryUsedMB: 84, logBytes: 200 }
      },
      {
        name: 'demo-async',
        timeout: 30,
        model: { cpuMs: 70, ioMs: 110, initMs: 95, noisePct: 5, memoryUsedMB: 91, logBytes: 200 }
      }
    ]
  }
}

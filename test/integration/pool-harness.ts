/** What the invocation pool's integration tests hand runTiers: a function by name, the options. */
import type { LambdaClient } from '@aws-sdk/client-lambda'
import type { runTiers } from '../../src/bench/invoke-pool.js'
import { systemClock } from '../../src/core/clock.js'

/** A function as the pool invokes it, by name, throttles not observed. */
export const poolFunction = (lambda: LambdaClient, name: string) => ({
  lambda,
  observeThrottles: () => undefined,
  identifier: name,
  functionName: name
})

type PoolOptions = Parameters<typeof runTiers>[0]

/** The pool's options as a tier runs them: one worker, one empty payload, unless given. */
export const poolOptions = (over: Partial<PoolOptions>): PoolOptions => ({
  concurrency: 1,
  payloads: [{ weight: 1, body: new Uint8Array() }],
  signal: new AbortController().signal,
  stallDeadlineMs: 300_000,
  clock: systemClock,
  warn: () => undefined,
  ...over
})

/** Scenario types: what a test or the CLI hands the emulator. */
import type { SetupFailure } from './api-error.js'

/** How long one invocation takes, as a function of the CPU share its memory size buys. */
export interface PerformanceModel {
  /** CPU work in ms at exactly 1 vCPU (total across threads); 0 with `meansBySize` alone. */
  cpuMs: number
  /** Default 1; work splits across threads. */
  threads?: number
  /** Wall time not helped by CPU (network waits), default 0. */
  ioMs?: number
  /**
   * Mean Duration in ms measured at memory sizes (keys: MB, integers 128–10240), e.g. a
   * published table `{ 256: 2000, 1024: 600 }`: at a size listed, an invocation's Duration
   * before noise, slowdown, drift, errors and timeouts is that figure (so warm invocations
   * average it). At any other size the cpuMs/threads/ioMs curve gives the shape, rescaled to
   * pass through the figures: by the ratio figure ÷ curve, interpolated linearly in memory
   * between the two listed sizes around it, and held at the nearest listed size's ratio below
   * the smallest or above the largest. With cpuMs and ioMs both 0 (no curve) the figures
   * themselves are interpolated linearly and held flat beyond the ends. No size is refused
   * (Lambda accepts any from 128 to 10,240 MB); Init Duration still comes from initMs.
   */
  meansBySize?: Record<number, number>
  /** Init work at 1 vCPU for cold starts (scaled by CPU share, single-threaded), default 150. */
  initMs?: number
  /** Multiplicative noise, standard deviation in percent, default 0. */
  noisePct?: number
  /** 0..1: fraction of invocations that throw (X-Amz-Function-Error: Unhandled). */
  errorRate?: number
  /** Bytes of application log lines written per invocation, default ~100. */
  logBytes?: number
  /** Max Memory Used reported (capped at the memory size), default 60. */
  memoryUsedMB?: number
  /** Multiplier on the whole duration, default 1 (tests change it at run time). */
  slowdown?: number
  /**
   * The name of a field of the event: when the event is a JSON object whose field of that name
   * is a positive number, the duration is multiplied by it (a payload that costs more to
   * process); any other event is run at factor 1.
   */
  payloadFactor?: string
}

/** Faults injected per function; replaceable at run time. */
export interface FaultSpec {
  /** Operation names (e.g. 'UpdateFunctionConfiguration', 'FilterLogEvents') answered with AccessDenied. */
  accessDenied?: string[]
  updateOutcome?: 'Successful' | 'InProgressForever' | 'Failed'
  /**
   * The next `count` calls of that operation → 500 ServiceException; the first `after` calls
   * (default 0) still succeed, so a fault can start in the middle of a run.
   */
  serviceErrors?: { operation: string; count: number; after?: number }
  /**
   * The next `count` calls of that operation: the socket is destroyed without an answer; with
   * `afterApplying` the call takes effect first (control-plane operations only).
   */
  dropConnection?: { operation: string; count: number; afterApplying?: boolean }
  /**
   * The next `count` calls of that operation are read and never answered: the socket stays open
   * without a byte until the client gives up or the emulator stops. The first `after` calls
   * (default 0) are answered as usual. With `afterHeaders` a 200 head and the start of a body
   * are sent, and the rest never comes.
   */
  hang?: { operation: string; count: number; after?: number; afterHeaders?: boolean }
  /** Invocations at these memory sizes run until the function's Timeout. */
  timeoutAtMemory?: number[]
  /** Tails carry START/app lines but no REPORT (the log group still gets it). */
  tailWithoutReport?: boolean
  /** The errorType of the model's function errors (errorRate), default 'RuntimeError'. */
  errorType?: string
  /** The errorMessage of the model's function errors, default 'simulated failure'. */
  errorMessage?: string
  /** Every Invoke is refused with this error of the function's own setup (api-error.ts). */
  setupFailure?: SetupFailure
  /** The StateReason of a Pending or Failed function (text from AWS that reaches reports). */
  stateReason?: string
  /**
   * The environment's values cannot be decrypted (a customer managed KMS key the caller may not
   * use): GetFunction shows `Environment: { Error: { ErrorCode, Message } }` and no Variables.
   */
  environmentUnreadable?: boolean
}

/** A Lambda Managed Instances capacity provider, as FunctionSpec.capacityProvider. */
interface CapacityProviderSpec {
  /** Default `arn:aws:lambda:<region>:<account>:capacity-provider:<function>-capacity`. */
  arn?: string
  /** PerExecutionEnvironmentMaxConcurrency, shown only when set. */
  perExecutionEnvironmentMaxConcurrency?: number
  /** ExecutionEnvironmentMemoryGiBPerVCpu, shown only when set. */
  memoryGiBPerVCpu?: number
}

/** One function of a scenario. */
export interface FunctionSpec {
  name: string
  /** Default 128. */
  memorySize?: number
  architecture?: 'x86_64' | 'arm64'
  /** Seconds, default 3. */
  timeout?: number
  /** Default 'python3.12'. */
  runtime?: string
  logFormat?: 'Text' | 'JSON'
  /** Default /aws/lambda/<name>. */
  logGroup?: string
  /** Environment variables; a change to them retires every environment, as any update does. */
  environment?: Record<string, string>
  /** Default ''. */
  description?: string
  /** JSON format only; WARN hides platform.* records everywhere. */
  systemLogLevel?: 'DEBUG' | 'INFO' | 'WARN'
  reservedConcurrency?: number
  /** Wall ms an update stays InProgress (default 1000), ±20 % jitter; not scaled. */
  updateDelayMs?: number
  /** Initial State, default Active. */
  state?: 'Active' | 'Pending' | 'Failed'
  /** Pending → Active after this many wall ms. */
  pendingMs?: number
  /**
   * SnapStart on published versions (`SnapStart.ApplyOn: PublishedVersions`): the first
   * invocation on a fresh environment of a published version is a restore — its REPORT has
   * Restore Duration and Billed Restore Duration instead of Init Duration, and its Billed
   * Duration includes the billed restore (ceil(Duration) + Billed Restore Duration, as in a real
   * record: 306.34 ms, 303 ms, 610 ms). `$LATEST` is not snapshotted: its cold starts are
   * ordinary INITs. GetFunction shows `OptimizationStatus: On` on a version, `Off` on `$LATEST`.
   */
  snapStart?: boolean
  /**
   * With `snapStart`: how long a newly published version stays `Pending` while its snapshot is
   * made (State `Pending`, StateReasonCode `Creating`); invoking it meanwhile is a 409, as on
   * AWS. Default 0 (Active at once).
   */
  snapshotMs?: number
  /**
   * Lambda Managed Instances: GetFunction's Configuration carries `CapacityProviderConfig:
   * { LambdaManagedInstancesCapacityProviderConfig: {…} }` as the real API returns it; an
   * unqualified Invoke runs `$LATEST.PUBLISHED` (the newest published version, or `$LATEST`'s
   * configuration while none is published: X-Amz-Executed-Version, the START record and the
   * journal say `$LATEST.PUBLISHED`); the log format is JSON (Text is refused at start) and
   * `platform.report` carries `durationMs` and spans but no billed duration or memory.
   */
  capacityProvider?: CapacityProviderSpec
  model: PerformanceModel
  faults?: FaultSpec
}

/**
 * Lambda's speed drifting with wall time: from the moment the drift starts, every invocation's
 * Duration (and so its Billed Duration, and the wall time it sleeps at a `timeScale`) is
 * multiplied by 1 + percentPerSecond / 100 × seconds since then, taken when the invocation
 * starts (`InvocationRecord.startedAt`). Init and Restore Duration are not drifted.
 */
export interface TimeDrift {
  /** Percent added to every duration per second of wall time, e.g. 10; 0 = no drift. */
  percentPerSecond: number
}

/** A drift in force: the rate, and when it started (epoch ms, the emulator's clock). */
export interface ActiveTimeDrift extends TimeDrift {
  since: number
}

/** Everything the emulator serves. */
export interface Scenario {
  /** Default us-east-1. */
  region?: string
  /** Default 123456789012. */
  accountId?: string
  /** Wall ms slept per reported ms; 0 = answer at once (reported durations unchanged). Default 0. */
  timeScale?: number
  /** Seed for deterministic noise. */
  seed?: number
  /** Wall ms before a log event becomes visible to FilterLogEvents/Insights, default 0. */
  logDeliveryDelayMs?: number
  /** FilterLogEvents page size (default 50). */
  pageSize?: number
  /** A drift that starts with the emulator; `setTimeDrift` starts, restarts or ends one later. */
  timeDrift?: TimeDrift
  functions: FunctionSpec[]
}

/** One emulated Lambda function: configuration, update lifecycle, versions, aliases. */
import { randomUUID, createHash } from 'node:crypto'
import type { FaultSpec, FunctionSpec, PerformanceModel } from '../types.js'
import { hash, seededRandom } from '../random.js'

/** The settable part of a configuration (what UpdateFunctionConfiguration changes). */
export interface Settings {
  MemorySize: number
  Timeout: number
  Description: string
  Handler: string
  Runtime: string
  Role: string
  Architectures: string[]
  EphemeralStorage: { Size: number }
  Environment?: { Variables: Record<string, string> }
  LoggingConfig: {
    LogFormat: 'Text' | 'JSON'
    LogGroup: string
    ApplicationLogLevel?: string
    SystemLogLevel?: string
  }
  SnapStart: { ApplyOn: string; OptimizationStatus: string }
  TracingConfig: { Mode: string }
}

/** A published version. */
export interface VersionRecord {
  version: string
  settings: Settings
  revisionId: string
  lastModified: string
  description: string
  fingerprint: string
  /** SnapStart: epoch ms until which the version is Pending (its snapshot being made). */
  pendingUntil?: number
}

/** An alias. */
export interface AliasRecord {
  Name: string
  FunctionVersion: string
  Description: string
  RevisionId: string
  RoutingConfig?: unknown
}

/** `2024-02-09T08:42:44.080+0000`, the format of LastModified. */
function lastModifiedNow(): string {
  return new Date().toISOString().replace('Z', '+0000')
}

const CODE_SHA = 'X8Yb9sBJ5Ht2mnu0tqJ6uFz9kW+5a8JvO3mQG0bqYtw='

/** Fields compared to decide whether PublishVersion has anything new to publish. */
function fingerprint(s: Settings): string {
  return createHash('sha1')
    .update(JSON.stringify([CODE_SHA, s]))
    .digest('base64')
}

/** State and behaviour of one function. */
export class LambdaFunction {
  readonly name: string
  readonly arn: string
  readonly spec: FunctionSpec
  /** What GetFunction shows for $LATEST (the new values while an update is InProgress). */
  settings: Settings
  /** What $LATEST invocations run on: the old values until the update completes. */
  active: Settings
  /** Bumped whenever `active` changes: execution environments are keyed by it. */
  activeGeneration = 0
  revisionId = randomUUID()
  lastModified = lastModifiedNow()
  state: 'Active' | 'Pending' | 'Failed'
  /** How long a published version's SnapStart snapshot takes (0: none, or at once). */
  private readonly snapshotMs: number
  private pendingUntil?: number
  lastUpdateStatus: 'Successful' | 'InProgress' | 'Failed' = 'Successful'
  lastUpdateStatusReason?: string
  lastUpdateStatusReasonCode?: string
  private update?: { doneAt: number; previous: Settings }
  readonly versions = new Map<string, VersionRecord>()
  private nextVersion = 1
  readonly aliases = new Map<string, AliasRecord>()
  reservedConcurrency?: number
  model: PerformanceModel
  faults: FaultSpec
  /** Per operation: its calls wait for this to settle before they are handled (Emulator.hold). */
  readonly holds = new Map<string, Promise<unknown>>()
  inFlight = 0
  readonly random: () => number
  readonly codeSha256 = CODE_SHA
  /** GetFunction's CapacityProviderConfig (Lambda Managed Instances), when the spec has one. */
  readonly capacityProviderConfig?: Record<string, unknown>

  constructor(spec: FunctionSpec, region: string, accountId: string, seed: number) {
    this.spec = spec
    this.name = spec.name
    this.arn = `arn:aws:lambda:${region}:${accountId}:function:${spec.name}`
    const provider = spec.capacityProvider
    if (provider && spec.logFormat === 'Text') {
      throw new Error(
        `emulator: ${spec.name}: Lambda Managed Instances log in JSON only; drop logFormat: 'Text'`
      )
    }
    if (provider) {
      this.capacityProviderConfig = {
        LambdaManagedInstancesCapacityProviderConfig: {
          CapacityProviderArn:
            provider.arn ??
            `arn:aws:lambda:${region}:${accountId}:capacity-provider:${spec.name}-capacity`,
          ...(provider.perExecutionEnvironmentMaxConcurrency !== undefined
            ? {
                PerExecutionEnvironmentMaxConcurrency:
                  provider.perExecutionEnvironmentMaxConcurrency
              }
            : {}),
          ...(provider.memoryGiBPerVCpu !== undefined
            ? { ExecutionEnvironmentMemoryGiBPerVCpu: provider.memoryGiBPerVCpu }
            : {})
        }
      }
    }
    const json = spec.logFormat === 'JSON' || provider !== undefined
    this.settings = {
      MemorySize: spec.memorySize ?? 128,
      Timeout: spec.timeout ?? 3,
      Description: spec.description ?? '',
      ...(spec.environment && Object.keys(spec.environment).length > 0
        ? { Environment: { Variables: { ...spec.environment } } }
        : {}),
      Handler: 'lambda_function.lambda_handler',
      Runtime: spec.runtime ?? 'python3.12',
      Role: `arn:aws:iam::${accountId}:role/service-role/${spec.name}-role`,
      Architectures: [spec.architecture ?? 'x86_64'],
      EphemeralStorage: { Size: 512 },
      LoggingConfig: {
        LogFormat: json ? 'JSON' : 'Text',
        LogGroup: spec.logGroup ?? `/aws/lambda/${spec.name}`,
        ...(json
          ? { ApplicationLogLevel: 'INFO', SystemLogLevel: spec.systemLogLevel ?? 'INFO' }
          : {})
      },
      SnapStart: spec.snapStart
        ? { ApplyOn: 'PublishedVersions', OptimizationStatus: 'On' }
        : { ApplyOn: 'None', OptimizationStatus: 'Off' },
      TracingConfig: { Mode: 'PassThrough' }
    }
    this.active = this.settings
    this.state = spec.state ?? 'Active'
    if (this.state === 'Pending' && spec.pendingMs !== undefined) {
      this.pendingUntil = Date.now() + spec.pendingMs
    }
    this.snapshotMs = spec.snapStart ? (spec.snapshotMs ?? 0) : 0
    this.reservedConcurrency = spec.reservedConcurrency
    this.model = { ...spec.model }
    this.faults = structuredClone(spec.faults ?? {})
    this.random = seededRandom((seed ^ hash(spec.name)) >>> 0)
  }

  /** Applies what the passage of wall time has decided (pending → active, update done). */
  settle(now = Date.now()): void {
    if (this.pendingUntil !== undefined && now >= this.pendingUntil) {
      this.pendingUntil = undefined
      this.state = 'Active'
      this.revisionId = randomUUID()
    }
    const u = this.update
    // The outcome is read when the delay is over, so lifting a fault un-sticks an update.
    const outcome = this.faults.updateOutcome ?? 'Successful'
    if (!u || outcome === 'InProgressForever' || now < u.doneAt) return
    this.update = undefined
    if (outcome === 'Failed') {
      this.settings = u.previous
      this.lastUpdateStatus = 'Failed'
      this.lastUpdateStatusReason = 'An internal error occurred while updating the function.'
      this.lastUpdateStatusReasonCode = 'InternalError'
    } else {
      this.active = this.settings
      this.activeGeneration++
      this.lastUpdateStatus = 'Successful'
      this.lastUpdateStatusReason = undefined
      this.lastUpdateStatusReasonCode = undefined
    }
    this.revisionId = randomUUID()
  }

  /** True while an update is InProgress. */
  get updating(): boolean {
    return this.update !== undefined
  }

  /** Starts an update (the caller has validated it); it completes after the jittered delay. */
  startUpdate(next: Settings): void {
    const delay = (this.spec.updateDelayMs ?? 1000) * (0.8 + 0.4 * this.random())
    this.update = {
      doneAt: Date.now() + delay,
      previous: this.settings
    }
    this.settings = next
    this.lastUpdateStatus = 'InProgress'
    this.lastUpdateStatusReason = 'The function is being created.'
    this.lastUpdateStatusReasonCode = 'Creating'
    this.revisionId = randomUUID()
    this.lastModified = lastModifiedNow()
  }

  /** Publishes $LATEST, or returns the last version when nothing changed since (as AWS does). */
  publish(description: string): VersionRecord {
    const fp = fingerprint(this.settings)
    const last = this.versions.get(String(this.nextVersion - 1))
    if (last && last.fingerprint === fp) return last
    const record: VersionRecord = {
      version: String(this.nextVersion++),
      settings: this.settings,
      revisionId: randomUUID(),
      lastModified: lastModifiedNow(),
      description,
      fingerprint: fp,
      ...(this.snapshotMs > 0 ? { pendingUntil: Date.now() + this.snapshotMs } : {})
    }
    this.versions.set(record.version, record)
    return record
  }

  /** A version is Pending while its snapshot is made; otherwise it has the function's state. */
  stateOf(v: VersionRecord | undefined): 'Active' | 'Pending' | 'Failed' {
    if (v?.pendingUntil !== undefined && Date.now() < v.pendingUntil) return 'Pending'
    return this.state
  }

  /** The FunctionConfiguration shape for $LATEST or a version. */
  configuration(version = '$LATEST'): Record<string, unknown> {
    const v = version === '$LATEST' ? undefined : this.versions.get(version)
    const s = v ? v.settings : this.settings
    const config: Record<string, unknown> = {
      FunctionName: this.name,
      FunctionArn: v ? `${this.arn}:${v.version}` : this.arn,
      Runtime: s.Runtime,
      Role: s.Role,
      Handler: s.Handler,
      CodeSize: 2048,
      Description: v ? v.description : s.Description,
      Timeout: s.Timeout,
      MemorySize: s.MemorySize,
      LastModified: v ? v.lastModified : this.lastModified,
      CodeSha256: this.codeSha256,
      Version: v ? v.version : '$LATEST',
      TracingConfig: s.TracingConfig,
      RevisionId: v ? v.revisionId : this.revisionId,
      State: this.stateOf(v),
      LastUpdateStatus: v ? 'Successful' : this.lastUpdateStatus,
      PackageType: 'Zip',
      Architectures: s.Architectures,
      EphemeralStorage: s.EphemeralStorage,
      // A snapshot is made of published versions only: $LATEST is never optimised.
      SnapStart: {
        ApplyOn: s.SnapStart.ApplyOn,
        OptimizationStatus: v && s.SnapStart.ApplyOn === 'PublishedVersions' ? 'On' : 'Off'
      },
      LoggingConfig: s.LoggingConfig,
      RuntimeVersionConfig: {
        RuntimeVersionArn: `arn:aws:lambda:${this.arn.split(':')[3]}::runtime:0d6f7d8e41b5f0ea2c1d1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c6`
      }
    }
    if (s.Environment) {
      config.Environment = this.faults.environmentUnreadable
        ? {
            Error: {
              ErrorCode: 'AccessDeniedException',
              Message:
                'Lambda was unable to decrypt the environment variables because KMS access was denied.'
            }
          }
        : s.Environment
    }
    if (this.capacityProviderConfig) config.CapacityProviderConfig = this.capacityProviderConfig
    if (v && this.stateOf(v) === 'Pending') {
      config.StateReason = 'Lambda is creating a snapshot of this version.'
      config.StateReasonCode = 'Creating'
    } else if (this.state === 'Pending') {
      config.StateReason = this.faults.stateReason ?? 'The function is being created.'
      config.StateReasonCode = 'Creating'
    } else if (this.state === 'Failed') {
      config.StateReason = this.faults.stateReason ?? 'The function could not be created.'
      config.StateReasonCode = 'InternalError'
    }
    if (!v && this.lastUpdateStatusReason) {
      config.LastUpdateStatusReason = this.lastUpdateStatusReason
      config.LastUpdateStatusReasonCode = this.lastUpdateStatusReasonCode
    }
    return config
  }

  /** What an unqualified invoke of a Managed Instances function runs: the newest version, if any. */
  get latestPublished(): VersionRecord | undefined {
    let newest: VersionRecord | undefined
    for (const v of this.versions.values()) {
      if (!newest || Number(v.version) > Number(newest.version)) newest = v
    }
    return newest
  }

  /** What drift detection compares: $LATEST settings, versions and aliases. */
  fingerprint(): string {
    return JSON.stringify([
      this.settings,
      [...this.versions.keys()],
      [...this.aliases.values()].map((a) => [a.Name, a.FunctionVersion])
    ])
  }
}

/** The emulator's ground truth: every API call and every invocation, as it really happened. */

/** One API call as the emulator answered it. */
export interface CallRecord {
  at: number
  service: 'lambda' | 'logs'
  operation: string
  functionName?: string
  qualifier?: string
  logGroup?: string
  status: number
  errorCode?: string
}

/** One invocation that ran (throttled attempts are calls, not invocations). */
export interface InvocationRecord {
  requestId: string
  functionName: string
  /** `$LATEST` or the version number. */
  version: string
  memorySize: number
  durationMs: number
  billedDurationMs: number
  initDurationMs?: number
  restoreDurationMs?: number
  maxMemoryUsedMB: number
  cold: boolean
  /** The errorType, or null on success. */
  error: string | null
  status: 'success' | 'error' | 'timeout'
  logGroup: string
  logStream: string
  at: number
}

/** Past this many records the oldest tenth is dropped, so a long demo cannot exhaust memory. */
const CAP = 500_000

/** Live, in-process record of what the emulator did. */
export class Journal {
  readonly calls: CallRecord[] = []
  readonly invocations: InvocationRecord[] = []
  private readonly initial: () => Map<string, string>
  private readonly current: () => Map<string, string>

  /** The two callbacks give, per function, a fingerprint of its configuration, versions and aliases. */
  constructor(initial: () => Map<string, string>, current: () => Map<string, string>) {
    this.initial = initial
    this.current = current
  }

  /** Records an API call. */
  call(record: CallRecord): void {
    if (this.calls.length >= CAP) this.calls.splice(0, CAP / 10)
    this.calls.push(record)
  }

  /** Records an invocation. */
  invocation(record: InvocationRecord): void {
    if (this.invocations.length >= CAP) this.invocations.splice(0, CAP / 10)
    this.invocations.push(record)
  }

  /**
   * Functions whose final $LATEST configuration differs from the initial one, or that have
   * versions or aliases left that were not there at the start.
   */
  driftedFunctions(): string[] {
    const before = this.initial()
    const after = this.current()
    const names = new Set([...before.keys(), ...after.keys()])
    return [...names].filter((n) => before.get(n) !== after.get(n)).sort()
  }

  /** Calls of one operation (optionally for one function). */
  callsOf(operation: string, functionName?: string): CallRecord[] {
    return this.calls.filter(
      (c) => c.operation === operation && (!functionName || c.functionName === functionName)
    )
  }

  /** A JSON-friendly copy. */
  toJSON(): { calls: CallRecord[]; invocations: InvocationRecord[]; drifted: string[] } {
    return { calls: this.calls, invocations: this.invocations, drifted: this.driftedFunctions() }
  }
}

/** The emulator's ground truth: every API call and every invocation, as it really happened. */

/** One API call as the emulator answered it. */
export interface CallRecord {
  /** When it was answered (for a Hung or dropped call: when it was read). */
  at: number
  /** When its request head arrived: the order of attempts, whatever the machine's pace. */
  receivedAt: number
  service: 'lambda' | 'logs'
  operation: string
  functionName?: string
  qualifier?: string
  logGroup?: string
  status: number
  errorCode?: string
  /** A Hung call: when its connection ended, until then undefined. */
  closedAt?: number
  /** A Hung call: who ended it, the client (it gave up) or the server (the emulator stopped). */
  closedBy?: 'client' | 'server'
}

/** One invocation that ran (throttled attempts are calls, not invocations). */
export interface InvocationRecord {
  requestId: string
  functionName: string
  /** `$LATEST`, the version number, or `$LATEST.PUBLISHED` (Lambda Managed Instances, unqualified). */
  version: string
  memorySize: number
  durationMs: number
  billedDurationMs: number
  initDurationMs?: number
  /** SnapStart restores (published versions): Restore Duration and Billed Restore Duration. */
  restoreDurationMs?: number
  /** Already included in billedDurationMs, as in a real record. */
  billedRestoreDurationMs?: number
  maxMemoryUsedMB: number
  /** The SHA-256 (hex) of the event it received, byte for byte: which payload it ran. */
  payloadSha256: string
  cold: boolean
  /** The environment variables of the configuration it ran on ({} without any). */
  variables: Record<string, string>
  /** The errorType, or null on success. */
  error: string | null
  status: 'success' | 'error' | 'timeout'
  logGroup: string
  logStream: string
  /**
   * When it started to run (≥ its Invoke call's receivedAt): its figures were drawn then, the
   * time drift's multiplier included.
   */
  startedAt: number
  /** When it ended. */
  at: number
}

/** Past this many records the oldest tenth is dropped, so a long demo cannot exhaust memory. */
const CAP = 500_000

/** A test waiting for a record: `done` sees each new one until it returns true. */
interface Waiter<T> {
  done: (record: T) => boolean
  resolve: () => void
}

/** Live, in-process record of what the emulator did. */
export class Journal {
  readonly calls: CallRecord[] = []
  readonly invocations: InvocationRecord[] = []
  private readonly initial: () => Map<string, string>
  private readonly current: () => Map<string, string>
  private callWaiters: Waiter<CallRecord>[] = []
  private invocationWaiters: Waiter<InvocationRecord>[] = []
  private closeWaiters: Waiter<CallRecord>[] = []

  /** The two callbacks give, per function, a fingerprint of its configuration, versions and aliases. */
  constructor(initial: () => Map<string, string>, current: () => Map<string, string>) {
    this.initial = initial
    this.current = current
  }

  /** Records an API call. */
  call(record: CallRecord): void {
    if (this.calls.length >= CAP) this.calls.splice(0, CAP / 10)
    this.calls.push(record)
    this.callWaiters = settle(this.callWaiters, record)
  }

  /** Records an invocation. */
  invocation(record: InvocationRecord): void {
    if (this.invocations.length >= CAP) this.invocations.splice(0, CAP / 10)
    this.invocations.push(record)
    this.invocationWaiters = settle(this.invocationWaiters, record)
  }

  /**
   * Resolves once `done` returns true for a call journaled from now on: the moment something
   * happened on the wire, for a test that acts then (a signal, a fault lifted) instead of after
   * a guessed delay.
   */
  untilCall(done: (call: CallRecord) => boolean): Promise<void> {
    return new Promise((resolve) => this.callWaiters.push({ done, resolve }))
  }

  /** Notes when and by whom the connection of a Hung call ended (the first end counts). */
  closed(call: CallRecord, by: 'client' | 'server'): void {
    if (call.closedAt !== undefined) return
    call.closedAt = Date.now()
    call.closedBy = by
    this.closeWaiters = settle(this.closeWaiters, call)
  }

  /**
   * Resolves once the connection of `call` (a Hung call) has ended: a client in the test's own
   * process learns of its timeout before the emulator has read the close.
   */
  untilClosed(call: CallRecord): Promise<void> {
    if (call.closedAt !== undefined) return Promise.resolve()
    return new Promise((resolve) => this.closeWaiters.push({ done: (c) => c === call, resolve }))
  }

  /** Resolves once `done` returns true for an invocation journaled from now on. */
  untilInvocation(done: (invocation: InvocationRecord) => boolean): Promise<void> {
    return new Promise((resolve) => this.invocationWaiters.push({ done, resolve }))
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

/** Resolves the waiters that `record` satisfies; returns those still waiting. */
function settle<T>(waiters: Waiter<T>[], record: T): Waiter<T>[] {
  if (waiters.length === 0) return waiters
  return waiters.filter((w) => {
    if (!w.done(record)) return true
    w.resolve()
    return false
  })
}

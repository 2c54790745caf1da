/** CloudWatch Logs storage: groups, streams and events, with delayed visibility. */

/** One stored event. */
export interface StoredEvent {
  seq: number
  logStreamName: string
  timestamp: number
  /** When CloudWatch would report it ingested; it is invisible to queries before then. */
  ingestionTime: number
  message: string
}

/** A log stream's metadata. */
export interface StreamInfo {
  logStreamName: string
  creationTime: number
  firstEventTimestamp?: number
  lastEventTimestamp?: number
  lastIngestionTime?: number
  storedBytes: number
}

/** One log group. */
export class LogGroup {
  readonly name: string
  readonly arn: string
  readonly creationTime = Date.now()
  readonly streams = new Map<string, StreamInfo>()
  /** In append order; `seq` increases strictly, so a page token can hold a position. */
  readonly events: StoredEvent[] = []

  constructor(name: string, region: string, accountId: string) {
    this.name = name
    this.arn = `arn:aws:logs:${region}:${accountId}:log-group:${name}`
  }

  /** Index of the first event with seq > `seq` (binary search). */
  indexAfter(seq: number): number {
    let lo = 0
    let hi = this.events.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.events[mid].seq <= seq) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}

/** Past this many events per group the oldest tenth is dropped (memory bound for long demos). */
const EVENT_CAP = 2_000_000

/** All log groups of the emulated account. */
export class LogStore {
  readonly groups = new Map<string, LogGroup>()
  private seq = 0
  private readonly region: string
  private readonly accountId: string

  constructor(region: string, accountId: string) {
    this.region = region
    this.accountId = accountId
  }

  /** The group, created when missing (Lambda creates its group on first write). */
  ensureGroup(name: string): LogGroup {
    let group = this.groups.get(name)
    if (!group) {
      group = new LogGroup(name, this.region, this.accountId)
      this.groups.set(name, group)
    }
    return group
  }

  /** Accepts a group name or a log group ARN (with or without the trailing `:*`). */
  resolve(nameOrArn: string | undefined): LogGroup | undefined {
    if (!nameOrArn) return undefined
    const m = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:(.+?)(:\*)?$/.exec(nameOrArn)
    return this.groups.get(m ? m[1] : nameOrArn)
  }

  /** Appends events of one stream, visible from `visibleAt` (epoch ms). */
  append(
    groupName: string,
    streamName: string,
    lines: { timestamp: number; message: string }[],
    visibleAt: number
  ): void {
    const group = this.ensureGroup(groupName)
    let stream = group.streams.get(streamName)
    if (!stream) {
      stream = { logStreamName: streamName, creationTime: Date.now(), storedBytes: 0 }
      group.streams.set(streamName, stream)
    }
    if (group.events.length >= EVENT_CAP) group.events.splice(0, EVENT_CAP / 10)
    for (const line of lines) {
      group.events.push({
        seq: ++this.seq,
        logStreamName: streamName,
        timestamp: line.timestamp,
        ingestionTime: visibleAt,
        message: line.message
      })
      stream.firstEventTimestamp ??= line.timestamp
      stream.lastEventTimestamp = Math.max(stream.lastEventTimestamp ?? 0, line.timestamp)
      stream.lastIngestionTime = visibleAt
    }
  }
}

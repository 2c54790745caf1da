/** Execution environments and the performance model: how long an invocation takes. */
import type { LambdaFunction, Settings } from './function-state.js'
import { hex32, normal } from '../random.js'
import type { PerformanceModel } from '../types.js'

/** One execution environment (a sandbox with its own log stream). */
export interface Environment {
  key: string
  logStream: string
  /** The function's activeGeneration when it was created ($LATEST only). */
  generation: number
}

/** vCPUs a memory size buys: 1,769 MB = 1 vCPU, capped at 6. */
function vcpus(memoryMB: number): number {
  return Math.min(memoryMB / 1769, 6)
}

/** The cpuMs/threads/ioMs curve at a memory size, ms (no noise, slowdown or drift). */
function curveMs(m: PerformanceModel, memoryMB: number): number {
  const threads = Math.max(1, m.threads ?? 1)
  return m.cpuMs / Math.min(vcpus(memoryMB), threads) + (m.ioMs ?? 0)
}

/** meansBySize as [MB, ms] pairs, smallest size first. */
function tableOf(m: PerformanceModel): [number, number][] {
  return Object.entries(m.meansBySize ?? {})
    .map(([size, ms]): [number, number] => [Number(size), ms])
    .sort((a, b) => a[0] - b[0])
}

/**
 * The model's Duration at a memory size before noise, slowdown, drift, errors and timeouts, ms:
 * the cpuMs/threads/ioMs curve, or with `meansBySize` the curve rescaled through its figures
 * (types.ts says how sizes between and beyond them are treated).
 */
export function baseDurationMs(m: PerformanceModel, memoryMB: number): number {
  const curve = curveMs(m, memoryMB)
  const table = tableOf(m)
  if (table.length === 0) return curve
  // Interpolated: the ratio figure ÷ curve, or with no curve the figures themselves.
  const flat = m.cpuMs <= 0 && (m.ioMs ?? 0) <= 0
  const points = table.map(([size, ms]): [number, number] => [
    size,
    flat ? ms : ms / curveMs(m, size)
  ])
  const upper = points.findIndex(([size]) => size >= memoryMB)
  let y: number
  if (upper === 0) y = points[0][1]
  else if (upper < 0) y = points[points.length - 1][1]
  else {
    const [x0, y0] = points[upper - 1]
    const [x1, y1] = points[upper]
    y = y0 + ((y1 - y0) * (memoryMB - x0)) / (x1 - x0)
  }
  return flat ? y : curve * y
}

/** Throws on a model the emulator cannot run: a meansBySize size or figure out of range. */
export function checkModel(name: string, m: PerformanceModel): void {
  for (const [key, ms] of Object.entries(m.meansBySize ?? {})) {
    const size = Number(key)
    if (!Number.isInteger(size) || size < 128 || size > 10_240) {
      throw new Error(`emulator: ${name}: meansBySize has size ${key}; sizes are MB, 128–10240`)
    }
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0) {
      throw new Error(`emulator: ${name}: meansBySize[${key}] is ${String(ms)}; want ms > 0`)
    }
  }
}

/** Reported figures of one run, in ms. */
export interface RunFigures {
  durationMs: number
  initDurationMs?: number
  restoreDurationMs?: number
  billedRestoreDurationMs?: number
  billedDurationMs: number
  maxMemoryUsedMB: number
  status: 'success' | 'error' | 'timeout'
  errorType?: string
  errorMessage?: string
}

const round2 = (n: number): number => Math.round(n * 100) / 100

/**
 * How an invocation found its environment: warm (false), a fresh one initialised (`init`), or a
 * fresh one restored from a SnapStart snapshot (`restore`: published versions only).
 */
export type ColdStart = 'init' | 'restore' | false

/** The kind of a cold start on `version` with `settings` (SnapStart restores published versions only). */
export function coldStartOf(version: string, settings: Settings): Exclude<ColdStart, false> {
  const published = /^\d+$/.test(version)
  return published && settings.SnapStart.ApplyOn === 'PublishedVersions' ? 'restore' : 'init'
}

/**
 * Draws one invocation's figures from the function's model at the given settings; `drift` is
 * the time drift's multiplier of the duration (1 = none), `payloadFactor` the event's (the
 * model's `payloadFactor` field).
 */
export function runFigures(
  fn: LambdaFunction,
  settings: Settings,
  cold: ColdStart,
  drift = 1,
  payloadFactor = 1
): RunFigures {
  const m = fn.model
  const memory = settings.MemorySize
  const cpu = vcpus(memory)
  const noise = m.noisePct ? Math.max(0.2, 1 + (normal(fn.random) * m.noisePct) / 100) : 1
  const slowdown = m.slowdown ?? 1
  let duration = Math.max(0.5, baseDurationMs(m, memory) * noise * slowdown * drift * payloadFactor)
  const timeoutMs = settings.Timeout * 1000
  let status: RunFigures['status'] = 'success'
  let errorType: string | undefined
  let errorMessage: string | undefined
  const forcedTimeout = fn.faults.timeoutAtMemory?.includes(memory) ?? false
  if (forcedTimeout || duration >= timeoutMs) {
    duration = timeoutMs + fn.random() * 3
    status = 'timeout'
    errorType = 'Sandbox.Timedout'
  } else if (m.errorRate && fn.random() < m.errorRate) {
    status = 'error'
    errorType = fn.faults.errorType ?? 'RuntimeError'
    errorMessage = fn.faults.errorMessage ?? 'simulated failure'
    duration *= 0.5
  }
  duration = round2(duration)
  const figures: RunFigures = {
    durationMs: duration,
    // Lambda bills a timed-out invocation for exactly its timeout.
    billedDurationMs: status === 'timeout' ? timeoutMs : Math.ceil(duration),
    maxMemoryUsedMB: Math.min(memory, Math.round(m.memoryUsedMB ?? 60)),
    status,
    errorType,
    errorMessage
  }
  if (cold) {
    const init = round2(
      ((m.initMs ?? 150) / Math.min(cpu, 1)) *
        (m.noisePct ? Math.max(0.2, 1 + (normal(fn.random) * m.noisePct) / 100) : 1)
    )
    if (cold === 'restore') {
      figures.restoreDurationMs = round2(init * 0.4)
      figures.billedRestoreDurationMs = Math.ceil(init * 0.08)
      // As in a real record (Duration 306.34 ms, Billed Restore Duration 303 ms, Billed Duration
      // 610 ms): Billed Duration already holds the billed restore.
      figures.billedDurationMs += figures.billedRestoreDurationMs
    } else {
      figures.initDurationMs = init
      figures.billedDurationMs =
        status === 'timeout' ? Math.ceil(timeoutMs + init) : Math.ceil(duration + init)
    }
  }
  return figures
}

/** Idle environments per key; a stale key ($LATEST of an older configuration) is discarded. */
export class EnvironmentPool {
  private readonly idle = new Map<string, Environment[]>()
  /** The $LATEST configuration generation the idle $LATEST environments belong to. */
  latestGeneration = 0

  /** An idle warm environment, or undefined (a cold start is needed). */
  take(key: string): Environment | undefined {
    return this.idle.get(key)?.pop()
  }

  /** A new environment (cold start). */
  create(key: string, version: string, generation: number, random: () => number): Environment {
    const d = new Date()
    const date = `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}`
    return { key, generation, logStream: `${date}/[${version}]${hex32(random)}` }
  }

  /** Returns an environment to the idle list. */
  release(env: Environment): void {
    let list = this.idle.get(env.key)
    if (!list) {
      list = []
      this.idle.set(env.key, list)
    }
    list.push(env)
  }

  /** Drops every idle environment whose key starts with the prefix (a configuration change). */
  discard(prefix: string): void {
    for (const key of [...this.idle.keys()]) if (key.startsWith(prefix)) this.idle.delete(key)
  }
}

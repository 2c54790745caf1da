/**
 * The /__emulator/* endpoints: health, the journal, faults, models and the time drift changed
 * at run time.
 */
import type { Context, Request, Response } from './context.js'
import { json } from './context.js'
import type { ActiveTimeDrift, FaultSpec, PerformanceModel, TimeDrift } from './types.js'

/** Hooks the control endpoints call (implemented by the Emulator object). */
export interface Controls {
  setFaults(name: string, faults: FaultSpec): void
  setModel(name: string, patch: Partial<PerformanceModel>): void
  setTimeDrift(drift: TimeDrift | null): ActiveTimeDrift | null
}

/** Answers one /__emulator/* request. */
export function handleControl(ctx: Context, controls: Controls, req: Request): Response {
  const body = req.body.length
    ? (JSON.parse(req.body.toString('utf8')) as Record<string, unknown>)
    : {}
  if (req.method === 'GET' && req.path === '/__emulator/health') {
    const cpu = process.cpuUsage()
    return json(200, { ok: true, cpuMs: Math.round((cpu.user + cpu.system) / 1000) })
  }
  if (req.method === 'GET' && req.path === '/__emulator/journal') return json(200, ctx.journal)
  if (req.method === 'POST' && req.path === '/__emulator/faults') {
    controls.setFaults(String(body.name), body.faults as FaultSpec)
    return json(200, { ok: true })
  }
  if (req.method === 'POST' && req.path === '/__emulator/model') {
    try {
      controls.setModel(String(body.name), body.patch as Partial<PerformanceModel>)
    } catch (err) {
      // An unknown function, or a model checkModel refuses (a meansBySize out of range).
      return json(400, { message: err instanceof Error ? err.message : String(err) })
    }
    return json(200, { ok: true })
  }
  // `{ "percentPerSecond": 10 }` starts (or restarts) the drift now; `{}` or 0 ends it.
  if (req.method === 'POST' && req.path === '/__emulator/drift') {
    const rate = body.percentPerSecond
    if (rate !== undefined && (typeof rate !== 'number' || !Number.isFinite(rate))) {
      return json(400, { message: 'percentPerSecond must be a finite number' })
    }
    const drift = controls.setTimeDrift(rate === undefined ? null : { percentPerSecond: rate })
    return json(200, { ok: true, timeDrift: drift })
  }
  if (req.method === 'GET' && req.path === '/__emulator/drift') {
    return json(200, { timeDrift: ctx.timeDrift ?? null })
  }
  return json(404, { message: 'unknown emulator endpoint' })
}

/** The /__emulator/* endpoints: health, the journal, faults and models changed at run time. */
import type { Context, Request, Response } from './context.js'
import { json } from './context.js'
import type { FaultSpec, PerformanceModel } from './types.js'

/** Hooks the control endpoints call (implemented by the Emulator object). */
export interface Controls {
  setFaults(name: string, faults: FaultSpec): void
  setModel(name: string, patch: Partial<PerformanceModel>): void
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
    controls.setModel(String(body.name), body.patch as Partial<PerformanceModel>)
    return json(200, { ok: true })
  }
  return json(404, { message: 'unknown emulator endpoint' })
}

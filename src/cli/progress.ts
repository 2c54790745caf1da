/**
 * Where a run's progress goes, on stderr (stdout holds the report). On a terminal: a bar per
 * function (cli-progress) — the memory size now, invocations done of its total, the ETA —
 * with the run's lines (a size measured, a function restored, warnings) printed above the bars.
 * Elsewhere (a CI log, a pipe): the run's lines only, one per size and event, as the action logs.
 */
import { Format, MultiBar, type Options, type Params, type SingleBar } from 'cli-progress'
import type { Logger } from '../core/logger.js'
import type { FunctionTarget, Plan } from '../model/plan.js'
import { groupsOf } from '../model/order.js'
import type { RunObserver } from './observe.js'
import type { Paint } from './text-report.js'

/** The stream progress goes to, as process.stderr is. */
export interface ProgressStream {
  write(text: string): unknown
  isTTY?: boolean
  columns?: number
}

/** A run's display: its logger, what the observed clients report to, and its end. */
export interface Display {
  log: Logger
  observer: RunObserver
  /** Stops drawing: later lines are printed plainly (the restore after Ctrl-C, the end). */
  stop(): void
}

const keyOf = (region: string, functionName: string): string => `${region}\n${functionName}`

/** Lines only: every line of the run, on its own. */
function lines(stream: ProgressStream, paint: Paint): Display {
  return {
    log: {
      info: (m) => void stream.write(`${m}\n`),
      warning: (m) => void stream.write(`${paint('yellow', `warning: ${m}`)}\n`)
    },
    observer: { invoked: () => undefined, memory: () => undefined },
    stop: () => undefined
  }
}

/**
 * cli-progress erases only the first line of its bars before it prints a logged line over
 * them: ESC [ J erases them all, so no part of an old bar is left beside the line.
 */
const ERASE_BELOW = '\u001b[J'

/** What a bar's line shows besides cli-progress's own bar and ETA. */
interface Payload {
  name: string
  size: string
}

/** `name  size  ████░░░░  140/600  ETA 12s`; no ETA before the first invocation is done. */
function line(options: Options, params: Params, payload: Payload): string {
  const bar = Format.BarFormat(params.progress, options)
  const width = String(params.total).length
  const count = `${String(params.value).padStart(width)}/${params.total}`
  const eta =
    params.value === 0 || params.value >= params.total || !Number.isFinite(params.eta)
      ? ''
      : `  ETA ${Format.TimeFormat(params.eta, options, 5)}`
  return `${payload.name}  ${payload.size}  ${bar}  ${count}${eta}`
}

/** A function's bar and what it shows. */
interface Row {
  bar: SingleBar
  done: number
  memory: number | null
}

/** Bars on a terminal, the run's lines above them. */
function bars(plan: Plan, stream: ProgressStream, paint: Paint): Display {
  const targets: FunctionTarget[] = groupsOf(plan).flat()
  // Forced cold starts are invocations too; with target-precision, the total is the most.
  const total = plan.memorySizes.length * (plan.invocations + plan.coldStarts)
  const nameWidth = Math.min(24, Math.max(...targets.map((t) => t.functionName.length)))
  const columns = stream.columns ?? 80
  // name, size, counts and ETA take about this much beside the bar.
  const fixed = nameWidth + 12 + 2 * String(total).length + 18
  const multibar = new MultiBar({
    stream: stream as NodeJS.WritableStream,
    format: line,
    barsize: Math.max(10, Math.min(40, columns - fixed)),
    barCompleteChar: '█',
    barIncompleteChar: '░',
    hideCursor: true,
    clearOnComplete: false,
    // Ctrl-C is the run's to handle: it restores the functions, and the bars stop then.
    gracefulExit: false,
    etaBuffer: Math.max(10, Math.min(200, plan.concurrency * 4)),
    fps: 8,
    linewrap: false,
    autopadding: true,
    // A logged line overwrites the bars: each is drawn again on every frame, changed or not.
    forceRedraw: true
  })
  const name = (t: FunctionTarget): string => {
    const n = t.functionName
    return (n.length > nameWidth ? `${n.slice(0, nameWidth - 1)}…` : n).padEnd(nameWidth)
  }
  const sizeText = (row: Row): string => {
    if (row.done >= total) return 'done'.padStart(8)
    if (plan.isolation === 'versions') return `${plan.memorySizes.length} sizes`.padStart(8)
    return (row.memory === null ? '…' : `${row.memory} MB`).padStart(8)
  }
  const rows = new Map<string, Row>()
  for (const t of targets) {
    const row: Row = { bar: multibar.create(total, 0, {}), done: 0, memory: null }
    row.bar.update(0, { name: name(t), size: sizeText(row) })
    rows.set(keyOf(t.region, t.identifier), row)
  }
  let stopped = false
  const print = (text: string): void => {
    if (stopped) stream.write(`${text}\n`)
    else multibar.log(`${ERASE_BELOW}${text}\n`)
  }
  return {
    log: {
      info: (m) => print(m),
      warning: (m) => print(paint('yellow', `warning: ${m}`))
    },
    observer: {
      invoked(region, functionName) {
        const row = rows.get(keyOf(region, functionName))
        if (!row || stopped) return
        // An invocation run again (it ran on the previous configuration) is not one more.
        row.done = Math.min(total, row.done + 1)
        row.bar.update(row.done, { size: sizeText(row) })
      },
      memory(region, functionName, memorySize) {
        const row = rows.get(keyOf(region, functionName))
        if (!row || stopped || row.memory === memorySize) return
        row.memory = memorySize
        row.bar.update(row.done, { size: sizeText(row) })
      }
    },
    stop() {
      if (stopped) return
      stopped = true
      // stop() draws the bars once more but not the lines logged since the last frame.
      multibar.update()
      multibar.stop()
    }
  }
}

/** The display for `stream`: bars on a terminal, lines elsewhere. */
export function createDisplay(plan: Plan, stream: ProgressStream, paint: Paint): Display {
  return stream.isTTY ? bars(plan, stream, paint) : lines(stream, paint)
}

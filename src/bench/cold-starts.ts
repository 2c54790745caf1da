/**
 * Forced cold starts (`cold-starts`) at one memory size: rounds of at most `concurrency`
 * invocations sent at once, each round on a configuration that no invocation has run on yet
 * (a size just set, a version just published, or a new value of the marker variable). With no
 * environment to reuse, Lambda starts a fresh one for every invocation of the round, and its
 * REPORT carries Init Duration (Restore Duration under SnapStart). An invocation that still
 * found a warm one (something else invoking the function) is not counted as a cold start, and a
 * further round makes up for it, up to twice the number asked for in all. A live pair runs its
 * rounds in lockstep, as its measured invocations.
 */
import { isColdStart } from '../stats/tier.js'
import { measureTogether, namesOf, onEach, type Group } from './group.js'
import type { FunctionSession } from './session.js'

/** Makes a fresh configuration of the session at the size; resolves to what to invoke (a version, or undefined: $LATEST). */
export type Freshen = (session: FunctionSession) => Promise<string | undefined>

/** One size's forced cold starts, for every function of the group. */
export class ColdStartRounds {
  /** Cold starts seen so far, per function; an invocation whose REPORT is in the logs counts. */
  private readonly cold: number[]
  private sent = 0

  constructor(
    private readonly group: Group,
    private readonly size: number
  ) {
    this.cold = group.map(() => 0)
  }

  private get wanted(): number {
    return this.group[0].run.plan.coldStarts
  }

  /** A round on configurations that are fresh already (`qualifiers`: per function); false when cut short. */
  async round(qualifiers: readonly (string | undefined)[]): Promise<boolean> {
    const { concurrency } = this.group[0].run.plan
    const count = Math.min(this.wanted - Math.min(...this.cold), concurrency, this.left)
    if (count <= 0) return true
    const [runs] = await measureTogether(this.group, [
      this.group.map((s, i) => s.coldRound(this.size, count, qualifiers[i]))
    ])
    this.sent += count
    runs.forEach((run, i) => {
      this.cold[i] += run.invocations.filter((v) => !v.report || isColdStart(v.report)).length
    })
    return runs.every((run) => run.complete)
  }

  /** Rounds on freshened configurations until every function has its cold starts; false when cut short. */
  async untilDone(freshen: Freshen): Promise<boolean> {
    const { signal, log } = this.group[0].run
    while (Math.min(...this.cold) < this.wanted && this.left > 0) {
      const qualifiers: (string | undefined)[] = this.group.map(() => undefined)
      await onEach(this.group, async (s) => {
        qualifiers[this.group.indexOf(s)] = await freshen(s)
      })
      if (signal.aborted || !(await this.round(qualifiers))) return false
    }
    const short = Math.min(...this.cold)
    if (short < this.wanted) {
      log.warning(
        `${namesOf(this.group)} @ ${this.size} MB: only ${short} of ${this.sent} forced cold starts found a fresh environment; the others found a warm one (does something else invoke the function?)`
      )
    }
    return true
  }

  /** Invocations this size may still send: twice the number asked for in all. */
  private get left(): number {
    return 2 * this.wanted - this.sent
  }
}

/**
 * Which group of tiers the pool's next claim goes to. Groups that all start together take turns,
 * round robin, so sizes measured at once advance at the same pace. A group that arrives while
 * others run (isolation: versions, where each size's version is measured as soon as it is
 * published) would otherwise end last, alone: from each arrival on, the claims are shared in
 * proportion to what each group has left (stride scheduling), so every group still running is
 * interleaved with every other and all of them finish together.
 *
 * Together in time, not in claims: a slow size's last invocation would otherwise start with
 * the others' and hold the pool long after them. So from an arrival on, each group's claims are
 * spread over the time left less its own invocation's length (as the pool has seen it), and the
 * slower sizes take their last claims that much earlier.
 */

/** What the pacer reads of a group: how many claims it wants, how many it has had. */
export interface Paced {
  /** May be lowered while the group runs (adaptive sampling stops it early). */
  count: number
  claimed: number
}

/** Claims in turn over the groups added so far. */
export class Pacer<G extends Paced> {
  private readonly groups: G[] = []
  /** Per group: its position in the schedule, how far a claim moves it on, how its schedule is compressed. */
  private pass: number[] = []
  private stride: number[] = []
  private span: number[] = []
  /** Per group: the time its claims took, and how many. */
  private readonly took: { ms: number; claims: number }[] = []
  private turn = 0

  /** @param width the claims that run at once (the pool's concurrency) */
  constructor(private readonly width: number) {}

  /** Adds a group; from now on every group's share is what it has left. */
  add(group: G): void {
    this.groups.push(group)
    this.took.push({ ms: 0, claims: 0 })
    const left = this.groups.map((g) => Math.max(0, g.count - g.claimed))
    // A group not seen yet (the one just added) is taken to be as slow as the slowest seen: the
    // time left is overestimated rather than under, which only compresses the schedules less.
    const seen = this.groups.map((_, i) => this.lengthOf(i))
    const slowest = Math.max(0, ...seen)
    const length = seen.map((ms) => (ms > 0 ? ms : slowest))
    // The pool time the groups have left, as far as their invocations have been seen.
    const time = left.reduce((sum, n, i) => sum + n * length[i], 0) / this.width
    this.stride = left.map((n) => 1 / Math.max(1, n))
    this.span = length.map((ms) => (time > 0 ? Math.max(0.5, 1 - ms / time) : 1))
    this.pass = this.groups.map(() => 0)
  }

  /** A claim of `group` took `ms` from start to its last answer. */
  observe(group: G, ms: number): void {
    const took = this.took[this.groups.indexOf(group)]
    took.ms += ms
    took.claims++
  }

  /**
   * The group the next claim goes to (its `claimed` is the caller's to count), or undefined when
   * none has claims left. Ties go round robin from the group after the last one served.
   */
  next(): G | undefined {
    const n = this.groups.length
    let best = -1
    for (let k = 0; k < n; k++) {
      const i = (this.turn + k) % n
      const g = this.groups[i]
      if (g.claimed < g.count && (best < 0 || this.key(i) < this.key(best))) best = i
    }
    if (best < 0) return undefined
    this.pass[best] += this.stride[best]
    this.turn = (best + 1) % n
    return this.groups[best]
  }

  private key(i: number): number {
    return this.pass[i] * this.span[i]
  }

  /** The mean time a claim of group `i` took; 0 before any came back. */
  private lengthOf(i: number): number {
    const { ms, claims } = this.took[i]
    return claims === 0 ? 0 : ms / claims
  }
}

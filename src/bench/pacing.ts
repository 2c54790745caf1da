/**
 * Which group of tiers the pool's next claim goes to. Groups that all start together take turns,
 * round robin, so sizes measured at once advance at the same pace. A group that arrives while
 * others run (isolation: versions, where each size's version is measured as soon as it is
 * published) would otherwise end last, alone: from each arrival on, the claims are shared in
 * proportion to what each group has left (stride scheduling), so every group still running is
 * interleaved with every other and all of them finish together.
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
  /** Per group: its position in the schedule, and how far a claim moves it on. */
  private pass: number[] = []
  private stride: number[] = []
  private turn = 0

  /** Adds a group; from now on every group's share is what it has left. */
  add(group: G): void {
    this.groups.push(group)
    this.stride = this.groups.map((g) => 1 / Math.max(1, g.count - g.claimed))
    this.pass = this.groups.map(() => 0)
  }

  /** True while some group has claims left. */
  get pending(): boolean {
    return this.groups.some((g) => g.claimed < g.count)
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
      if (g.claimed < g.count && (best < 0 || this.pass[i] < this.pass[best])) best = i
    }
    if (best < 0) return undefined
    this.pass[best] += this.stride[best]
    this.turn = (best + 1) % n
    return this.groups[best]
  }
}

/**
 * What the post step needs to put functions back: each function's original memory and the
 * RevisionId of our last change, saved with core.saveState **before** the first change and
 * re-saved after every change. Functions run in parallel, so the whole map is saved each time;
 * the post step reads the last value.
 */
import type { RestoreTarget } from './restore.js'

/** The state key (GITHUB_STATE → STATE_functions in the post step). */
export const STATE_KEY = 'functions'

/** One function's entry: a restore target plus where it lives and whether it is done. */
export interface SavedFunction extends RestoreTarget {
  region: string
  /** True once main restored it (or never changed it): the post step skips it. */
  restored: boolean
  /**
   * isolation: versions. Set before the first PublishVersion: the Description prefix of the
   * versions this run publishes, so the post step can find one published but not yet recorded.
   */
  versionTag?: string
  /** Versions we published and have not deleted yet. */
  versions?: string[]
  /** True once main deleted every version it published: the post step leaves versions alone. */
  versionsDeleted?: boolean
  /**
   * Set before the first cold-start round: $LATEST may carry our marker variable (its name is
   * environment.ts's; no value of any variable is ever saved).
   */
  marked?: boolean
}

/** The map of saved functions, written through on every change. */
export class RestoreLedger {
  private readonly entries = new Map<string, SavedFunction>()

  /** `save` writes the whole map: core.saveState(STATE_KEY, json) in the action. */
  constructor(private readonly save: (json: string) => void) {}

  /** Records a function before its first change. */
  remember(key: string, entry: Omit<SavedFunction, 'restored'>): void {
    this.entries.set(key, { ...entry, restored: false })
    this.flush()
  }

  /** The RevisionId of our latest applied change. */
  revision(key: string, revisionId: string): void {
    const entry = this.entries.get(key)
    if (!entry || entry.revisionId === revisionId) return
    entry.revisionId = revisionId
    this.flush()
  }

  /** Before each memory change: the size we ask for (restoreFunction tells ours from theirs). */
  requesting(key: string, memorySize: number): void {
    const entry = this.entries.get(key)
    if (!entry || entry.requestedMemory === memorySize) return
    entry.requestedMemory = memorySize
    this.flush()
  }

  /** Before the first marker change (the entry must exist: see remember). */
  marking(key: string): void {
    const entry = this.entries.get(key)
    if (!entry || entry.marked) return
    entry.marked = true
    this.flush()
  }

  /** Before the first PublishVersion (the entry must exist: see remember). */
  publishing(key: string, versionTag: string): void {
    const entry = this.entries.get(key)
    if (!entry || entry.versionTag === versionTag) return
    entry.versionTag = versionTag
    entry.versions ??= []
    entry.versionsDeleted = false
    this.flush()
  }

  /** A version we published (to delete later). */
  published(key: string, version: string): void {
    const entry = this.entries.get(key)
    if (!entry) return
    entry.versions = [...(entry.versions ?? []), version]
    this.flush()
  }

  /** A version deleted (or found gone). */
  deleted(key: string, version: string): void {
    const entry = this.entries.get(key)
    if (!entry?.versions?.includes(version)) return
    entry.versions = entry.versions.filter((v) => v !== version)
    this.flush()
  }

  /** Every version we published is deleted. */
  versionsGone(key: string): void {
    const entry = this.entries.get(key)
    if (!entry || entry.versionsDeleted) return
    entry.versionsDeleted = true
    entry.versions = []
    this.flush()
  }

  /** Marks a function as back at its original memory (or deliberately left alone). */
  done(key: string): void {
    const entry = this.entries.get(key)
    if (!entry || entry.restored) return
    entry.restored = true
    this.flush()
  }

  /** The saved entry of a function, if it was changed. */
  entry(key: string): SavedFunction | undefined {
    return this.entries.get(key)
  }

  /** Entries not yet restored, or with versions not yet deleted. */
  pending(): SavedFunction[] {
    return [...this.entries.values()].filter((e) => !e.restored || versionsLeft(e))
  }

  private flush(): void {
    this.save(JSON.stringify(Object.fromEntries(this.entries)))
  }
}

/** Reads the saved map (the post step); [] when main saved nothing or the value is unreadable. */
export function loadSavedFunctions(raw: string): SavedFunction[] {
  if (!raw.trim()) return []
  try {
    const parsed = JSON.parse(raw) as Record<string, SavedFunction>
    return Object.values(parsed).filter(
      (e) =>
        e &&
        typeof e.identifier === 'string' &&
        typeof e.region === 'string' &&
        typeof e.originalMemorySize === 'number'
    )
  } catch {
    return []
  }
}

/** True when the main step may have left published versions behind. */
export function versionsLeft(entry: SavedFunction): boolean {
  return entry.versionTag !== undefined && entry.versionsDeleted !== true
}

import type Database from 'better-sqlite3'

/**
 * WAL checkpoints kept out of the candidate's commit. SQLite's automatic checkpoint runs inside the commit that
 * crosses its bound (1.5–8 ms on every ~123rd save); with `wal_autocheckpoint = 0` the commit only appends to the WAL
 * and fsyncs it, which is all "Saved" needs. The WAL is then copied back into the database file here: when the
 * station has been idle for `idleMs`, on the next turn of the event loop once `commitBound` commits piled up (so the
 * WAL stays bounded), and on clean shutdown. A crash before a checkpoint loses nothing: the commit is in the fsynced
 * WAL, and the next open replays it.
 */
export interface WalCheckpointPolicy {
  /** Quiet time after the last commit before a passive checkpoint. */
  idleMs: number
  /** Commits after which a checkpoint is due (a save writes about 8 pages, so 100 commits are about 3.3 MB of WAL). */
  commitBound: number
}

export const DEFAULT_WAL_CHECKPOINT_POLICY: WalCheckpointPolicy = { idleMs: 500, commitBound: 100 }

export interface WalCheckpointStats {
  checkpoints: number
  /** The most WAL frames a checkpoint found: the WAL's size bound in pages, as observed. */
  maxFramesSeen: number
  commitsSinceCheckpoint: number
  /** The last checkpoint failure (the WAL keeps the data; the next checkpoint retries). */
  lastError?: string
}

interface CheckpointRow {
  busy: number
  log: number
  checkpointed: number
}

export class WalCheckpoints {
  private readonly stats: WalCheckpointStats = { checkpoints: 0, maxFramesSeen: 0, commitsSinceCheckpoint: 0 }
  private idleTimer: NodeJS.Timeout | undefined
  private boundScheduled = false
  private readonly listeners: (() => void)[] = []

  constructor(
    private readonly db: Database.Database,
    private readonly policy: WalCheckpointPolicy = DEFAULT_WAL_CHECKPOINT_POLICY,
  ) {}

  /** Called after a commit returned: arms the idle checkpoint and, past the bound, one on the next event-loop turn. */
  noteCommit(): void {
    this.stats.commitsSinceCheckpoint++
    if (this.idleTimer) this.idleTimer.refresh()
    else this.idleTimer = setTimeout(() => this.checkpoint('PASSIVE'), this.policy.idleMs).unref()
    if (this.stats.commitsSinceCheckpoint >= this.policy.commitBound && !this.boundScheduled) {
      this.boundScheduled = true
      setImmediate(() => {
        this.boundScheduled = false
        this.checkpoint('PASSIVE')
      }).unref()
    }
  }

  /** Copies the WAL into the database file. Never throws: a failed checkpoint leaves the data in the WAL. */
  checkpoint(mode: 'PASSIVE' | 'TRUNCATE'): void {
    if (!this.db.open) return
    try {
      const [row] = this.db.pragma(`wal_checkpoint(${mode})`) as CheckpointRow[]
      this.stats.checkpoints++
      this.stats.maxFramesSeen = Math.max(this.stats.maxFramesSeen, row?.log ?? 0)
      this.stats.commitsSinceCheckpoint = 0
    } catch (error) {
      this.stats.lastError = error instanceof Error ? error.message : String(error)
      return
    }
    for (const listener of this.listeners) listener()
  }

  /** Runs `listener` after each checkpoint (the station anchor is rewritten then, outside any commit). */
  afterCheckpoint(listener: () => void): void {
    this.listeners.push(listener)
  }

  /** Clean shutdown: a full checkpoint that empties the WAL, and no timer left behind. */
  close(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.checkpoint('TRUNCATE')
  }

  snapshot(): WalCheckpointStats {
    return { ...this.stats }
  }
}

const registry = new WeakMap<Database.Database, WalCheckpoints>()

export function attachWalCheckpoints(db: Database.Database, policy?: WalCheckpointPolicy): WalCheckpoints {
  const checkpoints = new WalCheckpoints(db, policy)
  registry.set(db, checkpoints)
  return checkpoints
}

/** The checkpoints of a database opened by openStationDatabase; undefined for any other connection. */
export const walCheckpointsOf = (db: Database.Database): WalCheckpoints | undefined => registry.get(db)

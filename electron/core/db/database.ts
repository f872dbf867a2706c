import Database from 'better-sqlite3'
import { migrate, MIGRATIONS, type Migration } from './migrations'
import { StoreError } from './storeError'
import { attachWalCheckpoints, walCheckpointsOf, type WalCheckpointPolicy } from './walCheckpoints'

export type StationDatabase = Database.Database

export interface OpenStationDatabaseOptions {
  /** Path to a better_sqlite3.node built for the running ABI (Electron); Node uses the one in node_modules. */
  nativeBinding?: string
  busyTimeoutMs?: number
  /** Tests migrate to an intermediate version; the app always runs every migration. */
  migrations?: readonly Migration[]
  /** When the WAL is copied back into the database file (walCheckpoints.ts); tests shorten or stretch it. */
  checkpoints?: WalCheckpointPolicy
}

const DEFAULT_BUSY_TIMEOUT_MS = 5_000
const SYNCHRONOUS_FULL = 2

/**
 * Opens the station database and brings it to the app's schema. Durability settings are asserted by reading them
 * back at every open: SQLite can quietly leave a pragma unapplied, and an answer acknowledged as "Saved" must be on
 * disk when the commit returns.
 */
export function openStationDatabase(path: string, options: OpenStationDatabaseOptions = {}): StationDatabase {
  const db = new Database(path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  try {
    const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS
    applyDurabilityPragmas(db)
    db.pragma('foreign_keys = ON')
    db.pragma(`busy_timeout = ${String(Math.trunc(busyTimeoutMs))}`)
    assertPragmas(db, busyTimeoutMs)
    migrate(db, options.migrations ?? MIGRATIONS)
    attachWalCheckpoints(db, options.checkpoints)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

/** WAL, an fsync per commit, and no checkpoint inside a commit (walCheckpoints.ts runs them instead). */
export function applyDurabilityPragmas(db: Database.Database): void {
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('wal_autocheckpoint = 0')
}

/** Clean shutdown: checkpoint the WAL into the database file, then close. */
export function closeStationDatabase(db: StationDatabase): void {
  if (!db.open) return
  walCheckpointsOf(db)?.close()
  db.close()
}

export function assertPragmas(db: StationDatabase, busyTimeoutMs = DEFAULT_BUSY_TIMEOUT_MS): void {
  const expect = (pragma: string, wanted: string | number): void => {
    const actual = db.pragma(pragma, { simple: true }) as unknown
    if (actual !== wanted) {
      throw new StoreError('PRAGMA_NOT_APPLIED', `PRAGMA ${pragma} is ${String(actual)}, expected ${String(wanted)}`)
    }
  }
  expect('journal_mode', 'wal')
  expect('synchronous', SYNCHRONOUS_FULL)
  expect('wal_autocheckpoint', 0)
  expect('foreign_keys', 1)
  expect('busy_timeout', Math.trunc(busyTimeoutMs))
}

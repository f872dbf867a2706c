import { markSealPending } from './sealPending'
import type BetterSqlite3 from 'better-sqlite3'
import { StoreError } from './storeError'

/**
 * The schema as a numbered list. `PRAGMA user_version` holds the last migration applied; each migration and its
 * version bump commit together, so a crash mid-migration leaves the previous version intact. Tables are STRICT.
 */
export interface Migration {
  version: number
  name: string
  up: (db: BetterSqlite3.Database) => void
}

const SESSION_STATES_SQL = `'created','checked_in','running','paused','submitted','exported','interrupted','recovered'`

const v1: Migration = {
  version: 1,
  name: 'sessions, event log, encrypted answers, proctor credential',
  up: (db) =>
    db.exec(`
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        exam_id TEXT NOT NULL,
        package_hash TEXT NOT NULL,
        form_seed TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN (${SESSION_STATES_SQL})),
        key_id TEXT NOT NULL UNIQUE,
        wrapped_key BLOB NOT NULL,
        candidate_nonce BLOB,
        candidate_ct BLOB,
        duration_ms INTEGER NOT NULL CHECK (duration_ms > 0),
        allowed_ms INTEGER NOT NULL CHECK (allowed_ms > 0),
        elapsed_ms INTEGER NOT NULL CHECK (elapsed_ms >= 0),
        head_seq INTEGER NOT NULL CHECK (head_seq >= 0),
        head_hash TEXT NOT NULL,
        head_mac BLOB NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE events (
        session_id TEXT NOT NULL REFERENCES sessions(id),
        seq INTEGER NOT NULL CHECK (seq >= 1),
        type TEXT NOT NULL,
        line TEXT NOT NULL,
        hash TEXT NOT NULL,
        PRIMARY KEY (session_id, seq)
      ) STRICT;
      CREATE TABLE answers (
        session_id TEXT NOT NULL REFERENCES sessions(id),
        item_id TEXT NOT NULL,
        revision INTEGER NOT NULL CHECK (revision >= 1),
        key_id TEXT NOT NULL,
        nonce BLOB NOT NULL,
        ciphertext BLOB NOT NULL,
        saved_at TEXT NOT NULL,
        PRIMARY KEY (session_id, item_id, revision),
        UNIQUE (key_id, nonce)
      ) STRICT;
      CREATE TABLE proctor_credential (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        params TEXT NOT NULL,
        salt BLOB NOT NULL,
        hash BLOB NOT NULL,
        failures INTEGER NOT NULL CHECK (failures >= 0),
        locked_until_ms INTEGER NOT NULL,
        mac_key_wrapped BLOB NOT NULL,
        mac BLOB NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
    `),
}

const v2: Migration = {
  version: 2,
  name: 'manual scores; index sessions by state for recovery',
  up: (db) =>
    db.exec(`
      CREATE TABLE manual_scores (
        session_id TEXT NOT NULL REFERENCES sessions(id),
        item_id TEXT NOT NULL,
        part_id TEXT NOT NULL DEFAULT '',
        revision INTEGER NOT NULL CHECK (revision >= 1),
        key_id TEXT NOT NULL,
        nonce BLOB NOT NULL,
        ciphertext BLOB NOT NULL,
        saved_at TEXT NOT NULL,
        PRIMARY KEY (session_id, item_id, part_id, revision),
        UNIQUE (key_id, nonce)
      ) STRICT;
      CREATE INDEX sessions_by_state ON sessions(state);
    `),
}

const v3: Migration = {
  version: 3,
  name: 'installed exams (sealed under a wrapped data key); storage probe for the readiness check',
  up: (db) =>
    db.exec(`
      CREATE TABLE exams (
        package_hash TEXT PRIMARY KEY CHECK (length(package_hash) = 64),
        exam_id TEXT NOT NULL,
        source TEXT NOT NULL,
        active INTEGER NOT NULL CHECK (active IN (0, 1)),
        wrapped_key BLOB NOT NULL,
        nonce BLOB NOT NULL,
        ciphertext BLOB NOT NULL,
        installed_at TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX exams_one_active ON exams(active) WHERE active = 1;
      CREATE TABLE storage_probe (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        token BLOB NOT NULL,
        written_at TEXT NOT NULL
      ) STRICT;
    `),
}

const v4: Migration = {
  version: 4,
  name: 'admin credential; sealed station records (trusted authorities, candidate roster)',
  up: (db) =>
    db.exec(`
      CREATE TABLE admin_credential (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        params TEXT NOT NULL,
        salt BLOB NOT NULL,
        hash BLOB NOT NULL,
        failures INTEGER NOT NULL CHECK (failures >= 0),
        locked_until_ms INTEGER NOT NULL,
        mac_key_wrapped BLOB NOT NULL,
        mac BLOB NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE sealed_records (
        name TEXT PRIMARY KEY CHECK (name IN ('trusted_authorities', 'roster')),
        wrapped_key BLOB NOT NULL,
        nonce BLOB NOT NULL,
        ciphertext BLOB NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
    `),
}

const v5: Migration = {
  version: 5,
  name: 'room commands a station has applied or refused, so each is applied once across restarts',
  up: (db) =>
    db.exec(`
      CREATE TABLE room_commands (
        sitting_id TEXT NOT NULL,
        cmd_id TEXT NOT NULL,
        seq INTEGER NOT NULL CHECK (seq >= 1),
        action TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'refused')),
        note TEXT,
        command TEXT NOT NULL,
        signature TEXT NOT NULL,
        sessions TEXT NOT NULL,
        applied_at TEXT NOT NULL,
        PRIMARY KEY (sitting_id, cmd_id)
      ) STRICT;
      CREATE INDEX room_commands_by_seq ON room_commands(sitting_id, seq);
    `),
}

const v6: Migration = {
  version: 6,
  name: 'a sealed record of the installed sitting (its room, seats, signed environment policy and staff verifiers)',
  // SQLite cannot change a CHECK in place: the table is rebuilt with the wider list and its rows copied as they are.
  up: (db) =>
    db.exec(`
      CREATE TABLE sealed_records_v6 (
        name TEXT PRIMARY KEY CHECK (name IN ('trusted_authorities', 'roster', 'installed_sitting')),
        wrapped_key BLOB NOT NULL,
        nonce BLOB NOT NULL,
        ciphertext BLOB NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      INSERT INTO sealed_records_v6 SELECT name, wrapped_key, nonce, ciphertext, updated_at FROM sealed_records;
      DROP TABLE sealed_records;
      ALTER TABLE sealed_records_v6 RENAME TO sealed_records;
    `),
}

const v7: Migration = {
  version: 7,
  name: 'the station seal: one MAC over which credentials were set and which exam is active (stationSeal.ts)',
  // Inserted unsealed: the open that ran this seals what it finds (stationSeal.ts). The row is never deleted after.
  up: (db) => {
    db.exec(`
      CREATE TABLE station_seal (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        mac_key_wrapped BLOB,
        mac BLOB
      ) STRICT;
      INSERT INTO station_seal (id) VALUES (1);
    `)
    markSealPending(db)
  },
}

const v8: Migration = {
  version: 8,
  name: 'the record that this station issued its anchor file (stationAnchor.ts), covered by the station seal',
  up: (db) =>
    db.exec(`
      CREATE TABLE station_anchor_issued (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        issued_at TEXT NOT NULL
      ) STRICT;
    `),
}

const v9: Migration = {
  version: 9,
  name: 'the event log keyed by (session, seq) alone: one B-tree, so every save writes one page less',
  // A rowid table with a composite primary key is two B-trees (the rows, and the key's index), each written on every
  // append. Event lines are a few hundred bytes, well inside a WITHOUT ROWID row's in-page limit. Rows copied as is.
  up: (db) =>
    db.exec(`
      CREATE TABLE events_v9 (
        session_id TEXT NOT NULL REFERENCES sessions(id),
        seq INTEGER NOT NULL CHECK (seq >= 1),
        type TEXT NOT NULL,
        line TEXT NOT NULL,
        hash TEXT NOT NULL,
        PRIMARY KEY (session_id, seq)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO events_v9 (session_id, seq, type, line, hash) SELECT session_id, seq, type, line, hash FROM events;
      DROP TABLE events;
      ALTER TABLE events_v9 RENAME TO events;
    `),
}

export const MIGRATIONS: readonly Migration[] = [v1, v2, v3, v4, v5, v6, v7, v8, v9]
export const SCHEMA_VERSION = MIGRATIONS.length

export const schemaVersion = (db: BetterSqlite3.Database): number =>
  db.pragma('user_version', { simple: true }) as number

/** Applies every migration above the database's version; refuses a database written by a newer app. */
export function migrate(db: BetterSqlite3.Database, migrations: readonly Migration[] = MIGRATIONS): number {
  migrations.forEach((m, index) => {
    if (m.version !== index + 1) throw new Error(`migration list out of order at ${m.name}`)
  })
  const latest = migrations.length
  const current = schemaVersion(db)
  if (current > latest) {
    throw new StoreError(
      'DATABASE_FROM_FUTURE',
      `database schema version ${String(current)} is newer than this app supports (${String(latest)}); update Invigil`,
    )
  }
  for (const migration of migrations.slice(current)) {
    try {
      db.transaction(() => {
        migration.up(db)
        const broken = db.pragma('foreign_key_check') as unknown[]
        if (broken.length > 0) throw new Error(`${String(broken.length)} rows violate foreign keys`)
        db.pragma(`user_version = ${String(migration.version)}`)
      })()
    } catch (error) {
      throw new StoreError('MIGRATION_FAILED', `migration ${String(migration.version)} (${migration.name}) failed`, {
        cause: error,
      })
    }
  }
  return latest
}

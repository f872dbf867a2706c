import type BetterSqlite3 from 'better-sqlite3'

/**
 * The room store's schema as a numbered list, as the station's (db/migrations.ts): `PRAGMA user_version` holds the
 * last migration applied, each migration commits with its version bump and a foreign-key check, tables are STRICT.
 * Version 1 is what a room needs to admit stations and command them; version 2 what it holds of their work;
 * version 3 what a seat move needs; version 4 the incident reports staff write; version 5 the sessions a station
 * reports rolled back (or no longer reports) while the room holds a newer head.
 */
export interface RoomMigration {
  version: number
  name: string
  sql: string
}

const v1: RoomMigration = {
  version: 1,
  name: 'the sitting served, stations and their admission, seat status, commands, acknowledgements, seen nonces',
  sql: `
    CREATE TABLE sitting (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      sitting_id TEXT NOT NULL,
      layout TEXT NOT NULL,
      room_key_id TEXT NOT NULL,
      stored_at TEXT NOT NULL
    ) STRICT;
    CREATE TABLE stations (
      station_id TEXT PRIMARY KEY CHECK (length(station_id) = 16),
      public_key TEXT NOT NULL UNIQUE,
      admission TEXT NOT NULL CHECK (admission IN ('listed', 'approved', 'pending', 'refused')),
      decided_by TEXT,
      hostname TEXT NOT NULL,
      app_version TEXT NOT NULL,
      first_seen TEXT NOT NULL,
      last_seen TEXT NOT NULL
    ) STRICT;
    CREATE TABLE seat_status (
      station_id TEXT PRIMARY KEY REFERENCES stations(station_id),
      seat TEXT,
      status TEXT NOT NULL,
      received_at TEXT NOT NULL
    ) STRICT;
    CREATE TABLE commands (
      seq INTEGER PRIMARY KEY CHECK (seq >= 1),
      cmd_id TEXT NOT NULL UNIQUE,
      signed TEXT NOT NULL,
      issued_at TEXT NOT NULL
    ) STRICT;
    CREATE TABLE acks (
      station_id TEXT NOT NULL REFERENCES stations(station_id),
      seq INTEGER NOT NULL REFERENCES commands(seq),
      outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'already_applied', 'refused')),
      reason TEXT,
      at TEXT NOT NULL,
      received_at TEXT NOT NULL,
      PRIMARY KEY (station_id, seq)
    ) STRICT;
    CREATE TABLE seen_nonces (
      station_id TEXT NOT NULL,
      nonce TEXT NOT NULL,
      sent_at_ms INTEGER NOT NULL,
      PRIMARY KEY (station_id, nonce)
    ) STRICT;
    CREATE INDEX seen_nonces_by_time ON seen_nonces (sent_at_ms);
  `,
}

const v2: RoomMigration = {
  version: 2,
  name: 'session replicas (lines, hashes, sealed rows), incidents, command requests, collected bundles',
  sql: `
    CREATE TABLE replicas (
      session_id TEXT PRIMARY KEY,
      station_id TEXT NOT NULL REFERENCES stations(station_id),
      head_seq INTEGER NOT NULL CHECK (head_seq >= 0),
      head_hash TEXT NOT NULL CHECK (length(head_hash) = 64),
      reported_seq INTEGER NOT NULL CHECK (reported_seq >= 0),
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE TABLE replica_lines (
      session_id TEXT NOT NULL REFERENCES replicas(session_id),
      seq INTEGER NOT NULL CHECK (seq >= 1),
      line TEXT NOT NULL,
      hash TEXT NOT NULL CHECK (length(hash) = 64),
      PRIMARY KEY (session_id, seq)
    ) STRICT;
    CREATE TABLE replica_sealed (
      session_id TEXT NOT NULL REFERENCES replicas(session_id),
      unit_id TEXT NOT NULL,
      revision INTEGER NOT NULL CHECK (revision >= 1),
      key_id TEXT NOT NULL,
      nonce TEXT NOT NULL,
      ciphertext TEXT NOT NULL,
      saved_at TEXT NOT NULL,
      PRIMARY KEY (session_id, unit_id, revision)
    ) STRICT;
    CREATE TABLE incidents (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL,
      station_id TEXT NOT NULL,
      session_id TEXT NOT NULL,
      detail TEXT NOT NULL,
      first_at TEXT NOT NULL,
      last_at TEXT NOT NULL,
      count INTEGER NOT NULL CHECK (count >= 1),
      UNIQUE (kind, station_id, session_id, detail)
    ) STRICT;
    CREATE TABLE command_requests (
      cmd_id TEXT PRIMARY KEY,
      request TEXT NOT NULL,
      requested_at TEXT NOT NULL,
      outcome TEXT CHECK (outcome IN ('issued', 'refused')),
      reason TEXT
    ) STRICT;
    CREATE TABLE collected (
      bundle_sha256 TEXT PRIMARY KEY CHECK (length(bundle_sha256) = 64),
      station_id TEXT NOT NULL,
      session_id TEXT NOT NULL,
      exam_id TEXT NOT NULL,
      candidate_id TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('imported', 'duplicate')),
      received_at TEXT NOT NULL
    ) STRICT;
  `,
}

const v3: RoomMigration = {
  version: 3,
  name: "seat moves: stations' handover keys, the signed head and escrowed key of each replica, move requests and orders",
  sql: `
    ALTER TABLE stations ADD COLUMN handover_key TEXT;
    ALTER TABLE replicas ADD COLUMN attested TEXT;
    ALTER TABLE replicas ADD COLUMN candidate TEXT;
    ALTER TABLE replicas ADD COLUMN escrow TEXT;
    CREATE TABLE move_requests (
      move_id TEXT PRIMARY KEY,
      request TEXT NOT NULL,
      requested_at TEXT NOT NULL,
      outcome TEXT CHECK (outcome IN ('issued', 'refused')),
      reason TEXT
    ) STRICT;
    CREATE TABLE seat_moves (
      move_id TEXT PRIMARY KEY,
      seat TEXT NOT NULL,
      session_id TEXT NOT NULL REFERENCES replicas(session_id),
      from_station TEXT NOT NULL REFERENCES stations(station_id),
      to_station TEXT NOT NULL REFERENCES stations(station_id),
      signed TEXT NOT NULL,
      issued_at TEXT NOT NULL,
      taken_at TEXT
    ) STRICT;
  `,
}

const v4: RoomMigration = {
  version: 4,
  name: 'incident reports written by staff on the console',
  sql: `
    CREATE TABLE incident_reports (
      id INTEGER PRIMARY KEY,
      seat TEXT NOT NULL,
      session_id TEXT,
      candidate_id TEXT,
      station_id TEXT,
      staff_id TEXT NOT NULL,
      text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 4000),
      reported_at TEXT NOT NULL
    ) STRICT;
  `,
}

const v5: RoomMigration = {
  version: 5,
  name: 'sessions a station reports behind the room, or no longer reports (open rollback flags)',
  sql: `
    CREATE TABLE session_rollbacks (
      station_id TEXT NOT NULL,
      session_id TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('no_head', 'behind', 'forked')),
      seat TEXT,
      held_seq INTEGER NOT NULL CHECK (held_seq >= 0),
      reported_seq INTEGER CHECK (reported_seq >= 0),
      first_at TEXT NOT NULL,
      last_at TEXT NOT NULL,
      PRIMARY KEY (station_id, session_id)
    ) STRICT;
  `,
}

export const ROOM_MIGRATIONS: readonly RoomMigration[] = [v1, v2, v3, v4, v5]

export class RoomStoreError extends Error {
  override readonly name = 'RoomStoreError'
  constructor(
    readonly code: 'DATABASE_FROM_FUTURE' | 'MIGRATION_FAILED' | 'OTHER_SITTING',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options)
  }
}

/** Applies every migration above the database's version; refuses a database a newer Invigil wrote. */
export function migrateRoom(
  db: BetterSqlite3.Database,
  migrations: readonly RoomMigration[] = ROOM_MIGRATIONS,
): number {
  migrations.forEach((m, index) => {
    if (m.version !== index + 1) throw new Error(`room migration list out of order at ${m.name}`)
  })
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > migrations.length)
    throw new RoomStoreError(
      'DATABASE_FROM_FUTURE',
      `room database schema version ${String(current)} is newer than this Invigil supports (${String(migrations.length)}); update Invigil`,
    )
  for (const migration of migrations.slice(current)) {
    try {
      db.transaction(() => {
        db.exec(migration.sql)
        const broken = db.pragma('foreign_key_check') as unknown[]
        if (broken.length > 0) throw new Error(`${String(broken.length)} rows violate foreign keys`)
        db.pragma(`user_version = ${String(migration.version)}`)
      })()
    } catch (error) {
      throw new RoomStoreError(
        'MIGRATION_FAILED',
        `room migration ${String(migration.version)} (${migration.name}) failed`,
        { cause: error },
      )
    }
  }
  return migrations.length
}

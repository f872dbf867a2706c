import { ResultsStoreError } from './resultsStore'

/**
 * The results schema as ONE numbered list for both backends. Each migration is one SQL text written against a few
 * column-type tokens, so the tables and columns are the same on SQLite and PostgreSQL and only the spelling of a
 * type differs (SQLite STRICT tables accept only INTEGER, REAL, TEXT, BLOB; PostgreSQL's REAL is 4 bytes). Times are
 * ISO-8601 TEXT on both, so they compare and sort the same way everywhere.
 *
 * The version lives in `PRAGMA user_version` on SQLite and in the one-row `schema_version` table on PostgreSQL;
 * each migration and its version bump commit in one transaction.
 */
export interface SqlDialect {
  name: 'sqlite' | 'postgres'
  /** 8-byte floating point. */
  real: string
  bytes: string
  /** An auto-numbered integer primary key. */
  autoId: string
  /** Appended after a CREATE TABLE's closing parenthesis. */
  tableSuffix: string
}

export const SQLITE_DIALECT: SqlDialect = {
  name: 'sqlite',
  real: 'REAL',
  bytes: 'BLOB',
  autoId: 'INTEGER PRIMARY KEY',
  tableSuffix: ' STRICT',
}

export const POSTGRES_DIALECT: SqlDialect = {
  name: 'postgres',
  real: 'DOUBLE PRECISION',
  bytes: 'BYTEA',
  autoId: 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY',
  tableSuffix: '',
}

export interface ResultsMigration {
  version: number
  name: string
  /** Statements separated by ";" (no ";" inside a statement). */
  sql: (d: SqlDialect) => string
}

const v1: ResultsMigration = {
  version: 1,
  name: 'trusted stations, results, quarantine',
  sql: (d) => `
    CREATE TABLE trusted_stations (
      station_id TEXT PRIMARY KEY CHECK (length(station_id) = 16),
      public_key_x TEXT NOT NULL UNIQUE,
      label TEXT,
      added_at TEXT NOT NULL
    )${d.tableSuffix};
    CREATE TABLE results (
      bundle_sha256 TEXT PRIMARY KEY CHECK (length(bundle_sha256) = 64),
      station_id TEXT NOT NULL,
      session_id TEXT NOT NULL,
      exam_id TEXT NOT NULL,
      candidate_id TEXT NOT NULL,
      candidate_name TEXT NOT NULL,
      total ${d.real} NOT NULL,
      max_points ${d.real} NOT NULL,
      passed INTEGER CHECK (passed IN (0, 1)),
      pending INTEGER NOT NULL CHECK (pending >= 0),
      submitted_at TEXT,
      imported_at TEXT NOT NULL,
      encrypted INTEGER NOT NULL CHECK (encrypted IN (0, 1)),
      event_head TEXT NOT NULL,
      manifest TEXT NOT NULL,
      bundle ${d.bytes} NOT NULL,
      UNIQUE (station_id, session_id)
    )${d.tableSuffix};
    CREATE INDEX results_by_exam ON results (exam_id, candidate_id, session_id);
    CREATE TABLE quarantine (
      id ${d.autoId},
      file TEXT NOT NULL,
      bundle_sha256 TEXT NOT NULL,
      code TEXT NOT NULL,
      reason TEXT NOT NULL,
      at TEXT NOT NULL,
      UNIQUE (bundle_sha256, code)
    )${d.tableSuffix}
  `,
}

/**
 * Versions and central grading. A session's newer bundle (a longer log of the same session, e.g. exported again
 * after a manual grade) replaces its row in results; the replaced row moves here whole, bundle bytes included. Central
 * grades are signed statements by enrolled graders, kept beside the bundles and never written into them.
 */
const v2: ResultsMigration = {
  version: 2,
  name: 'result versions, trusted graders, central grades',
  sql: (d) => `
    CREATE TABLE result_versions (
      bundle_sha256 TEXT PRIMARY KEY CHECK (length(bundle_sha256) = 64),
      station_id TEXT NOT NULL,
      session_id TEXT NOT NULL,
      exam_id TEXT NOT NULL,
      candidate_id TEXT NOT NULL,
      candidate_name TEXT NOT NULL,
      total ${d.real} NOT NULL,
      max_points ${d.real} NOT NULL,
      passed INTEGER CHECK (passed IN (0, 1)),
      pending INTEGER NOT NULL CHECK (pending >= 0),
      submitted_at TEXT,
      imported_at TEXT NOT NULL,
      encrypted INTEGER NOT NULL CHECK (encrypted IN (0, 1)),
      event_head TEXT NOT NULL,
      manifest TEXT NOT NULL,
      bundle ${d.bytes} NOT NULL,
      superseded_at TEXT NOT NULL,
      superseded_by TEXT NOT NULL CHECK (length(superseded_by) = 64)
    )${d.tableSuffix};
    CREATE INDEX result_versions_by_session ON result_versions (station_id, session_id);
    CREATE TABLE trusted_graders (
      name TEXT PRIMARY KEY,
      public_key_x TEXT NOT NULL UNIQUE,
      added_at TEXT NOT NULL
    )${d.tableSuffix};
    CREATE TABLE central_grades (
      id ${d.autoId},
      station_id TEXT NOT NULL,
      session_id TEXT NOT NULL,
      statement TEXT NOT NULL,
      signature TEXT NOT NULL UNIQUE
    )${d.tableSuffix};
    CREATE INDEX central_grades_by_session ON central_grades (station_id, session_id)
  `,
}

export const RESULTS_MIGRATIONS: readonly ResultsMigration[] = [v1, v2]
export const RESULTS_SCHEMA_VERSION = RESULTS_MIGRATIONS.length

export const migrationStatements = (migration: ResultsMigration, dialect: SqlDialect): string[] =>
  migration
    .sql(dialect)
    .split(';')
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0)

/**
 * The migrations still to apply to a database at `current`, after checking the list is numbered 1..n and the
 * database is not newer than the list (a newer app wrote it: refuse rather than guess).
 */
export function pendingMigrations(
  current: number,
  migrations: readonly ResultsMigration[],
): readonly ResultsMigration[] {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new Error(`results migration list out of order at ${migration.name}`)
  })
  if (current > migrations.length) {
    throw new ResultsStoreError(
      'DATABASE_FROM_FUTURE',
      `results database schema version ${String(current)} is newer than this Invigil supports (${String(migrations.length)}); update Invigil`,
    )
  }
  return migrations.slice(current)
}

export const migrationFailed = (migration: ResultsMigration, cause: unknown): ResultsStoreError =>
  new ResultsStoreError(
    'MIGRATION_FAILED',
    `results migration ${String(migration.version)} (${migration.name}) failed`,
    { cause },
  )

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { assertPragmas, openStationDatabase } from './database'
import { migrate, MIGRATIONS, SCHEMA_VERSION, schemaVersion, type Migration } from './migrations'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'invigil-db-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (error) {
    return (error as { code?: string }).code
  }
  return undefined
}

describe('openStationDatabase', () => {
  it('applies and reads back WAL, synchronous=FULL, foreign keys and the busy timeout', () => {
    const db = openStationDatabase(join(dir, 'a.sqlite'), { busyTimeoutMs: 2500 })
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('synchronous', { simple: true })).toBe(2)
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('busy_timeout', { simple: true })).toBe(2500)
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION)
    db.close()
  })

  it('refuses a connection whose durability settings did not stick', () => {
    const db = openStationDatabase(join(dir, 'a.sqlite'))
    db.pragma('synchronous = NORMAL')
    expect(codeOf(() => assertPragmas(db))).toBe('PRAGMA_NOT_APPLIED')
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = OFF')
    expect(codeOf(() => assertPragmas(db))).toBe('PRAGMA_NOT_APPLIED')
    db.close()
    // An in-memory database cannot be WAL: opening one is refused rather than silently less durable.
    expect(codeOf(() => openStationDatabase(':memory:'))).toBe('PRAGMA_NOT_APPLIED')
  })

  it('refuses a database from a newer app and says which versions', () => {
    const path = join(dir, 'future.sqlite')
    const raw = new Database(path)
    raw.pragma(`user_version = ${String(SCHEMA_VERSION + 3)}`)
    raw.close()
    let error: unknown
    try {
      openStationDatabase(path)
    } catch (caught) {
      error = caught
    }
    expect(error).toMatchObject({ name: 'StoreError', code: 'DATABASE_FROM_FUTURE' })
    expect((error as Error).message).toContain(`version ${String(SCHEMA_VERSION + 3)}`)
    expect((error as Error).message).toContain(`(${String(SCHEMA_VERSION)})`)
  })

  it('makes every table STRICT and enforces foreign keys', () => {
    const db = openStationDatabase(join(dir, 'a.sqlite'))
    const tables = db
      .prepare<[], { name: string; sql: string }>("SELECT name, sql FROM sqlite_schema WHERE type = 'table'")
      .all()
    expect(tables.map((t) => t.name).sort()).toEqual([
      'admin_credential',
      'answers',
      'events',
      'exams',
      'manual_scores',
      'proctor_credential',
      'room_commands',
      'sealed_records',
      'sessions',
      'station_anchor_issued',
      'station_seal',
      'storage_probe',
    ])
    for (const table of tables) expect(table.sql, table.name).toMatch(/\)\s*STRICT(, WITHOUT ROWID)?$/)
    const orphan = () =>
      db.prepare("INSERT INTO events (session_id, seq, type, line, hash) VALUES ('nobody', 1, 't', '{}', 'h')").run()
    expect(orphan).toThrow(/FOREIGN KEY/)
    db.close()
  })

  it('runs each migration in one transaction: a failing one leaves the previous version intact', () => {
    const db = new Database(join(dir, 'a.sqlite'))
    const broken: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'half done',
      up: (d) => {
        d.exec('CREATE TABLE half (x INTEGER) STRICT')
        throw new Error('disk on fire')
      },
    }
    expect(codeOf(() => migrate(db, [...MIGRATIONS, broken]))).toBe('MIGRATION_FAILED')
    expect(schemaVersion(db)).toBe(MIGRATIONS.length)
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'half'").pluck().get()).toBe(0)
    db.close()
  })
})

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { masterKeyKeyring } from '../crypto/keyring'
import { ManualClock } from '../base/clock'
import { SessionService } from '../session/sessionService'
import {
  FAST_PIN_PARAMS,
  MASTER_KEY_HEX,
  runningSession,
  tempStation,
  type TempStation,
} from '../session/testing/tempStation'
import { openStationDatabase } from './database'
import { MIGRATIONS, schemaVersion } from './migrations'
import { walPagesOf } from './testing/walPages'

/**
 * Issue 12.1: the pages a save appends to the WAL (each one written and fsynced before "Saved"). The event log is one
 * B-tree since migration 9, and a save that leaves the session's state alone does not rewrite its state index.
 */
let station: TempStation | undefined
let dir: string | undefined
afterEach(() => {
  station?.cleanup()
  station = undefined
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

const SAVES = 40
const chineseAnswer = (i: number): string => '客戶服務的答案'.repeat(1 + (i % 20))
const eventsRows = (db: Database.Database): unknown[] =>
  db.prepare('SELECT session_id, seq, type, line, hash FROM events ORDER BY session_id, seq').all()

describe('pages a save writes', () => {
  it('rewrites neither the state index nor a second event B-tree; one page of sessions per save', async () => {
    station = tempStation()
    const sessionId = await runningSession(station)
    const { service } = station
    const pages = walPagesOf(station.db, station.path, () => {
      for (let i = 0; i < SAVES; i++) service.saveAnswer(sessionId, `q${String(i % 7)}`, `answer ${String(i)}`)
    })
    expect(pages.byBtree.get('sessions_by_state')).toBeUndefined()
    expect([...pages.byBtree.keys()].filter((name) => name.includes('events'))).toEqual(['events'])
    expect(pages.byBtree.get('sessions')).toBe(SAVES)
    // Each save's event, answer and head are all there, and the log still verifies.
    expect(station.service.verifyIntegrity(sessionId)).toMatchObject({ ok: true })
  })

  it("appends a later session's events at the end of the log (its id sorts after the earlier sessions')", async () => {
    station = tempStation()
    const earlier: string[] = []
    for (let s = 0; s < 4; s++) {
      const id = await runningSession(station)
      for (let i = 0; i < 60; i++) station.service.saveAnswer(id, `q${String(i % 30)}`, chineseAnswer(i))
      station.service.submit(id, 'candidate')
      earlier.push(id)
      station.clock.advance(60_000)
    }
    const sessionId = await runningSession(station)
    expect([...earlier, sessionId].sort().at(-1)).toBe(sessionId)
    const { service } = station
    const pages = walPagesOf(station.db, station.path, () => {
      for (let i = 0; i < 100; i++) service.saveAnswer(sessionId, `q${String(i % 30)}`, chineseAnswer(i))
    })
    // In the log's middle (a random id) a save wrote 2.2–2.9 pages of events: a split there rewrites three leaves.
    expect((pages.byBtree.get('events') ?? 0) / 100).toBeLessThan(1.95)
    expect(station.service.verifyIntegrity(sessionId)).toMatchObject({ ok: true })
  })

  it('still moves the session in its state index when the state does change', async () => {
    station = tempStation()
    const sessionId = await runningSession(station)
    station.service.saveAnswer(sessionId, 'q1', 'B')
    const inState = (state: string): unknown[] =>
      station?.db.prepare('SELECT id FROM sessions INDEXED BY sessions_by_state WHERE state = ?').pluck().all(state) ??
      []
    expect(inState('running')).toEqual([sessionId])
    station.service.submit(sessionId, 'candidate')
    expect(inState('running')).toEqual([])
    expect(inState('submitted')).toEqual([sessionId])
    expect(station.db.pragma('integrity_check', { simple: true })).toBe('ok')
  })
})

describe('migration 8 -> 9 (the event log WITHOUT ROWID)', () => {
  it('keeps every event as it was, verifiable, and the log keyed and tied to its session as before', async () => {
    dir = mkdtempSync(join(tmpdir(), 'invigil-m9-'))
    const path = join(dir, 'station.sqlite')
    const keyring = masterKeyKeyring(Buffer.from(MASTER_KEY_HEX, 'hex'))
    const clock = new ManualClock()
    const v8 = openStationDatabase(path, { migrations: MIGRATIONS.slice(0, 8) })
    const old = {
      dir,
      path,
      db: v8,
      clock,
      service: new SessionService({ db: v8, keyring, clock, pinParams: FAST_PIN_PARAMS }),
    }
    const sessionId = await runningSession(old as TempStation)
    for (let i = 0; i < 30; i++) old.service.saveAnswer(sessionId, `q${String(i % 5)}`, `答案 ${String(i)}`)
    expect(v8.prepare("SELECT sql FROM sqlite_schema WHERE name = 'events'").pluck().get()).not.toMatch(/WITHOUT ROWID/)
    const before = eventsRows(v8)
    v8.close()

    const db = openStationDatabase(path)
    expect(schemaVersion(db)).toBe(9)
    expect(db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'events'").pluck().get()).toMatch(/WITHOUT ROWID/)
    expect(eventsRows(db)).toEqual(before)
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE tbl_name = 'events' AND type = 'index'").all()).toEqual([])
    const service = new SessionService({ db, keyring, clock, pinParams: FAST_PIN_PARAMS })
    expect(service.verifyIntegrity(sessionId)).toMatchObject({ ok: true, seq: before.length })
    // The key and the foreign key hold as before: a second event at a taken seq, or one of no session, is refused.
    const insert = db.prepare('INSERT INTO events (session_id, seq, type, line, hash) VALUES (?, ?, ?, ?, ?)')
    expect(() => insert.run(sessionId, 3, 'flagged', '{}', 'h')).toThrow(/UNIQUE|PRIMARY KEY/)
    expect(() => insert.run('nobody', 1, 'flagged', '{}', 'h')).toThrow(/FOREIGN KEY/)
    db.close()
  })
})

import Database from 'better-sqlite3'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { migrateRoom, ROOM_MIGRATIONS } from './roomMigrations'
import { openRoomStore } from './roomStore'

// The room schema migrates N-1 to N with real rows, refuses a newer database, and rolls a failed step back whole.
const file = () => join(mkdtempSync(join(tmpdir(), 'invigil-room-migrate-')), 'room.db')
const at = '2026-11-23T01:00:00.000Z'

describe('room migrations', () => {
  it('carries a version-1 room (stations, statuses, commands, acks) into version 2', () => {
    const path = file()
    const v1 = openRoomStore(path, ROOM_MIGRATIONS.slice(0, 1))
    v1.insertStation({
      stationId: '0123456789abcdef',
      publicKey: 'key',
      admission: 'listed',
      decidedBy: null,
      hostname: 'pc-1',
      appVersion: '0.1.0',
      firstSeen: at,
      lastSeen: at,
    })
    v1.db
      .prepare('INSERT INTO commands (seq, cmd_id, signed, issued_at) VALUES (1, ?, ?, ?)')
      .run('cmd-1', JSON.stringify({ command: { seq: 1, cmdId: 'cmd-1' }, signature: 's' }), at)
    v1.db
      .prepare(
        "INSERT INTO acks (station_id, seq, outcome, reason, at, received_at) VALUES (?, 1, 'applied', NULL, ?, ?)",
      )
      .run('0123456789abcdef', at, at)
    expect(v1.rememberNonce('0123456789abcdef', 'n1', 1, 0)).toBe(true)
    v1.close()

    const v2 = openRoomStore(path, ROOM_MIGRATIONS.slice(0, 2))
    expect(v2.db.pragma('user_version', { simple: true })).toBe(2)
    expect(v2.station('0123456789abcdef')?.hostname).toBe('pc-1')
    expect(v2.acks()).toEqual([
      { stationId: '0123456789abcdef', cmdId: 'cmd-1', seq: 1, outcome: 'applied', at, receivedAt: at },
    ])
    expect(v2.rememberNonce('0123456789abcdef', 'n1', 1, 0)).toBe(false)
    // The new tables take rows that refer to the old ones.
    v2.replicas.noteReportedHead('ses_1', '0123456789abcdef', 4, '0'.repeat(64), at)
    expect(v2.replicas.replica('ses_1')).toMatchObject({ headSeq: 0, reportedSeq: 4 })
    v2.close()
  })

  it('carries a version-2 room (a station, a replica) into version 3, where the station and replica take move data', () => {
    const path = file()
    const v2 = openRoomStore(path, ROOM_MIGRATIONS.slice(0, 2))
    v2.insertStation({
      stationId: '0123456789abcdef',
      publicKey: 'key',
      admission: 'listed',
      decidedBy: null,
      hostname: 'pc-1',
      appVersion: '0.1.0',
      firstSeen: at,
      lastSeen: at,
    })
    v2.replicas.noteReportedHead('ses_1', '0123456789abcdef', 4, '0'.repeat(64), at)
    v2.close()
    const v3 = openRoomStore(path, ROOM_MIGRATIONS.slice(0, 3))
    expect(v3.db.pragma('user_version', { simple: true })).toBe(3)
    expect(v3.replicas.replica('ses_1')).toMatchObject({ stationId: '0123456789abcdef', reportedSeq: 4 })
    expect(v3.moves.handoverKey('0123456789abcdef')).toBeNull()
    v3.moves.setHandoverKey('0123456789abcdef', 'x25519-key')
    v3.moves.noteSessionMaterial('ses_1', { candidate: { nonce: 'n', ciphertext: 'c' } })
    expect(v3.moves.handoverKey('0123456789abcdef')).toBe('x25519-key')
    expect(v3.moves.sessionMaterial('ses_1')).toEqual({
      attested: null,
      candidate: { nonce: 'n', ciphertext: 'c' },
      escrow: null,
    })
    v3.close()
  })

  it('carries a version-3 room (a move request) into version 4, which keeps incident reports and no empty one', () => {
    const path = file()
    const v3 = openRoomStore(path, ROOM_MIGRATIONS.slice(0, 3))
    const request = { moveId: 'move_1', seat: 'A-01', toStationId: '0123456789abcdef', reason: 'froze', staffId: 'P01' }
    v3.moves.requestMove(request, at)
    v3.close()
    const v4 = openRoomStore(path, ROOM_MIGRATIONS.slice(0, 4))
    expect(v4.db.pragma('user_version', { simple: true })).toBe(4)
    expect(v4.moves.openRequests()).toEqual([request])
    const report = { seat: 'A-01', sessionId: null, candidateId: 'C-001', stationId: null, staffId: 'P01' }
    expect(v4.reports.add({ ...report, text: 'phone rang', reportedAt: at })).toMatchObject({ id: 1 })
    expect(() => v4.reports.add({ ...report, text: '', reportedAt: at })).toThrow(/CHECK constraint/)
    expect(v4.reports.all()).toEqual([{ id: 1, ...report, text: 'phone rang', reportedAt: at }])
    v4.close()
  })

  it('carries a version-4 room (an incident report) into version 5, which keeps open rollback flags, one per station and session', () => {
    const path = file()
    const v4 = openRoomStore(path, ROOM_MIGRATIONS.slice(0, 4))
    const report = { seat: 'A-01', sessionId: null, candidateId: null, stationId: null, staffId: 'P01' }
    v4.reports.add({ ...report, text: 'phone rang', reportedAt: at })
    v4.close()
    const v5 = openRoomStore(path)
    expect(v5.db.pragma('user_version', { simple: true })).toBe(5)
    expect(v5.reports.all()).toHaveLength(1)
    const flag = { stationId: '0123456789abcdef', sessionId: 'ses_1', seat: 'A-01', heldSeq: 9 }
    v5.rollbacks.raise({ ...flag, kind: 'behind', reportedSeq: 4 }, at)
    v5.rollbacks.raise({ ...flag, kind: 'no_head', seat: null, reportedSeq: null }, at)
    expect(v5.rollbacks.all()).toEqual([
      { ...flag, kind: 'no_head', reportedSeq: null, behindBy: null, firstAt: at, lastAt: at },
    ])
    expect(() => v5.rollbacks.raise({ ...flag, kind: 'lost' as 'behind', reportedSeq: 1 }, at)).toThrow(/CHECK/)
    v5.close()
  })

  it('refuses a database from a newer Invigil and keeps a failed migration from half-applying', () => {
    const path = file()
    const db = new Database(path)
    db.pragma('user_version = 9')
    expect(() => migrateRoom(db)).toThrow(/newer than this Invigil supports/)
    db.pragma('user_version = 0')
    const broken = [
      ...ROOM_MIGRATIONS,
      {
        version: ROOM_MIGRATIONS.length + 1,
        name: 'broken',
        sql: 'CREATE TABLE x (a INTEGER) STRICT; SELECT * FROM nowhere;',
      },
    ]
    expect(() => migrateRoom(db, broken)).toThrow(/\(broken\) failed/)
    expect(db.pragma('user_version', { simple: true })).toBe(ROOM_MIGRATIONS.length)
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'x'").pluck().get()).toBe(0)
    db.close()
  })
})

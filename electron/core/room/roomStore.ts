import Database from 'better-sqlite3'
import type { CommandAck, SeatStatus, SignedRoomCommand } from '../protocol/roomMessages'
import { migrateRoom, ROOM_MIGRATIONS, RoomStoreError } from './roomMigrations'
import type { RoomMigration } from './roomMigrations'
import { CommandRequestStore } from './commandRequestStore'
import { IncidentReportStore } from './incidentReportStore'
import { RollbackStore } from './rollbackStore'
import { SeatMoveStore } from './seatMoveStore'
import { ReplicaStore } from './replicaStore'
import type { Incident, RoomLayout, StationAdmission, StationRecord } from './roomTypes'

/**
 * The room's own SQLite file: what it has admitted, told and received. Only reads and writes here; RoomService
 * decides. WAL, so `invigil room status` and `invigil room command` work beside a running `invigil room serve`.
 */
export interface StoredAck extends CommandAck {
  stationId: string
  receivedAt: string
}

export interface CollectedBundle {
  bundleSha256: string
  stationId: string
  sessionId: string
  examId: string
  candidateId: string
  status: 'imported' | 'duplicate'
  receivedAt: string
}

interface StationSqlRow {
  station_id: string
  public_key: string
  admission: StationAdmission
  decided_by: string | null
  hostname: string
  app_version: string
  first_seen: string
  last_seen: string
}

const toStation = (row: StationSqlRow): StationRecord => ({
  stationId: row.station_id,
  publicKey: row.public_key,
  admission: row.admission,
  decidedBy: row.decided_by,
  hostname: row.hostname,
  appVersion: row.app_version,
  firstSeen: row.first_seen,
  lastSeen: row.last_seen,
})

export function openRoomStore(path: string, migrations: readonly RoomMigration[] = ROOM_MIGRATIONS): RoomStore {
  const db = new Database(path)
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    migrateRoom(db, migrations)
  } catch (error) {
    db.close()
    throw error
  }
  return new RoomStore(db)
}

export class RoomStore {
  readonly replicas: ReplicaStore
  readonly moves: SeatMoveStore
  readonly reports: IncidentReportStore
  readonly rollbacks: RollbackStore
  readonly requests: CommandRequestStore

  constructor(readonly db: Database.Database) {
    this.rollbacks = new RollbackStore(db)
    this.replicas = new ReplicaStore(db)
    this.moves = new SeatMoveStore(db)
    this.reports = new IncidentReportStore(db)
    this.requests = new CommandRequestStore(db)
  }

  /** Binds the store to one sitting: a room directory serves one sitting, so stations and commands never mix. */
  bindSitting(layout: RoomLayout, roomKeyId: string, at: string): void {
    const bound = this.layout()
    if (bound && bound.sittingId !== layout.sittingId)
      throw new RoomStoreError(
        'OTHER_SITTING',
        `this room directory serves sitting ${bound.sittingId}, not ${layout.sittingId}: give each sitting its own --data directory`,
      )
    this.db
      .prepare(
        `INSERT INTO sitting (id, sitting_id, layout, room_key_id, stored_at) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET layout = excluded.layout, room_key_id = excluded.room_key_id`,
      )
      .run(layout.sittingId, JSON.stringify(layout), roomKeyId, at)
  }

  layout(): RoomLayout | undefined {
    const text = this.db.prepare<[], string>('SELECT layout FROM sitting WHERE id = 1').pluck().get()
    return text === undefined ? undefined : (JSON.parse(text) as RoomLayout)
  }

  station(stationId: string): StationRecord | undefined {
    const row = this.db.prepare<[string], StationSqlRow>('SELECT * FROM stations WHERE station_id = ?').get(stationId)
    return row && toStation(row)
  }

  stations(): StationRecord[] {
    return this.db.prepare<[], StationSqlRow>('SELECT * FROM stations ORDER BY station_id').all().map(toStation)
  }

  insertStation(station: StationRecord): void {
    this.db
      .prepare(
        `INSERT INTO stations (station_id, public_key, admission, decided_by, hostname, app_version, first_seen, last_seen)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        station.stationId,
        station.publicKey,
        station.admission,
        station.decidedBy,
        station.hostname,
        station.appVersion,
        station.firstSeen,
        station.lastSeen,
      )
  }

  touchStation(stationId: string, at: string, join?: { hostname: string; appVersion: string }): void {
    if (join)
      this.db
        .prepare('UPDATE stations SET last_seen = ?, hostname = ?, app_version = ? WHERE station_id = ?')
        .run(at, join.hostname, join.appVersion, stationId)
    else this.db.prepare('UPDATE stations SET last_seen = ? WHERE station_id = ?').run(at, stationId)
  }

  setAdmission(stationId: string, admission: StationAdmission, decidedBy: string): void {
    this.db
      .prepare('UPDATE stations SET admission = ?, decided_by = ? WHERE station_id = ?')
      .run(admission, decidedBy, stationId)
  }

  /** Returns the status it replaces (the seat a session was at before this heartbeat). */
  saveStatus(stationId: string, status: SeatStatus, at: string): SeatStatus | undefined {
    const before = this.db
      .prepare<[string], string>('SELECT status FROM seat_status WHERE station_id = ?')
      .pluck()
      .get(stationId)
    this.db
      .prepare(
        `INSERT INTO seat_status (station_id, seat, status, received_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (station_id) DO UPDATE SET seat = excluded.seat, status = excluded.status, received_at = excluded.received_at`,
      )
      .run(stationId, status.seat, JSON.stringify(status), at)
    return before === undefined ? undefined : (JSON.parse(before) as SeatStatus)
  }

  statuses(): { stationId: string; status: SeatStatus; receivedAt: string }[] {
    return this.db
      .prepare<[], { station_id: string; status: string; received_at: string }>('SELECT * FROM seat_status')
      .all()
      .map((row) => ({
        stationId: row.station_id,
        status: JSON.parse(row.status) as SeatStatus,
        receivedAt: row.received_at,
      }))
  }

  lastCommandSeq(): number {
    return this.db.prepare<[], number | null>('SELECT MAX(seq) FROM commands').pluck().get() ?? 0
  }

  insertCommand(signed: SignedRoomCommand): void {
    const { seq, cmdId, issuedAt } = signed.command
    this.db
      .prepare('INSERT INTO commands (seq, cmd_id, signed, issued_at) VALUES (?, ?, ?, ?)')
      .run(seq, cmdId, JSON.stringify(signed), issuedAt)
  }

  commandByCmdId(cmdId: string): SignedRoomCommand | undefined {
    const text = this.db.prepare<[string], string>('SELECT signed FROM commands WHERE cmd_id = ?').pluck().get(cmdId)
    return text === undefined ? undefined : (JSON.parse(text) as SignedRoomCommand)
  }

  /** In sequence order, from `afterSeq` + 1. */
  commandsAfter(afterSeq: number): SignedRoomCommand[] {
    return this.db
      .prepare<[number], string>('SELECT signed FROM commands WHERE seq > ? ORDER BY seq')
      .pluck()
      .all(afterSeq)
      .map((text) => JSON.parse(text) as SignedRoomCommand)
  }

  /** The first acknowledgement of a command by a station stands; a repeat changes nothing. */
  insertAck(stationId: string, ack: CommandAck, receivedAt: string): void {
    this.db
      .prepare(
        'INSERT OR IGNORE INTO acks (station_id, seq, outcome, reason, at, received_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(stationId, ack.seq, ack.outcome, ack.reason ?? null, ack.at, receivedAt)
  }

  acks(): StoredAck[] {
    return this.db
      .prepare<[], StoredAck & { reason: string | null }>(
        `SELECT a.station_id AS stationId, c.cmd_id AS cmdId, a.seq, a.outcome, a.reason, a.at, a.received_at AS receivedAt
         FROM acks a JOIN commands c ON c.seq = a.seq ORDER BY a.seq, a.station_id`,
      )
      .all()
      .map(({ reason, ...ack }) => (reason === null ? ack : { ...ack, reason }))
  }

  /**
   * Records a nonce unless it was seen; false when it was. Nonces older than `forgetBeforeMs` are dropped first:
   * an envelope that old is refused by its time anyway, so the table stays as small as the accepted window.
   */
  rememberNonce(stationId: string, nonce: string, sentAtMs: number, forgetBeforeMs: number): boolean {
    this.db.prepare('DELETE FROM seen_nonces WHERE sent_at_ms < ?').run(forgetBeforeMs)
    const inserted = this.db
      .prepare('INSERT OR IGNORE INTO seen_nonces (station_id, nonce, sent_at_ms) VALUES (?, ?, ?)')
      .run(stationId, nonce, sentAtMs)
    return inserted.changes === 1
  }

  recordIncident(incident: Omit<Incident, 'firstAt' | 'lastAt' | 'count'>, at: string): void {
    this.db
      .prepare(
        `INSERT INTO incidents (kind, station_id, session_id, detail, first_at, last_at, count) VALUES (?, ?, ?, ?, ?, ?, 1)
         ON CONFLICT (kind, station_id, session_id, detail) DO UPDATE SET last_at = excluded.last_at, count = count + 1`,
      )
      .run(incident.kind, incident.stationId, incident.sessionId, incident.detail, at, at)
  }

  incidents(): Incident[] {
    return this.db
      .prepare<[], Incident>(
        'SELECT kind, station_id AS stationId, session_id AS sessionId, detail, first_at AS firstAt, last_at AS lastAt, count FROM incidents ORDER BY id',
      )
      .all()
  }

  recordCollected(bundle: CollectedBundle): void {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO collected (bundle_sha256, station_id, session_id, exam_id, candidate_id, status, received_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        bundle.bundleSha256,
        bundle.stationId,
        bundle.sessionId,
        bundle.examId,
        bundle.candidateId,
        bundle.status,
        bundle.receivedAt,
      )
  }

  collected(): CollectedBundle[] {
    return this.db
      .prepare<[], CollectedBundle>(
        `SELECT bundle_sha256 AS bundleSha256, station_id AS stationId, session_id AS sessionId, exam_id AS examId,
           candidate_id AS candidateId, status, received_at AS receivedAt FROM collected ORDER BY received_at`,
      )
      .all()
  }

  close(): void {
    this.db.close()
  }
}

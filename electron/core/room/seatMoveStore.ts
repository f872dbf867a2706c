import type Database from 'better-sqlite3'
import type { X25519Sealed } from '../crypto/x25519Seal'
import type { SeatMoveOrder, SessionHeadAttestation } from '../protocol/seatMove'

/**
 * What the room keeps so a seat can move (migration 3): each station's handover key, each replica's signed head,
 * sealed candidate and escrowed data key, the moves asked for by `invigil room move`, and the signed move orders
 * with when the spare took each over. Rows only; the rules are in seatMoves.ts.
 */
export interface AttestedHead {
  attestation: SessionHeadAttestation
  signature: string
}

export interface SealedBlob {
  nonce: string
  ciphertext: string
}

export interface MoveRecord {
  moveId: string
  order: SeatMoveOrder
  signature: string
  takenAt: string | null
}

export interface MoveRequest {
  moveId: string
  seat: string
  toStationId: string
  reason: string
  staffId: string
}

const parsed = <T>(text: string | null | undefined): T | null => (text ? (JSON.parse(text) as T) : null)

export class SeatMoveStore {
  constructor(private readonly db: Database.Database) {}

  setHandoverKey(stationId: string, key: string): void {
    this.db.prepare('UPDATE stations SET handover_key = ? WHERE station_id = ?').run(key, stationId)
  }

  handoverKey(stationId: string): string | null {
    return (
      this.db
        .prepare<[string], string | null>('SELECT handover_key FROM stations WHERE station_id = ?')
        .pluck()
        .get(stationId) ?? null
    )
  }

  /** Whatever the shipment brought; a field it did not bring keeps what the replica had. */
  noteSessionMaterial(
    sessionId: string,
    material: { attested?: AttestedHead; candidate?: SealedBlob; escrow?: X25519Sealed },
  ): void {
    const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value))
    this.db
      .prepare(
        `UPDATE replicas SET attested = COALESCE(?, attested), candidate = COALESCE(?, candidate),
         escrow = COALESCE(?, escrow) WHERE session_id = ?`,
      )
      .run(json(material.attested), json(material.candidate), json(material.escrow), sessionId)
  }

  sessionMaterial(sessionId: string): {
    attested: AttestedHead | null
    candidate: SealedBlob | null
    escrow: X25519Sealed | null
  } {
    const row = this.db
      .prepare<[string], { attested: string | null; candidate: string | null; escrow: string | null }>(
        'SELECT attested, candidate, escrow FROM replicas WHERE session_id = ?',
      )
      .get(sessionId)
    return {
      attested: parsed<AttestedHead>(row?.attested),
      candidate: parsed<SealedBlob>(row?.candidate),
      escrow: parsed<X25519Sealed>(row?.escrow),
    }
  }

  /** The replica (and every shipment after this) now belongs to the spare. */
  reassignReplica(sessionId: string, toStationId: string): void {
    this.db.prepare('UPDATE replicas SET station_id = ? WHERE session_id = ?').run(toStationId, sessionId)
  }

  insertMove(move: MoveRecord): void {
    const { order } = move
    this.db
      .prepare(
        `INSERT INTO seat_moves (move_id, seat, session_id, from_station, to_station, signed, issued_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        order.moveId,
        order.seat,
        order.sessionId,
        order.fromStationId,
        order.toStationId,
        JSON.stringify({ order, signature: move.signature }),
        order.issuedAt,
      )
  }

  moves(where: 'all' | { untakenFor: string } = 'all'): MoveRecord[] {
    const rows =
      where === 'all'
        ? this.db.prepare<[], MoveRow>('SELECT signed, taken_at FROM seat_moves ORDER BY issued_at').all()
        : this.db
            .prepare<[string], MoveRow>(
              'SELECT signed, taken_at FROM seat_moves WHERE to_station = ? AND taken_at IS NULL ORDER BY issued_at',
            )
            .all(where.untakenFor)
    return rows.map((row) => {
      const { order, signature } = JSON.parse(row.signed) as { order: SeatMoveOrder; signature: string }
      return { moveId: order.moveId, order, signature, takenAt: row.taken_at }
    })
  }

  markTaken(moveId: string, at: string): void {
    this.db.prepare('UPDATE seat_moves SET taken_at = ? WHERE move_id = ? AND taken_at IS NULL').run(at, moveId)
  }

  requestMove(request: MoveRequest, at: string): void {
    this.db
      .prepare('INSERT INTO move_requests (move_id, request, requested_at) VALUES (?, ?, ?)')
      .run(request.moveId, JSON.stringify(request), at)
  }

  openRequests(): MoveRequest[] {
    return this.db
      .prepare<[], string>('SELECT request FROM move_requests WHERE outcome IS NULL ORDER BY requested_at')
      .pluck()
      .all()
      .map((text) => JSON.parse(text) as MoveRequest)
  }

  settleRequest(moveId: string, outcome: 'issued' | 'refused', reason: string | null): void {
    this.db.prepare('UPDATE move_requests SET outcome = ?, reason = ? WHERE move_id = ?').run(outcome, reason, moveId)
  }

  /** Requests still queued or refused (an issued one shows as its order), oldest first. */
  unissuedRequests(): { request: MoveRequest; requestedAt: string; refusal: string | null }[] {
    return this.db
      .prepare<[], { request: string; requested_at: string; reason: string | null }>(
        `SELECT request, requested_at, reason FROM move_requests WHERE outcome IS NULL OR outcome = 'refused'
         ORDER BY requested_at`,
      )
      .all()
      .map((row) => ({
        request: JSON.parse(row.request) as MoveRequest,
        requestedAt: row.requested_at,
        refusal: row.reason,
      }))
  }

  requestOutcome(moveId: string): { outcome: 'issued' | 'refused' | null; reason: string | null } | undefined {
    return this.db
      .prepare<[string], { outcome: 'issued' | 'refused' | null; reason: string | null }>(
        'SELECT outcome, reason FROM move_requests WHERE move_id = ?',
      )
      .get(moveId)
  }
}

interface MoveRow {
  signed: string
  taken_at: string | null
}

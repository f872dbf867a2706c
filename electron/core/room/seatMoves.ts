import { hkdfSync, randomBytes, type KeyObject } from 'node:crypto'
import type { Clock } from '../base/clock'
import { fromBase64urlStrict } from '../crypto/base64url'
import { ed25519PublicKeyFromRaw } from '../crypto/ed25519Keys'
import {
  openWithX25519,
  sealToX25519,
  x25519PrivateKeyFromSeed,
  x25519PublicKeyFromText,
  x25519PublicText,
} from '../crypto/x25519Seal'
import { ROOM_PROTOCOL, type LogShipment, type SeatStatus } from '../protocol/roomMessages'
import {
  escrowKeyBytes,
  escrowPurpose,
  handoverPurpose,
  seatMoveBytes,
  sessionHeadAttestationSchema,
  sessionHeadBytes,
  signBytes,
  verifyBytes,
  type EscrowKeyNotice,
  type SeatHandover,
  type SeatMoveOrder,
} from '../protocol/seatMove'
import { isAdmitted } from './admissionRule'
import type { RoomStore } from './roomStore'
import type { RoomLayout } from './roomTypes'
import type { MoveRequest } from './seatMoveStore'

/**
 * Moving a seat to a spare PC, on the room's side (docs/room.md). The room keeps, per session, the old station's
 * signed head and the data key sealed to the room's escrow key; a move, asked by a named staff member with a reason,
 * becomes an order the room signs, and the spare receives the replica with the key sealed again to the spare's own
 * handover key. The room opens the escrowed key only to re-seal it, in memory; it never opens an answer.
 */
export type MoveRefusal =
  | 'UNKNOWN_STAFF'
  | 'NO_REASON'
  | 'UNKNOWN_SEAT'
  | 'SPARE_NOT_ADMITTED'
  | 'SPARE_NO_HANDOVER_KEY'
  | 'SPARE_BUSY'
  | 'SPARE_TAKING_OVER'
  | 'NO_SESSION'
  | 'SAME_STATION'
  | 'NO_REPLICA'
  | 'NOT_CAUGHT_UP'
  | 'SESSION_OVER'

/** Why a seat cannot move: `refusal` for the console to translate, the message for the CLI and the logs. */
export class SeatMoveError extends Error {
  override readonly name = 'SeatMoveError'
  readonly code = 'MOVE_REFUSED'
  constructor(
    readonly refusal: MoveRefusal,
    message: string,
  ) {
    super(message)
  }
}

const LIVE: readonly SeatStatus['state'][] = ['checked_in', 'running', 'paused', 'interrupted']
export const newMoveId = (): string => `move_${randomBytes(12).toString('hex')}`

/**
 * Whether a station can take a moved seat now: admitted, joined with a handover key, no candidate of its own, and
 * not already taking over another seat (a move to it it has not taken yet; once taken, its heartbeat shows the
 * session live). The console lists the stations this passes; move() refuses the others with this refusal.
 */
export function spareRefusal(store: RoomStore, stationId: string): { refusal: MoveRefusal; why: string } | null {
  const spare = store.station(stationId)
  if (!spare || !isAdmitted(spare.admission))
    return {
      refusal: 'SPARE_NOT_ADMITTED',
      why: `station ${stationId} is not admitted to this room (approve it first)`,
    }
  if (!store.moves.handoverKey(stationId))
    return { refusal: 'SPARE_NO_HANDOVER_KEY', why: `station ${stationId} has not joined with a handover key` }
  const status = store.statuses().find((entry) => entry.stationId === stationId)?.status
  if (status && LIVE.includes(status.state))
    return { refusal: 'SPARE_BUSY', why: `station ${stationId} has its own candidate` }
  const taking = store.moves.moves({ untakenFor: stationId })[0]
  if (taking)
    return {
      refusal: 'SPARE_TAKING_OVER',
      why: `station ${stationId} is already taking over seat ${taking.order.seat} (${taking.moveId})`,
    }
  return null
}

export class SeatMoves {
  private readonly escrowKey: KeyObject

  constructor(
    private readonly store: RoomStore,
    private readonly layout: RoomLayout,
    private readonly roomPrivateKey: KeyObject,
    private readonly clock: Clock,
  ) {
    // Derived from the room key, so a restarted room opens what stations sealed to it before.
    const seed = Buffer.from(roomPrivateKey.export({ format: 'jwk' }).d ?? '', 'base64url')
    this.escrowKey = x25519PrivateKeyFromSeed(
      Buffer.from(hkdfSync('sha256', seed, Buffer.alloc(0), `${ROOM_PROTOCOL} escrow-key`, 32)),
    )
  }

  escrowNotice(): EscrowKeyNotice {
    const publicKey = x25519PublicText(this.escrowKey)
    return { publicKey, signature: signBytes(escrowKeyBytes(this.layout.sittingId, publicKey), this.roomPrivateKey) }
  }

  /** Keeps the signed head (if it is the station's and names the head just held), the sealed candidate, the escrow. */
  noteShipment(
    stationPublicKey: string,
    stationId: string,
    shipment: LogShipment,
    held: { seq: number; hash: string },
  ): void {
    const { sessionId } = shipment
    const attested = shipment.head && sessionHeadAttestationSchema.safeParse(shipment.head.attestation)
    const head = attested?.success ? attested.data : undefined
    const headOk =
      head !== undefined &&
      shipment.head !== undefined &&
      head.sessionId === sessionId &&
      head.stationId === stationId &&
      head.sittingId === this.layout.sittingId &&
      head.seq === held.seq &&
      head.hash === held.hash &&
      verifyBytes(
        sessionHeadBytes(head),
        shipment.head.signature,
        ed25519PublicKeyFromRaw(fromBase64urlStrict(stationPublicKey)),
      )
    let escrowOk = false
    if (shipment.escrow)
      try {
        openWithX25519(this.escrowKey, shipment.escrow, escrowPurpose(this.layout.sittingId, sessionId))
        escrowOk = true
      } catch {
        escrowOk = false
      }
    this.store.moves.noteSessionMaterial(sessionId, {
      ...(headOk && shipment.head ? { attested: { attestation: head, signature: shipment.head.signature } } : {}),
      ...(shipment.candidate ? { candidate: shipment.candidate } : {}),
      ...(escrowOk && shipment.escrow ? { escrow: shipment.escrow } : {}),
    })
  }

  /** Signs and stores the order, and hands the replica to the spare; refuses (SeatMoveError) what cannot move. */
  move(request: MoveRequest): SeatMoveOrder {
    const { store, layout } = this
    const refuse = (refusal: MoveRefusal, why: string): SeatMoveError =>
      new SeatMoveError(refusal, `seat ${request.seat} cannot move: ${why}`)
    if (!layout.staff.some((staff) => staff.id === request.staffId))
      throw refuse('UNKNOWN_STAFF', `staff ${request.staffId} is not named in sitting ${layout.sittingId}`)
    if (request.reason.trim() === '') throw refuse('NO_REASON', 'a move needs a reason')
    if (!layout.seats.some((seat) => seat.label === request.seat))
      throw refuse('UNKNOWN_SEAT', 'the sitting has no such seat')
    const from = store
      .statuses()
      .filter((entry) => entry.status.seat === request.seat && entry.status.sessionId !== null)
      .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))[0]
    const sessionId = from?.status.sessionId
    if (from?.stationId === request.toStationId) throw refuse('SAME_STATION', 'the seat is already on that station')
    const notSpare = spareRefusal(store, request.toStationId)
    if (notSpare) throw refuse(notSpare.refusal, notSpare.why)
    if (!from || !sessionId) throw refuse('NO_SESSION', 'no station has reported a session at this seat')
    const replica = store.replicas.replica(sessionId)
    if (replica?.stationId !== from.stationId)
      throw refuse('NO_REPLICA', `the room holds no log of session ${sessionId} from it`)
    const material = store.moves.sessionMaterial(sessionId)
    const head = material.attested?.attestation
    if (!head || head.seq !== replica.headSeq || !material.escrow)
      throw refuse(
        'NOT_CAUGHT_UP',
        `the room does not hold session ${sessionId}'s signed head and key yet; wait for it to catch up`,
      )
    if (!LIVE.includes(head.state as SeatStatus['state']) && head.state !== 'recovered')
      throw refuse('SESSION_OVER', `session ${sessionId} is ${head.state}: there is nothing left to sit`)
    const order: SeatMoveOrder = {
      protocol: ROOM_PROTOCOL,
      kind: 'seat_move',
      sittingId: layout.sittingId,
      moveId: request.moveId,
      seat: request.seat,
      sessionId,
      fromStationId: from.stationId,
      toStationId: request.toStationId,
      atSeq: head.seq,
      atHash: head.hash,
      reason: request.reason,
      staffId: request.staffId,
      issuedAt: new Date(this.clock.wallMs()).toISOString(),
    }
    store.moves.insertMove({
      moveId: order.moveId,
      order,
      signature: signBytes(seatMoveBytes(order), this.roomPrivateKey),
      takenAt: null,
    })
    store.moves.reassignReplica(sessionId, request.toStationId)
    return order
  }

  /** Each move to this station it has not taken over yet, with the replica and the key sealed to its handover key. */
  handoversFor(stationId: string): SeatHandover[] {
    const handoverKey = this.store.moves.handoverKey(stationId)
    if (!handoverKey) return []
    return this.store.moves.moves({ untakenFor: stationId }).flatMap(({ order, signature }) => {
      const material = this.store.moves.sessionMaterial(order.sessionId)
      const from = this.store.station(order.fromStationId)
      if (!material.attested || !material.escrow || !from) return []
      const lines = this.store.replicas.lines(order.sessionId).filter((line) => line.seq <= order.atSeq)
      const dataKey = openWithX25519(this.escrowKey, material.escrow, escrowPurpose(order.sittingId, order.sessionId))
      return [
        {
          order,
          orderSignature: signature,
          head: material.attested.attestation,
          headSignature: material.attested.signature,
          fromPublicKey: from.publicKey,
          lines: lines.map((line) => line.line),
          hashes: lines.map((line) => line.hash),
          sealedAnswers: this.store.replicas.sealedRows(order.sessionId),
          candidate: material.candidate,
          wrappedKey: sealToX25519(
            x25519PublicKeyFromText(handoverKey),
            dataKey,
            handoverPurpose(order.sittingId, order.sessionId, stationId),
          ),
        },
      ]
    })
  }

  /** A heartbeat from the spare showing the session past the move's head: the move is done. */
  noteHeads(stationId: string, heads: readonly { sessionId: string; seq: number }[], at: string): void {
    for (const move of this.store.moves.moves({ untakenFor: stationId })) {
      const head = heads.find((h) => h.sessionId === move.order.sessionId)
      if (head && head.seq > move.order.atSeq) this.store.moves.markTaken(move.moveId, at)
    }
  }
}

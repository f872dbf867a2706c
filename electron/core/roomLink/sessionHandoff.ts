import type { KeyObject } from 'node:crypto'
import { parseEventLine } from '../base/eventChain'
import type { JsonValue } from '../base/jsonValue'
import { fromBase64urlStrict, toBase64url } from '../crypto/base64url'
import { ed25519KeyId, ed25519PublicKeyFromRaw } from '../crypto/ed25519Keys'
import type { StationSigner } from '../crypto/stationSigner'
import {
  newX25519PrivateKey,
  openWithX25519,
  sealToX25519,
  x25519PublicKeyFromText,
  x25519PublicText,
} from '../crypto/x25519Seal'
import type { HeartbeatReply, LogShipment } from '../protocol/roomMessages'
import {
  escrowKeyBytes,
  escrowPurpose,
  handoverPurpose,
  seatHandoverSchema,
  seatMoveBytes,
  sessionHeadBytes,
  verifyBytes,
  type SeatHandover,
  type SessionHeadAttestation,
} from '../protocol/seatMove'
import { ROOM_PROTOCOL } from '../protocol/roomMessages'
import type { StationRuntime } from '../runtime/stationRuntime'
import type { SessionState } from '../base/sessionState'

/** States of a station's newest session in which the station is free to take a moved seat. */
const FREE_STATES: readonly SessionState[] = ['created', 'submitted', 'exported']

/**
 * The station's part in moving candidates between PCs (docs/room.md). Outgoing: each log shipment carries what a
 * spare would need, all sealed or signed: the station's signed head, the candidate's sealed identity, and the data
 * key sealed to the room's escrow key (once the room's signature on that key checked out against the sitting's room
 * key). Incoming: a session the room moved here is taken over only when the room signed the order for this station,
 * the old station signed the head it ends at, and the key opens; anything else is refused and reported.
 */
export interface HandoffOptions {
  runtime: StationRuntime
  signer: StationSigner
  sittingId: string
  roomKey: KeyObject
}

export interface TakenOver {
  sessionId: string
  seat: string
}

export class SessionHandoff {
  /** This link's X25519 key: announced in the join, so the room can seal a moved session's key to it. */
  private readonly handoverKey = newX25519PrivateKey()
  private escrowKey: KeyObject | undefined

  constructor(private readonly options: HandoffOptions) {}

  handoverPublicKey(): string {
    return x25519PublicText(this.handoverKey)
  }

  /** Keeps the room's escrow key once its signature checks against the sitting's room key. */
  noteEscrowKey(notice: HeartbeatReply['escrowKey']): void {
    if (!notice || this.escrowKey) return
    const bytes = escrowKeyBytes(this.options.sittingId, notice.publicKey)
    if (!verifyBytes(bytes, notice.signature, this.options.roomKey)) return
    this.escrowKey = x25519PublicKeyFromText(notice.publicKey)
  }

  /** The shipment with the session's signed head (when it reaches the head), sealed candidate and escrowed key. */
  decorate(shipment: LogShipment): LogShipment {
    const { runtime, signer, sittingId } = this.options
    const material = runtime.sessions.escrowMaterial(shipment.sessionId)
    const lastSeq = shipment.fromSeq + shipment.lines.length - 1
    const extra: Partial<LogShipment> = {}
    if (lastSeq === material.head.seq) {
      const attestation: SessionHeadAttestation = {
        protocol: ROOM_PROTOCOL,
        kind: 'session_head',
        sittingId,
        stationId: signer.stationId,
        sessionId: shipment.sessionId,
        seq: material.head.seq,
        hash: material.head.hash,
        state: material.head.state,
        allowedMs: material.head.allowedMs,
        elapsedMs: material.head.elapsedMs,
      }
      extra.head = { attestation, signature: toBase64url(signer.sign(sessionHeadBytes(attestation))) }
    }
    if (material.candidate)
      extra.candidate = {
        nonce: toBase64url(material.candidate.nonce),
        ciphertext: toBase64url(material.candidate.ciphertext),
      }
    if (this.escrowKey)
      extra.escrow = sealToX25519(this.escrowKey, material.dataKey, escrowPurpose(sittingId, shipment.sessionId))
    return { ...shipment, ...extra }
  }

  /** Takes over each handover meant for this station; returns those taken, throws nothing. */
  takeOver(handovers: readonly unknown[], report: (problem: string) => void): TakenOver[] {
    const taken: TakenOver[] = []
    for (const raw of handovers) {
      try {
        const done = this.takeOne(raw)
        if (done) taken.push(done)
      } catch (error) {
        report(`a moved session was not taken over: ${(error as Error).message}`)
      }
    }
    return taken
  }

  private takeOne(raw: unknown): TakenOver | undefined {
    const { runtime, signer, sittingId, roomKey } = this.options
    const parsed = seatHandoverSchema.safeParse(raw)
    if (!parsed.success) throw new Error('the room sent a handover that is not one')
    const h: SeatHandover = parsed.data
    const { order, head } = h
    if (!verifyBytes(seatMoveBytes(order), h.orderSignature, roomKey))
      throw new Error(`move ${order.moveId} is not signed by this sitting's room`)
    if (order.sittingId !== sittingId || order.toStationId !== signer.stationId)
      throw new Error(`move ${order.moveId} is for station ${order.toStationId} of sitting ${order.sittingId}`)
    const fromKey = ed25519PublicKeyFromRaw(fromBase64urlStrict(h.fromPublicKey))
    if (ed25519KeyId(fromBase64urlStrict(h.fromPublicKey)) !== order.fromStationId)
      throw new Error(`move ${order.moveId}: the old station's key is not station ${order.fromStationId}'s`)
    if (!verifyBytes(sessionHeadBytes(head), h.headSignature, fromKey))
      throw new Error(`move ${order.moveId}: the head is not signed by station ${order.fromStationId}`)
    const matches =
      head.sessionId === order.sessionId &&
      head.sittingId === sittingId &&
      head.stationId === order.fromStationId &&
      head.seq === order.atSeq &&
      head.hash === order.atHash &&
      h.lines.length === order.atSeq &&
      h.hashes[h.hashes.length - 1] === order.atHash
    if (!matches) throw new Error(`move ${order.moveId}: the order, the signed head and the log disagree`)
    // Already taken (the room sends it until a heartbeat shows the session here): nothing to open again.
    if (runtime.sessions.sessionHeads(100).some((held) => held.sessionId === order.sessionId))
      return { sessionId: order.sessionId, seat: order.seat }
    this.requireNoCandidateHere(order.moveId)
    this.requirePackage(h.lines[0] ?? '')
    const dataKey = openWithX25519(
      this.handoverKey,
      h.wrappedKey,
      handoverPurpose(sittingId, order.sessionId, signer.stationId),
    )
    const moved: Record<string, JsonValue> = {
      order: order as unknown as JsonValue,
      orderSignature: h.orderSignature,
      fromHead: head as unknown as JsonValue,
      fromHeadSignature: h.headSignature,
      fromPublicKey: h.fromPublicKey,
    }
    runtime.sessions.adoptMovedSession({
      dataKey,
      events: h.lines.map((line, index) => ({ line, hash: h.hashes[index] ?? '' })),
      sealedAnswers: h.sealedAnswers.map((row) => ({
        ...row,
        nonce: fromBase64urlStrict(row.nonce),
        ciphertext: fromBase64urlStrict(row.ciphertext),
      })),
      candidate: h.candidate
        ? { nonce: fromBase64urlStrict(h.candidate.nonce), ciphertext: fromBase64urlStrict(h.candidate.ciphertext) }
        : null,
      head: { state: head.state, allowedMs: head.allowedMs, elapsedMs: head.elapsedMs },
      moved,
    })
    return { sessionId: order.sessionId, seat: order.seat }
  }

  /**
   * A spare has no candidate of its own under way. The room offers only such stations (spareRefusal), but its view
   * is a heartbeat old: a candidate checked in here since then keeps this PC, and the move is refused and reported.
   */
  private requireNoCandidateHere(moveId: string): void {
    const own = this.options.runtime.sessions.currentSeat()
    if (own && !FREE_STATES.includes(own.state))
      throw new Error(`move ${moveId}: this station has its own candidate (session ${own.state})`)
  }

  /** The spare delivers the exam the session was sat with, or it cannot take the session at all. */
  private requirePackage(firstLine: string): void {
    const created = parseEventLine(firstLine).data
    // Any installed package will do, not only the active one: a sitting of several exams installs them all.
    const installed = this.options.runtime.installedExamOf(String(created.packageHash))
    if (!installed)
      throw new Error(
        `the session was sat with package ${String(created.packageHash)}, which this station has not installed`,
      )
  }
}

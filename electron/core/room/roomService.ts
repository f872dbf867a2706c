import { createPublicKey, type KeyObject } from 'node:crypto'
import { systemClock, type Clock } from '../base/clock'
import { GENESIS_HASH } from '../base/eventChain'
import { ed25519KeyId, ed25519PublicKeyFromPem, rawEd25519PublicKey } from '../crypto/ed25519Keys'
import type { HeartbeatReply, SignedRoomCommand } from '../protocol/roomMessages'
import type { VerifiedSitting } from '../sitting/sittingFile'
import { isAdmitted } from './admissionRule'
import { fileIncidentReport } from './incidentReports'
import { RoomCommandIssuer } from './roomCommands'
import { layoutOfSitting, targetsSeat } from './roomLayout'
import { buildRoomStatus } from './roomStatus'
import type { RoomStore } from './roomStore'
import type {
  CommandRequest,
  IncidentKind,
  IncidentReport,
  JoinReply,
  LogReply,
  RoomLayout,
  RoomOutcome,
  RoomStatus,
  StationRecord,
} from './roomTypes'
import { caughtUp, watchHeads } from './rollbackWatch'
import { checkShipment } from './shipmentCheck'
import { StationMessageGate, type Arrival } from './stationMessageGate'
import type { MoveRequest } from './seatMoveStore'
import { SeatMoves } from './seatMoves'

/**
 * The room's side of invigil-room/1, as pure logic over the room store with an injected clock: it opens each
 * station message (signature, sitting, clock window, nonce), admits stations by the sitting's rule, answers
 * heartbeats with the commands and log ranges each station owes or is owed, extends session replicas only by
 * shipments that chain exactly, and records what it saw go wrong. Each message is handled in one transaction.
 */
export interface RoomServiceOptions {
  store: RoomStore
  /** Verified by verifySitting: the room trusts nothing of a sitting the authority did not sign. */
  sitting: VerifiedSitting
  roomPrivateKey: KeyObject
  clock?: Clock
  /**
   * Demo mode (`room serve --demo` only, never implied by the bind address): with no station list in the sitting,
   * loopback stations are admitted. Otherwise an unlisted station waits for a proctor's approval.
   */
  demo?: boolean
}

/** How the message arrived, as the transport saw it. */
export type { Arrival } from './stationMessageGate'

export class RoomKeyError extends Error {
  override readonly name = 'RoomKeyError'
  readonly code = 'ROOM_KEY_MISMATCH'
}

export class RoomStationError extends Error {
  override readonly name = 'RoomStationError'
  constructor(
    readonly code: 'UNKNOWN_STATION' | 'UNKNOWN_STAFF' | 'LISTED_STATION',
    message: string,
  ) {
    super(message)
  }
}

export class RoomService {
  readonly layout: RoomLayout
  readonly roomKeyId: string
  private readonly store: RoomStore
  private readonly clock: Clock
  private readonly demo: boolean
  private readonly commands: RoomCommandIssuer
  private readonly moves: SeatMoves
  private readonly gate: StationMessageGate

  constructor(options: RoomServiceOptions) {
    this.store = options.store
    this.clock = options.clock ?? systemClock
    this.demo = options.demo ?? false
    const publicKey = createPublicKey(options.roomPrivateKey)
    this.roomKeyId = ed25519KeyId(rawEd25519PublicKey(publicKey))
    const named = ed25519PublicKeyFromPem(options.sitting.payload.room.public_key)
    if (ed25519KeyId(rawEd25519PublicKey(named)) !== this.roomKeyId)
      throw new RoomKeyError(
        `sitting ${options.sitting.payload.id} names room key ${ed25519KeyId(rawEd25519PublicKey(named))}, not this room's ${this.roomKeyId}: stations would refuse every command`,
      )
    this.layout = layoutOfSitting(options.sitting.payload)
    this.store.bindSitting(this.layout, this.roomKeyId, this.now())
    this.commands = new RoomCommandIssuer(this.store, this.layout, options.roomPrivateKey, this.clock)
    this.gate = new StationMessageGate(
      this.store,
      this.layout,
      this.clock,
      this.demo,
      (kind, stationId, sessionId, detail) => this.incident(kind, stationId, sessionId, detail),
    )
    this.moves = new SeatMoves(this.store, this.layout, options.roomPrivateKey, this.clock)
  }

  join(value: unknown, arrival: Arrival): RoomOutcome<JoinReply> {
    return this.inTransaction(() => {
      const opened = this.gate.open(value, 'join', arrival)
      if (!opened.ok) return opened
      const { hostname, appVersion, handoverKey } = opened.signed.envelope.message
      this.store.touchStation(opened.station.stationId, this.now(), { hostname, appVersion })
      if (handoverKey !== undefined) this.store.moves.setHandoverKey(opened.station.stationId, handoverKey)
      return { ok: true, reply: this.reply(opened.station, [], []) }
    })
  }

  heartbeat(value: unknown, arrival: Arrival): RoomOutcome<HeartbeatReply> {
    return this.inTransaction(() => {
      const opened = this.gate.open(value, 'heartbeat', arrival)
      if (!opened.ok) return opened
      const { station } = opened
      if (!isAdmitted(station.admission)) return { ok: true, reply: this.reply(station, [], []) }
      const { status, heads, lastCommandSeq, acks } = opened.signed.envelope.message
      const at = this.now()
      const before = this.store.saveStatus(station.stationId, status, at)
      for (const ack of acks) {
        if (this.store.commandByCmdId(ack.cmdId)?.command.seq === ack.seq)
          this.store.insertAck(station.stationId, ack, at)
        else this.incident('unknown_ack', station.stationId, '', `acknowledged ${ack.cmdId} as seq ${String(ack.seq)}`)
      }
      const want: HeartbeatReply['want'] = []
      for (const head of heads) {
        const held = this.store.replicas.replica(head.sessionId)
        if (held && held.stationId !== station.stationId) {
          this.incident('log_refused', station.stationId, head.sessionId, `held for station ${held.stationId}`)
          continue
        }
        this.store.replicas.noteReportedHead(head.sessionId, station.stationId, head.seq, GENESIS_HASH, at)
        const heldSeq = held?.headSeq ?? 0
        if (head.seq > heldSeq) want.push({ sessionId: head.sessionId, fromSeq: heldSeq + 1 })
      }
      const seatOf = (sessionId: string): string | null =>
        [status, before].find((seen) => seen?.sessionId === sessionId)?.seat ?? null
      watchHeads(this.store, { stationId: station.stationId, heads, seatOf, at }, (...seen) => this.incident(...seen))
      this.moves.noteHeads(station.stationId, heads, at)
      const commands = this.store
        .commandsAfter(lastCommandSeq)
        .filter(({ command }) => targetsSeat(command.target, status.seat))
      return { ok: true, reply: this.reply(station, commands, want) }
    })
  }

  log(value: unknown, arrival: Arrival): RoomOutcome<LogReply> {
    return this.inTransaction((): RoomOutcome<LogReply> => {
      const opened = this.gate.open(value, 'log', arrival)
      if (!opened.ok) return opened
      const { station } = opened
      if (!isAdmitted(station.admission))
        return { ok: false, code: 'NOT_ADMITTED', message: `station ${station.stationId} is not admitted` }
      const shipment = opened.signed.envelope.message
      const held = this.store.replicas.replica(shipment.sessionId)
      const refuse = (reason: string): RoomOutcome<LogReply> => {
        this.incident('log_refused', station.stationId, shipment.sessionId, reason)
        return { ok: false, code: 'LOG_REFUSED', message: reason }
      }
      if (held && held.stationId !== station.stationId)
        return refuse(`session ${shipment.sessionId} is held for station ${held.stationId}`)
      const head = { seq: held?.headSeq ?? 0, hash: held?.headHash ?? GENESIS_HASH }
      const replied = { sessionId: shipment.sessionId, heldSeq: head.seq, heldHash: head.hash }
      // A shipment sent again (its reply was lost) changes nothing and is no incident.
      if (this.isResent(shipment.sessionId, shipment.fromSeq, shipment.hashes, head.seq))
        return { ok: true, reply: replied }
      const check = checkShipment(head, shipment)
      if (!check.ok) return refuse(check.reason)
      const at = this.now()
      this.store.replicas.noteReportedHead(shipment.sessionId, station.stationId, 0, GENESIS_HASH, at)
      this.store.replicas.extendReplica(shipment.sessionId, check.lines, check.sealed, at)
      caughtUp(this.store, station.stationId, shipment.sessionId)
      const last = check.lines[check.lines.length - 1]
      if (last) this.moves.noteShipment(station.publicKey, station.stationId, shipment, last)
      return { ok: true, reply: { ...replied, heldSeq: last?.seq ?? head.seq, heldHash: last?.hash ?? head.hash } }
    })
  }

  approveStation(stationId: string, staffId: string): StationRecord {
    return this.decide(stationId, staffId, 'approved')
  }

  refuseStation(stationId: string, staffId: string): StationRecord {
    return this.decide(stationId, staffId, 'refused')
  }

  issueCommand(request: CommandRequest): SignedRoomCommand {
    return this.commands.issue(request)
  }

  /** Moves a seat's session to a spare station (seatMoves.ts); throws SeatMoveError when it cannot move. */
  moveSeat(request: MoveRequest): ReturnType<SeatMoves['move']> {
    return this.inTransaction(() => this.moves.move(request))
  }

  /** Signs what `invigil room move` queued, as issueRequestedCommands does for commands. */
  issueRequestedMoves(): { moveId: string; outcome: 'issued' | 'refused'; reason: string | null }[] {
    return this.store.moves.openRequests().map((request) => {
      let reason: string | null = null
      try {
        this.moveSeat(request)
      } catch (error) {
        reason = (error as Error).message
      }
      const outcome = reason === null ? 'issued' : 'refused'
      this.store.moves.settleRequest(request.moveId, outcome, reason)
      return { moveId: request.moveId, outcome, reason }
    })
  }

  /** Signs and stores what `invigil room command` queued; the server calls it on a timer. */
  issueRequestedCommands(): ReturnType<RoomCommandIssuer['issueRequested']> {
    return this.commands.issueRequested()
  }

  /** A staff member's irregularity report for a seat (incidentReports.ts); throws IncidentReportError. */
  reportIncident(request: { seat: string; text: string; staffId: string }): IncidentReport {
    return this.inTransaction(() => fileIncidentReport(this.store, this.layout, request, this.clock.wallMs()))
  }

  status(): RoomStatus {
    return buildRoomStatus(this.store, this.layout, this.clock.wallMs())
  }

  private decide(stationId: string, staffId: string, admission: 'approved' | 'refused'): StationRecord {
    const station = this.store.station(stationId)
    if (!station) throw new RoomStationError('UNKNOWN_STATION', `no station ${stationId} has asked to join`)
    if (!this.layout.staff.some((staff) => staff.id === staffId))
      throw new RoomStationError('UNKNOWN_STAFF', `staff ${staffId} is not named in the sitting`)
    if (station.admission === 'listed')
      throw new RoomStationError('LISTED_STATION', `station ${stationId} is listed in the sitting`)
    this.store.setAdmission(stationId, admission, staffId)
    return { ...station, admission, decidedBy: staffId }
  }

  private isResent(sessionId: string, fromSeq: number, hashes: readonly string[], heldSeq: number): boolean {
    if (fromSeq > heldSeq || fromSeq + hashes.length - 1 > heldSeq) return false
    return hashes.every((hash, index) => this.store.replicas.lineHash(sessionId, fromSeq + index) === hash)
  }

  private reply(station: StationRecord, commands: SignedRoomCommand[], want: HeartbeatReply['want']): HeartbeatReply {
    const admission = isAdmitted(station.admission)
      ? 'admitted'
      : station.admission === 'refused'
        ? 'refused'
        : 'pending'
    const reply: HeartbeatReply = { admission, commands, want, roomTime: this.now() }
    if (admission !== 'admitted') return reply
    const handovers = this.moves.handoversFor(station.stationId)
    return { ...reply, escrowKey: this.moves.escrowNotice(), ...(handovers.length > 0 ? { handovers } : {}) }
  }

  private incident(kind: IncidentKind, stationId: string, sessionId: string, detail: string): void {
    this.store.recordIncident({ kind, stationId, sessionId, detail }, this.now())
  }

  private now(): string {
    return new Date(this.clock.wallMs()).toISOString()
  }

  private inTransaction<T>(run: () => T): T {
    return this.store.db.transaction(run)()
  }
}

import type { RoomAction, SeatStatus } from '../protocol/roomMessages'
import type { Seat, StaffRole } from '../sitting/sittingSchema'

/**
 * The room's words, shared by its store, its service and whoever shows them (the CLI, the console): what the room
 * keeps of the sitting, of each station, and what it reports.
 */

/** listed: named in the sitting; approved: by a proctor (or the demo loopback rule); pending: waiting for one. */
export type StationAdmission = 'listed' | 'approved' | 'pending' | 'refused'

/** What the room keeps of its sitting: the layout and the people, never the packages or the staff verifiers. */
export interface RoomLayout {
  sittingId: string
  title: string
  seats: Seat[]
  /** examId: the exam the candidate sits; absent in a layout a room stored before sittings named it. */
  roster: { candidateId: string; name: string; seat: string; examId?: string }[]
  staff: { id: string; name: string; role: StaffRole }[]
  /** The station ids the sitting lists; null when it lists none (any station may ask to join). */
  stations: string[] | null
  examIds: string[]
}

export interface StationRecord {
  stationId: string
  /** base64url raw Ed25519 public key. */
  publicKey: string
  admission: StationAdmission
  /** The staff id that approved or refused it, `demo-loopback` for the demo rule, null for a listed or pending one. */
  decidedBy: string | null
  hostname: string
  appVersion: string
  firstSeen: string
  lastSeen: string
}

/**
 * What the room saw go wrong, each kind once per station, session and detail (with a count and the last time):
 * rolled_back      a heartbeat head older than the replica, or with another hash at a sequence number it holds;
 * forged_message   an envelope whose signature or station id does not check out;
 * replayed_message an envelope whose nonce the room has seen;
 * stale_message    an envelope sent outside the accepted clock window (a replay, or a station clock far off);
 * log_refused      a log shipment that does not extend the replica exactly, or whose sealed rows do not match;
 * unknown_ack      an acknowledgement of a command the room never issued.
 */
export type IncidentKind =
  'rolled_back' | 'forged_message' | 'replayed_message' | 'stale_message' | 'log_refused' | 'unknown_ack'

export interface Incident {
  kind: IncidentKind
  /** As the message claimed it: a forged message may name a station the room never saw. */
  stationId: string
  /** '' when no session is concerned. */
  sessionId: string
  detail: string
  firstAt: string
  lastAt: string
  count: number
}

/** A command as the proctor gives it; the room adds the sitting, seq, time and signature. */
export interface CommandRequest {
  action: RoomAction
  target: { all: true } | { seats: string[] }
  minutes?: number
  message?: string
  reason: string
  staffId: string
  /** Given by the caller to make issuing idempotent (the CLI does); otherwise the room picks a random one. */
  cmdId?: string
}

/** Why the room refused a station message; the server maps each to an HTTP status. */
export type RoomRefusalCode =
  | 'MALFORMED'
  | 'BAD_SIGNATURE'
  | 'WRONG_STATION'
  | 'WRONG_SITTING'
  | 'STALE'
  | 'REPLAYED'
  | 'NOT_ADMITTED'
  | 'LOG_REFUSED'

export type RoomOutcome<T> = { ok: true; reply: T } | { ok: false; code: RoomRefusalCode; message: string }

export type { JoinReply, LogReply } from '../protocol/roomMessages'

/**
 * A session a station no longer reports as the room holds it (docs/room.md, "A station was rolled back or lost a
 * session"): no_head, the station lists no head for a session the room holds for it; behind, it reports an older
 * head (its own later events, if any, are not the room's); forked, another hash at the room's newest event. Open until the station shows the room's head again
 * (the same head, or a shipment that extends it).
 */
export type RollbackKind = 'no_head' | 'behind' | 'forked'

export interface RollbackFlag {
  stationId: string
  sessionId: string
  kind: RollbackKind
  /** The seat the session was at when the room noticed, if it knew. */
  seat: string | null
  /** The newest event the room holds of the session. */
  heldSeq: number
  /** The head the station reported; null for no_head. */
  reportedSeq: number | null
  /** Events the station lacks (heldSeq - reportedSeq) when behind; null otherwise. */
  behindBy: number | null
  firstAt: string
  lastAt: string
}

export interface SeatView {
  label: string
  row: number
  column: number
  /** From the roster: who sits here. */
  candidate: { candidateId: string; name: string } | null
  /** The admitted station whose latest status names this seat (the most recently heard, if several). */
  stationId: string | null
  status: SeatStatus | null
  secondsSinceHeard: number | null
  /** late: the commands applied more than LATE_AFTER_MS after they were issued, and by how many seconds. */
  commands: { applied: number; refused: number; pending: number[]; late: { seq: number; lateBySeconds: number }[] }
  /** Whether the room holds a bundle for this seat's candidate. */
  collected: boolean
  /** Open rollback flags of this seat's station, or of a session noticed at this seat. */
  rollbacks: RollbackFlag[]
}

/**
 * A seat move as the room knows it: queued by `invigil room move` and not checked yet, refused (with why), signed
 * and waiting for the spare to take it over, or taken over.
 */
export type SeatMoveState = 'queued' | 'refused' | 'handing_over' | 'taken'

export interface SeatMoveView {
  moveId: string
  seat: string
  /** null while queued or when refused: the room had not matched a session to the seat. */
  sessionId: string | null
  fromStationId: string | null
  toStationId: string
  staffId: string
  reason: string
  /** When it was asked (queued, refused) or signed (handing over, taken). */
  at: string
  state: SeatMoveState
  takenAt: string | null
  /** Why the room refused it; null otherwise. */
  refusal: string | null
}

/** An irregularity a named staff member reported for a seat, with what the room knew was at that seat then. */
export interface IncidentReport {
  id: number
  seat: string
  sessionId: string | null
  candidateId: string | null
  stationId: string | null
  staffId: string
  text: string
  reportedAt: string
}

export interface RoomStatus {
  sittingId: string
  title: string
  roomTime: string
  seats: SeatView[]
  stations: (StationRecord & { seat: string | null; secondsSinceHeard: number; rollbacks: RollbackFlag[] })[]
  pending: StationRecord[]
  sessions: { sessionId: string; stationId: string; heldSeq: number; reportedSeq: number }[]
  incidents: Incident[]
  commands: { seq: number; cmdId: string; action: RoomAction; target: string; issuedAt: string; staffId: string }[]
  /** Counted per candidate against their own exam, in all and for each exam of the sitting. */
  collected: { collected: number; expected: number; exams: { examId: string; collected: number; expected: number }[] }
  moves: SeatMoveView[]
  /** The stations a seat can move to now (seatMoves.ts spareRefusal passes them). */
  spares: string[]
  reports: IncidentReport[]
}

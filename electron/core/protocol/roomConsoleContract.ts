/**
 * The room console's API: what the proctor's browser asks the room server (`POST /room/console/api/<method>`), as
 * plain types with no imports, so the renderer can `import type` them through '@contract'. The core's own types
 * (RoomStatus, SeatStatus, StationRecord) are pinned to these copies by roomConsoleContract.test.ts, and the
 * room's input schemas and handlers must cover exactly these methods (a compile-time check there too).
 */

export type RoomConsoleAction = 'release_start' | 'pause' | 'resume' | 'extend' | 'announce' | 'end'

export type RoomSeatState = 'idle' | 'checked_in' | 'running' | 'paused' | 'submitted' | 'interrupted'

/** A station's own view of its seat, as its last heartbeat said. */
export interface RoomSeatStatus {
  seat: string | null
  candidateId: string | null
  sessionId: string | null
  state: RoomSeatState
  answered: number
  total: number
  remainingMs: number | null
  lastSave: 'none' | 'ok' | 'failing'
  incidents: number
  environment: 'not_checked' | 'passed' | 'failed' | 'overridden'
}

/** A session a station reports behind the room's head, or no longer reports (roomTypes.ts RollbackFlag). */
export interface RoomRollbackView {
  stationId: string
  sessionId: string
  kind: 'no_head' | 'behind' | 'forked'
  seat: string | null
  heldSeq: number
  reportedSeq: number | null
  behindBy: number | null
  firstAt: string
  lastAt: string
}

export interface RoomSeatView {
  label: string
  row: number
  column: number
  candidate: { candidateId: string; name: string } | null
  stationId: string | null
  status: RoomSeatStatus | null
  secondsSinceHeard: number | null
  /** late: the commands applied more than LATE_AFTER_MS after they were issued, and by how many seconds. */
  commands: { applied: number; refused: number; pending: number[]; late: { seq: number; lateBySeconds: number }[] }
  collected: boolean
  rollbacks: RoomRollbackView[]
}

export interface RoomStationView {
  stationId: string
  publicKey: string
  admission: 'listed' | 'approved' | 'pending' | 'refused'
  decidedBy: string | null
  hostname: string
  appVersion: string
  firstSeen: string
  lastSeen: string
}

export type RoomIncidentKind =
  'rolled_back' | 'forged_message' | 'replayed_message' | 'stale_message' | 'log_refused' | 'unknown_ack'

export interface RoomIncidentView {
  kind: RoomIncidentKind
  stationId: string
  sessionId: string
  detail: string
  firstAt: string
  lastAt: string
  count: number
}

export interface RoomCommandView {
  seq: number
  cmdId: string
  action: RoomConsoleAction
  /** 'all', or the seat labels separated by spaces. */
  target: string
  issuedAt: string
  staffId: string
}

export type RoomMoveState = 'queued' | 'refused' | 'handing_over' | 'taken'

export interface RoomMoveView {
  moveId: string
  seat: string
  sessionId: string | null
  fromStationId: string | null
  toStationId: string
  staffId: string
  reason: string
  at: string
  state: RoomMoveState
  takenAt: string | null
  refusal: string | null
}

export interface RoomIncidentReportView {
  id: number
  seat: string
  sessionId: string | null
  candidateId: string | null
  stationId: string | null
  staffId: string
  text: string
  reportedAt: string
}

/** Why the room would not move a seat; the console shows `room.move.refusals.<code>`. */
export type RoomMoveRefusal =
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

export interface RoomStatusView {
  sittingId: string
  title: string
  roomTime: string
  seats: RoomSeatView[]
  stations: (RoomStationView & { seat: string | null; secondsSinceHeard: number; rollbacks: RoomRollbackView[] })[]
  pending: RoomStationView[]
  sessions: { sessionId: string; stationId: string; heldSeq: number; reportedSeq: number }[]
  incidents: RoomIncidentView[]
  commands: RoomCommandView[]
  collected: { collected: number; expected: number; exams: { examId: string; collected: number; expected: number }[] }
  moves: RoomMoveView[]
  spares: string[]
  reports: RoomIncidentReportView[]
}

/** Who signed in, and how long the token lives without a call. */
export interface RoomStaffSession {
  token: string
  staffId: string
  name: string
  role: 'proctor' | 'admin'
  idleMs: number
}

export type RoomCommandTarget = { all: true } | { seats: string[] }

export interface RoomConsoleMethods {
  /** A proctor's PIN or an admin's password, checked against the sitting's verifier for that staff id. */
  'room.login': { input: { staffId: string; pin: string }; output: RoomStaffSession }
  'room.logout': { input: { token: string }; output: { loggedOut: true } }
  'room.status': { input: { token: string }; output: RoomStatusView }
  /** Signed and queued under the signed-in staff member's id; stations fetch it on their next heartbeat. */
  'room.command': {
    input: {
      token: string
      action: RoomConsoleAction
      target: RoomCommandTarget
      minutes?: number
      message?: string
      reason: string
    }
    output: RoomCommandView
  }
  /**
   * Moves a seat's session to a spare station. The signed-in staff member types their PIN (or password) again: a
   * move hands a candidate's session to another PC. Refused as MOVE_REFUSED with `details.refusal`.
   */
  'room.move': {
    input: { token: string; pin: string; seat: string; toStationId: string; reason: string }
    output: RoomMoveView
  }
  /** An irregularity report for a seat under the signed-in staff member's id, kept in the room's record. */
  'room.incident': { input: { token: string; seat: string; text: string }; output: RoomIncidentReportView }
  'room.approveStation': { input: { token: string; stationId: string }; output: RoomStationView }
  'room.refuseStation': { input: { token: string; stationId: string }; output: RoomStationView }
}

export type RoomConsoleMethod = keyof RoomConsoleMethods
export type RoomConsoleInput<M extends RoomConsoleMethod> = RoomConsoleMethods[M]['input']
export type RoomConsoleOutput<M extends RoomConsoleMethod> = RoomConsoleMethods[M]['output']

export type RoomConsoleErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNKNOWN_METHOD'
  | 'TRANSPORT_FAILED'
  | 'INTERNAL'
  | 'AUTH_REQUIRED'
  | 'PIN_INVALID'
  | 'PIN_LOCKED'
  | 'BAD_COMMAND'
  | 'UNKNOWN_STATION'
  | 'LISTED_STATION'
  | 'UNKNOWN_SEAT'
  | 'MOVE_REFUSED'

export interface RoomConsoleError {
  code: RoomConsoleErrorCode
  /** English, for logs; the console shows `room.errors.<code>`. */
  message: string
  /** e.g. `retryAfterMs` for a locked staff id, `refusal` for a refused move. */
  details?: Record<string, unknown>
}

export type RoomConsoleResult<T> = { ok: true; value: T } | { ok: false; error: RoomConsoleError }

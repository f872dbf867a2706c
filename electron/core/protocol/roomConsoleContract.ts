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

export interface RoomSeatView {
  label: string
  row: number
  column: number
  candidate: { candidateId: string; name: string } | null
  stationId: string | null
  status: RoomSeatStatus | null
  secondsSinceHeard: number | null
  commands: { applied: number; refused: number; pending: number[] }
  collected: boolean
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

export interface RoomStatusView {
  sittingId: string
  title: string
  roomTime: string
  seats: RoomSeatView[]
  stations: (RoomStationView & { seat: string | null; secondsSinceHeard: number })[]
  pending: RoomStationView[]
  sessions: { sessionId: string; stationId: string; heldSeq: number; reportedSeq: number }[]
  incidents: RoomIncidentView[]
  commands: RoomCommandView[]
  collected: { collected: number; expected: number }
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

export interface RoomConsoleError {
  code: RoomConsoleErrorCode
  /** English, for logs; the console shows `room.errors.<code>`. */
  message: string
  /** e.g. `retryAfterMs` for a locked staff id. */
  details?: Record<string, unknown>
}

export type RoomConsoleResult<T> = { ok: true; value: T } | { ok: false; error: RoomConsoleError }

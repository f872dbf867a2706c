/**
 * The one API contract between the renderer and the station. Both transports (Electron preload over IPC, and the
 * browser host over loopback HTTP/WebSocket) carry exactly these methods to the same handlers, which validate every
 * input with zod. This file holds types only, so the sandboxed renderer can import it (`import type` from
 * '@contract'). Where a core type file is DOM-safe (no Node imports), the contract re-exports the core type itself;
 * elsewhere it keeps its own copy and `contractTypes.test.ts` pins the copy to the core type.
 */

import type { CandidateResponse } from '../base/responseSchema'
import type { SessionState } from '../base/sessionState'
import type { AnswerAck, StruckOptions } from '../session/unitReplies'
import type { AdminApiMethods } from './adminContract'
import type { ProctorApiMethods, QuestionProgress } from './proctorContract'

export type * from './adminContract'
export type * from './proctorContract'
/** The room console's methods (served by the room, not the station): its own contract, carried here for '@contract'. */
export type * from '../protocol/roomConsoleContract'
/** Responses and what saving one or striking out options returns: the core's own types. */
export type { AnswerAck, CandidateResponse, StruckOptions }
/** The session lifecycle's states, as the core's state machine names them. */
export type { SessionState }

/** Results cross process boundaries as data, because `instanceof` does not survive IPC. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError }

export interface ApiError {
  /** Stable machine code; the renderer maps it to a translated message (`errors.<CODE>`). */
  code: ApiErrorCode
  /** English, for logs and developers; never shown to candidates as is. */
  message: string
  /** Numbers the UI may show, e.g. `retryAfterMs` for a PIN lockout. */
  details?: Record<string, unknown>
}

export type ApiErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNKNOWN_METHOD'
  | 'NO_EXAM_INSTALLED'
  | 'NO_ACTIVE_SESSION'
  | 'SESSION_NOT_FOUND'
  | 'ILLEGAL_TRANSITION'
  | 'NOT_RUNNING'
  | 'TIME_UP'
  | 'SESSION_INTERRUPTED'
  | 'PIN_NOT_SET'
  | 'PIN_FORMAT'
  | 'PIN_INVALID'
  | 'PIN_LOCKED'
  | 'EXTENSION_LIMIT'
  | 'TAMPER_DETECTED'
  | 'STORAGE_FAILED'
  | 'TRANSPORT_FAILED'
  | 'INTERNAL'
  // Staff sessions and station setup.
  | 'AUTH_REQUIRED'
  | 'NOT_SET_UP'
  | 'ALREADY_SET_UP'
  | 'ADMIN_PASSWORD_FORMAT'
  | 'ADMIN_PASSWORD_INVALID'
  | 'ADMIN_PASSWORD_LOCKED'
  // Exam packages and their installation.
  | 'AUTHORITY_KEY_INVALID'
  | 'PACKAGE_INVALID'
  | 'PACKAGE_UNTRUSTED'
  | 'PACKAGE_PASSWORD_REQUIRED'
  | 'PACKAGE_PASSWORD_WRONG'
  | 'PACKAGE_SETTINGS_INVALID'
  | 'EXAM_INVALID'
  | 'ACCOMMODATIONS_NOT_ALLOWED'
  // Sitting files and their installation.
  | 'SITTING_UNTRUSTED'
  | 'ROOM_UNREACHABLE'
  | 'ROOM_NOT_PINNED'
  | 'SITTING_ALTERED'
  | 'SITTING_INVALID'
  | 'SITTING_PACKAGE_UNTRUSTED'
  | 'SITTING_PACKAGE_INVALID'
  | 'SITTING_NOT_FOR_STATION'
  | 'SITTING_CLOSED'
  | 'SITTING_PACKAGE_UNSUPPORTED'
  // The desk, grading and export.
  | 'NOT_ON_ROSTER'
  | 'ROSTER_NAME_MISMATCH'
  | 'ENVIRONMENT_BLOCKED'
  | 'START_NOT_RELEASED'
  | 'NOT_GRADABLE'
  | 'SCORE_OUT_OF_RANGE'
  | 'EXPORT_DIR_INVALID'
  | 'EXPORT_IN_PROGRESS'
  | 'EXPORT_FAILED'
  | 'BUNDLE_INVALID'
  | 'JOB_NOT_FOUND'

// ---- Candidate-safe exam content: no keys, explanations, reference answers or notes exist in these types. ----

export interface CandidateOption {
  /** The original option letter: what a response stores. The UI labels options by position (A, B, C...). */
  letter: string
  text: string
  /** Core-rendered HTML of a markdown bank's option (sanitised again before display); absent for plain banks. */
  html?: string
}

export type CandidateUnitType = 'single' | 'multiple' | 'true_false' | 'short_answer'

export interface CandidatePart {
  id: string
  type: CandidateUnitType
  stem: string
  /** Core-rendered HTML of a markdown bank's stem (sanitised again before display); absent for plain banks. */
  stemHtml?: string
  points: number
  options: CandidateOption[]
}

export interface CandidateItem {
  id: string
  type: CandidateUnitType | 'scenario'
  /** Position within the section as delivered, from 1. */
  number: number
  stem: string
  /** Core-rendered HTML of a markdown bank's stem or case text; absent for plain banks. */
  stemHtml?: string
  points: number
  options: CandidateOption[]
  /** Scenario sub-questions, answered by their own ids; empty for other types. */
  parts: CandidatePart[]
}

export interface CandidateSection {
  id: string
  title: string
  items: CandidateItem[]
}

export interface CandidateExam {
  id: string
  title: string
  language: string
  duration_minutes: number
  instructions?: string
  sections: CandidateSection[]
}

// ---- Station and session views. ----

export interface StationStatus {
  stationId: string
  appVersion: string
  /** The installed exam's public facts, or null when none is installed. */
  exam: { id: string; title: string; language: string; durationMinutes: number; itemCount: number } | null
  /** The session this station is running for a candidate, if any. */
  activeSessionId: string | null
  transport: 'electron' | 'browser-host'
  /** The installed sitting names its proctors: the proctor sign-in asks for a staff id beside the PIN. */
  namedProctors: boolean
}

export interface TimeView {
  state: SessionState
  allowedMs: number
  elapsedMs: number
  remainingMs: number
  /**
   * Thresholds (ms remaining: 600000, 300000, 60000) announced since remaining time last rose above them. A proctor's
   * extension re-arms the ones it lifts time back above, so they leave this list and may be announced again.
   */
  warnings: number[]
}

export interface SavedAnswer {
  unitId: string
  response: CandidateResponse
  revision: number
  savedAt: string
}

/** Everything the UI restores a session from after a reload or renderer crash. */
export interface SessionView {
  sessionId: string
  state: SessionState
  candidate: { candidateId: string; name: string }
  exam: CandidateExam
  answers: SavedAnswer[]
  flags: string[]
  /** Only units with at least one option struck out. */
  struckOptions: StruckOptions[]
  /** The unit the candidate was on, so a reload returns there. */
  position: string | null
  rulesAcknowledged: boolean
  time: TimeView
  /** Who ended the session, once it is submitted: the candidate, a proctor (or the room), or the clock. */
  submitReason: SubmitReason | null
  /** The candidate's receipt, once the session is submitted. */
  receipt: SubmissionReceipt | null
  /** Set while a session the room moved to this PC waits for its candidate to continue it here. */
  movedHere: MovedHereView | null
}

/** What the candidate at a spare PC is told before continuing: their seat, and the answers the move kept. */
export interface MovedHereView {
  seat: string
  movedAt: string
  /** Questions answered on the PC the session came from, all kept, as the candidate counts them on screen. */
  kept: QuestionProgress
}

/**
 * What the candidate takes away: who, which exam, when, and a code derived from the session's event chain at the
 * moment of submission (core/bundle/submissionReceipt.ts), which `invigil results receipt` finds in the results.
 */
export interface SubmissionReceipt {
  code: string
  candidate: { candidateId: string; name: string }
  exam: { id: string; title: string }
  submittedAt: string
}

export type SubmitReason = 'candidate' | 'proctor' | 'time_up'

/**
 * What the room has told this station's candidate (docs/room.md): only what a candidate may see of the room's
 * signed commands, each verified and settled by the station first.
 */
export interface RoomNoticesView {
  /** This station takes commands from a room: the candidate's start waits for the room's release. */
  linked: boolean
  /** The room released the start for every seat or for the seat served here; always true when not linked. */
  startReleased: boolean
  /** The room's announcements for this seat, newest first. */
  announcements: RoomAnnouncement[]
}

export interface RoomAnnouncement {
  /** The command's id: stable, so the screen knows which it has already shown. */
  id: string
  message: string
  /** When the proctor sent it (the room's clock, ISO 8601). */
  at: string
}

export interface TickView extends TimeView {
  /** Thresholds newly announced by this tick (the UI speaks them once per crossing). */
  newWarnings: number[]
  timeUp: boolean
}

export interface SubmittedView {
  sessionId: string
  state: SessionState
  submittedAt: string
  /** Answerable units (each scenario part counts): for logs. Screens show `questions`. */
  answeredCount: number
  unitCount: number
  questions: QuestionProgress
  receipt: SubmissionReceipt | null
}

// ---- The methods. ----

/** Candidate methods act on the station's active session and never return answer keys or reference answers. */
export interface ApiMethods extends ProctorApiMethods, AdminApiMethods {
  'station.status': { input: Record<string, never>; output: StationStatus }
  'station.roomNotices': { input: Record<string, never>; output: RoomNoticesView }
  'session.checkIn': { input: { candidateId: string; name: string }; output: SessionView }
  'session.current': { input: Record<string, never>; output: SessionView | null }
  'session.acknowledgeRules': { input: Record<string, never>; output: SessionView }
  'session.saveAnswer': { input: { unitId: string; response: CandidateResponse }; output: AnswerAck }
  'session.setFlag': { input: { unitId: string; flagged: boolean }; output: { flags: string[] } }
  /** Replaces the unit's struck-out options with `letters` (empty clears them); returns them as stored. */
  'session.setStruckOptions': { input: StruckOptions; output: StruckOptions }
  'session.navigate': { input: { unitId: string }; output: { position: string } }
  'session.tick': { input: Record<string, never>; output: TickView }
  'session.submit': { input: Record<string, never>; output: SubmittedView }
}

export type ApiMethod = keyof ApiMethods
export type ApiInput<M extends ApiMethod> = ApiMethods[M]['input']
export type ApiOutput<M extends ApiMethod> = ApiMethods[M]['output']

/** What each transport gives the renderer: `window.invigil` in Electron, a fetch/WebSocket client in a browser. */
export interface InvigilBridge {
  call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiResult<ApiOutput<M>>>
}

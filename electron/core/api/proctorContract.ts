/**
 * The proctor's part of the API contract (types only; see contract.ts). Every method but login carries the token
 * login returned: a short-lived, in-memory session of the handler process, dropped at logout or after inactivity.
 */
import type { EnvironmentOutcome } from '../environment/environmentIncident'
import type { EnvironmentReport } from '../environment/environmentTypes'
import type { SessionState } from '../base/sessionState'
import type { KioskIncidentFacts } from '../kiosk/osEventIncident'

export type { CheckId, CheckStatus, EnvironmentCheck, EnvironmentReport } from '../environment/environmentTypes'
export type { CheckMessage } from '../environment/environmentMessages'
export type { EnvironmentOutcome } from '../environment/environmentIncident'
export type { KioskIncidentFacts, OsEventKind } from '../kiosk/osEventIncident'
export type { KeyCategory } from '../kiosk/kioskInputFilter'

/** What a login returns: the token to pass with each call, and how long it lives without use. */
export interface StaffSession {
  token: string
  role: 'proctor' | 'admin'
  idleTimeoutMs: number
}

export interface TokenInput {
  token: string
}

export interface Accommodations {
  /** Extra time as a percentage of the exam's duration, 0-400. */
  extraPercent?: number
  /** Extra whole minutes, 0-1440. */
  extraMinutes?: number
}

/** A roster line, as the proctor's lookup and the admin's roster view show it. */
export interface RosterCandidate {
  candidateId: string
  name: string
  accommodations: Accommodations
  /** The seat an installed sitting gives the candidate; absent on a roster imported from CSV. */
  seat?: string
  /** The exam an installed sitting of several exams gives the candidate; absent otherwise. */
  examId?: string
}

/**
 * Progress in the candidate's unit, the same on every screen: questions as the candidate sees them numbered. A
 * scenario is one question, answered once every one of its parts has an answer.
 */
export interface QuestionProgress {
  answered: number
  total: number
}

export interface Extension {
  minutes: number
  reason: string
  at: string
}

/** The station's active session, as the proctor sees it: who, where in the lifecycle, how much time is left. */
export interface ProctorSessionView {
  sessionId: string
  state: SessionState
  candidate: { candidateId: string; name: string } | null
  time: { allowedMs: number; elapsedMs: number; remainingMs: number }
  /** Answerable units (each scenario part counts): for logs. The panel shows `questions`, as the candidate counts. */
  answeredCount: number
  unitCount: number
  questions: QuestionProgress
  extensions: Extension[]
  /** How many more minutes extensions may add to this session (they add up to at most a fixed total). */
  extensionMinutesLeft: number
  /** Set once the proctor unlocked the kiosk's exit for this desk. */
  exitUnlockedAt: string | null
  /** A room station's candidate checked in and waiting for the room's release of the start. */
  startHeld: boolean
}

/** A session a stopped process left behind: recoverable with the proctor's authority, unless its record is damaged. */
export interface InterruptedSessionView {
  sessionId: string
  examId: string
  candidate: { candidateId: string; name: string } | null
  elapsedMs: number
  remainingMs: number
  updatedAt: string
  /** Set when the record fails verification: it cannot be recovered and needs an administrator. */
  problem: string | null
}

/** Why the station's last write failed, so the proctor knows what help saves need (a full disk needs space freed). */
export interface StorageFailureView {
  /** 'disk_full' when the disk (or the database) has no room left; 'storage_error' for any other failed write. */
  reason: 'disk_full' | 'storage_error'
  at: string
}

export interface ProctorStatus {
  exam: { id: string; title: string; durationMinutes: number; accommodationsAllowed: boolean } | null
  session: ProctorSessionView | null
  interrupted: InterruptedSessionView[]
  /** How many candidates the imported roster holds; 0 when there is none (any candidate may be started). */
  rosterCount: number
  /** Set after a write failed, until an answer is saved again; absent while the station stores normally. */
  storageFailure?: StorageFailureView
}

export type IncidentType = 'focus_lost' | 'escape_attempt' | 'display_changed' | 'environment_check'

export interface IncidentView {
  /** The event's position in the session's log: pass the last one seen as `since` to get only newer ones. */
  seq: number
  type: IncidentType
  at: string
  /** A short description from whoever reported it (e.g. the key combination that was blocked). */
  detail: string | null
  /**
   * An environment check's outcome as facts, for the feed to say in the proctor's language: whether the checks
   * passed, which failed, and a proctor's override reason.
   */
  environment?: EnvironmentOutcome
  /** What the kiosk shell noticed (a blocked key, a display change…) as facts, for the proctor's language. */
  kiosk?: KioskIncidentFacts
}

export interface IncidentsView {
  sessionId: string | null
  incidents: IncidentView[]
  /** The highest seq returned (or `since` when nothing is new). */
  latestSeq: number
}

export interface StartSessionInput extends TokenInput {
  candidateId: string
  /** Needed only for a candidate not on the roster (or when there is no roster); a roster's name wins. */
  name?: string
  /** Overrides the roster's extra time for this sitting. */
  accommodations?: Accommodations
  /** Start a candidate missing from the roster (the proctor checked their papers). */
  allowUnlisted?: boolean
  /**
   * Start although an environment check failed (logged with the reason in the session's record). Without it, a
   * failed check stops the start with ENVIRONMENT_BLOCKED and the report in the error's details.
   */
  override?: { reason: string }
}

export interface ProctorApiMethods {
  /** With `staffId`, a proctor the installed sitting names, with their own PIN; without, the station's PIN. */
  'proctor.login': { input: { pin: string; staffId?: string }; output: StaffSession }
  'proctor.logout': { input: TokenInput; output: { loggedOut: true } }
  'proctor.status': { input: TokenInput; output: ProctorStatus }
  'proctor.findCandidates': { input: TokenInput & { query: string }; output: RosterCandidate[] }
  /** Runs the environment checks now, so the proctor sees them before starting; startSession runs them again. */
  'proctor.checkEnvironment': { input: TokenInput; output: EnvironmentReport }
  'proctor.startSession': { input: StartSessionInput; output: ProctorStatus }
  'proctor.pause': { input: TokenInput; output: ProctorStatus }
  'proctor.resume': { input: TokenInput; output: ProctorStatus }
  'proctor.extend': { input: TokenInput & { minutes: number; reason: string }; output: ProctorStatus }
  'proctor.endSession': { input: TokenInput & { reason: string }; output: ProctorStatus }
  /** The room is down: the station's proctor lets the checked-in candidate start here, with the reason logged. */
  'proctor.releaseStart': { input: TokenInput & { reason: string }; output: ProctorStatus }
  'proctor.unlockExit': { input: TokenInput; output: { exitUnlockedAt: string; sessionId: string | null } }
  'proctor.recover': { input: TokenInput & { sessionId: string }; output: ProctorStatus }
  'proctor.incidents': { input: TokenInput & { since?: number }; output: IncidentsView }
}

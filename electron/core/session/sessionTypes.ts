import type { StoredAnswer } from '../db/answerStore'
import type { StoredManualScore } from '../db/manualScoreStore'
import type { JsonValue } from '../base/jsonValue'
import type { SessionState } from '../base/sessionState'
import type { Accommodations } from './sessionTimer'
import type { StruckOptions } from './unitReplies'

export type { AnswerAck, StruckOptions } from './unitReplies'

/** The plain data the session service takes and returns: what API handlers serialise across IPC/HTTP. */
export interface CreateSessionInput {
  examId: string
  /** SHA-256 (hex) of the installed exam package the form was built from. */
  packageHash: string
  /** Seed of the delivery form (item and option order), so a recovered session rebuilds the same form. */
  formSeed: string
  durationMs: number
  accommodations?: Accommodations
}

export interface CandidateIdentity {
  candidateId: string
  name: string
}

export interface SessionSummary {
  sessionId: string
  state: SessionState
}

export type SubmitReason = 'candidate' | 'proctor' | 'time_up'

export const INCIDENT_TYPES = ['focus_lost', 'escape_attempt', 'display_changed', 'environment_check'] as const
export type IncidentType = (typeof INCIDENT_TYPES)[number]

export interface TimeStatus {
  state: SessionState
  allowedMs: number
  elapsedMs: number
  remainingMs: number
}

export interface TickResult extends TimeStatus {
  /** Warning thresholds (ms remaining) announced by this tick, each once per crossing (an extension re-arms them). */
  newWarnings: number[]
  /** Every threshold announced since remaining time last rose above it: the ones not to speak again. */
  warnings: number[]
  /** True when this tick submitted the session because time ran out. */
  timeUp: boolean
}

/** Everything the UI restores a session from. */
export interface SessionSnapshot extends TimeStatus {
  sessionId: string
  examId: string
  packageHash: string
  formSeed: string
  candidate: CandidateIdentity | null
  answers: StoredAnswer[]
  flags: string[]
  /** Options the candidate struck out, per choice unit: scratch work, never part of the exported record. */
  struckOptions: StruckOptions[]
  /** Warning thresholds announced since remaining time last rose above them. */
  warnings: number[]
  /** Minutes proctors may still add (the exam's length in all, at most 240: sessionTiming.extensionLimitMinutes). */
  extensionMinutesLeft: number
}

export interface InterruptedSession {
  sessionId: string
  examId: string
  elapsedMs: number
  remainingMs: number
  updatedAt: string
  /** Set when the session's record fails verification: it cannot be recovered and needs an administrator. */
  problem?: string
}

export interface Extension {
  minutes: number
  reason: string
  at: string
}

/** Plain data for the bundle writer: decrypted, verified, nothing left to look up. */
export interface SessionRecord {
  format: 'invigil-session-record/1'
  session: { id: string; examId: string; packageHash: string; formSeed: string; keyId: string; createdAt: string }
  state: SessionState
  candidate: CandidateIdentity | null
  /** The latest revision per unit. */
  responses: StoredAnswer[]
  /** Every revision, for the audit trail. */
  revisions: StoredAnswer[]
  flags: string[]
  manualScores: StoredManualScore[]
  timing: {
    durationMs: number
    accommodations: Accommodations
    extensions: Extension[]
    allowedMs: number
    elapsedMs: number
    submitReason: SubmitReason | null
  }
  events: string[]
  head: { seq: number; hash: string }
}

export type IncidentData = Record<string, JsonValue>

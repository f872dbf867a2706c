import type { StoredManualScore } from '../db/manualScoreStore'
import { candidateAad, sealedDigest, sealJson } from '../db/sessionCrypto'
import { verifySessionIntegrity, type IntegrityReport } from '../db/sessionIntegrity'
import { NO_LOCKOUT } from '../base/staffLockout'
import { DEFAULT_PIN_PARAMS, type ScryptParams } from '../crypto/secretHash'
import { hashProctorPin } from './proctorPinHash'
import { withProctorPin } from './proctorGate'
import type { ProctorProof } from './proctorProof'
import {
  optionLettersSchema,
  responseSchema,
  responseSchemaFor,
  unitIdSchema,
  type CandidateResponse,
  type ResponseKind,
} from '../base/responseSchema'
import { recordAnswer, recordFlag, recordStruckOptions } from './candidateActions'
import { SessionContext, type SessionServiceDeps } from './sessionContext'
import { SessionError } from '../base/sessionErrors'
import { nextState } from '../base/sessionState'
import { markSessionExported, recordManualScore, type ExportProof, type ManualScoreInput } from './sessionResults'
import {
  candidateSchema,
  extensionSchema,
  incidentDataSchema,
  parseInput,
  submitNoteSchema,
  submitReasonSchema,
} from './sessionInputs'
import { createSessionRecord } from './sessionCreation'
import { exportRecordOf, snapshotOf } from './sessionRecords'
import { listInterrupted, recoverSession } from './sessionRecovery'
import { applyRoomCommand, roomNotices, type RoomCommandResult, type RoomNotices, type RoomTrust } from './roomCommands'
import {
  adoptMovedSession,
  escrowMaterial,
  type Adopted,
  type AdoptInput,
  type EscrowMaterial,
} from './sessionHandover'
import { currentSeat, logChunk, sessionHeads, submittedSessions, type LogChunk, type SeatView } from './seatReport'
import { markPersisted, setRunning } from './sessionTimer'
import {
  extendSession,
  liveTimer,
  pauseOrResume,
  storedTimer,
  submitSession,
  tickSession,
  timeStatus,
} from './sessionTiming'
import {
  INCIDENT_TYPES,
  type AnswerAck,
  type CreateSessionInput,
  type IncidentType,
  type InterruptedSession,
  type SessionRecord,
  type SessionSnapshot,
  type SessionSummary,
  type SubmitReason,
  type TickResult,
  type TimeStatus,
} from './sessionTypes'

export type { SessionServiceDeps } from './sessionContext'
export type { CandidateResponse }

/**
 * The one object API handlers (Electron IPC, browser host, CLI rehearsal) call. Candidate actions are synchronous
 * and return only after their transaction committed; proctor actions are async because PIN hashing must not block
 * the main process. Failures are SessionError / StoreError with a string `code`.
 */
export class SessionService {
  private readonly ctx: SessionContext
  private readonly pinParams: ScryptParams

  constructor(deps: SessionServiceDeps) {
    this.ctx = new SessionContext(deps)
    this.pinParams = deps.pinParams ?? DEFAULT_PIN_PARAMS
  }

  /** Sets or replaces the station's proctor PIN. Who may do this is the caller's (admin's) decision. */
  async setProctorPin(pin: string): Promise<void> {
    const hashed = await hashProctorPin(pin, this.ctx.random, this.pinParams)
    this.ctx.credentials.write({ pin: hashed, lockout: NO_LOCKOUT }, this.ctx.nowIso())
  }

  hasProctorPin(): boolean {
    return this.ctx.credentials.read() !== undefined
  }

  createSession(input: CreateSessionInput): SessionSummary {
    return createSessionRecord(this.ctx, input)
  }

  /** Records who sits the exam; the identity is stored only encrypted, the log keeps its digest. */
  checkIn(sessionId: string, candidate: { candidateId: string; name: string }): SessionSummary {
    const identity = parseInput(candidateSchema, candidate, 'candidate')
    const ctx = this.ctx
    const sealed = sealJson(ctx.keys(sessionId), identity, candidateAad(sessionId), ctx.random)
    ctx.transaction(() => {
      ctx.transition(sessionId, 'check_in', 'checked_in', { candidate: sealedDigest(sealed) })
      ctx.sessions.setCandidate(sessionId, sealed.nonce, sealed.ciphertext, ctx.nowIso())
    })
    return { sessionId, state: 'checked_in' }
  }

  /** Starts the clock: first start after check-in, or the candidate continuing after a PIN-gated recovery. */
  start(sessionId: string): TimeStatus {
    const ctx = this.ctx
    const from = ctx.row(sessionId).state
    nextState(from, 'start')
    if (from === 'recovered') ctx.assertIntegrity(sessionId)
    // After recovery the timer is this process's (liveTimer refuses one left by a dead process).
    const timer = setRunning(from === 'checked_in' ? storedTimer(ctx, sessionId) : liveTimer(ctx, sessionId), true)
    const status = timeStatus('running', timer)
    ctx.transition(sessionId, 'start', 'started', { elapsedMs: status.elapsedMs, remainingMs: status.remainingMs })
    ctx.timers.set(sessionId, markPersisted(timer))
    return status
  }

  // Candidate actions come in two forms. The API parses its input once, at its own boundary, against the unit's kind
  // on the session's form, and calls the record* methods with what it parsed. Callers holding raw values (the CLI
  // rehearsal, tests) call saveAnswer/setFlag/setStruckOptions, which parse here, once, and then record the same way.

  /** Parses a raw unit id and response (against `kind`, when the caller resolved the unit on the form), then saves. */
  saveAnswer(sessionId: string, unitId: string, response: unknown, kind?: ResponseKind): AnswerAck {
    const unit = parseInput(unitIdSchema, unitId, 'item id')
    return this.recordAnswer(
      sessionId,
      unit,
      parseInput(kind ? responseSchemaFor(kind) : responseSchema, response, `response to ${unit}`),
    )
  }

  /** Saves a parsed response to a unit; the acknowledgement comes only after the commit (candidateActions.ts). */
  recordAnswer(sessionId: string, unitId: string, response: CandidateResponse): AnswerAck {
    return recordAnswer(this.ctx, sessionId, unitId, response)
  }

  setFlag(sessionId: string, unitId: string, flagged: boolean): void {
    this.recordFlag(sessionId, parseInput(unitIdSchema, unitId, 'item id'), flagged)
  }

  recordFlag(sessionId: string, unitId: string, flagged: boolean): void {
    recordFlag(this.ctx, sessionId, unitId, flagged)
  }

  /** Parses a raw unit id and letters, then records them as recordStruckOptions does. */
  setStruckOptions(sessionId: string, unitId: string, letters: readonly string[]): string[] {
    const unit = parseInput(unitIdSchema, unitId, 'item id')
    return this.recordStruckOptions(
      sessionId,
      unit,
      parseInput(optionLettersSchema, letters, `struck options of ${unit}`),
    )
  }

  /** Replaces the options struck out on one choice unit; returns the set as stored (candidateActions.ts). */
  recordStruckOptions(sessionId: string, unitId: string, letters: readonly string[]): string[] {
    return recordStruckOptions(this.ctx, sessionId, unitId, letters)
  }

  async pause(sessionId: string, pin: ProctorProof): Promise<TimeStatus> {
    return await withProctorPin(this.ctx, sessionId, 'pause', pin, () => pauseOrResume(this.ctx, sessionId, 'pause'))
  }

  async resume(sessionId: string, pin: ProctorProof): Promise<TimeStatus> {
    return await withProctorPin(this.ctx, sessionId, 'resume', pin, () => pauseOrResume(this.ctx, sessionId, 'resume'))
  }

  async extend(sessionId: string, pin: ProctorProof, minutes: number, reason: string): Promise<TimeStatus> {
    const extension = parseInput(extensionSchema, { minutes, reason }, 'extension')
    return await withProctorPin(this.ctx, sessionId, 'extend', pin, () => extendSession(this.ctx, sessionId, extension))
  }

  /** The station's proctor lets a checked-in candidate start without the room's release (the room is down). */
  async releaseStartHere(sessionId: string, pin: ProctorProof, reason: string): Promise<void> {
    const why = parseInput(submitNoteSchema, reason, 'reason')
    await withProctorPin(this.ctx, sessionId, 'release_start', pin, () => undefined, { reason: why })
  }

  /** `note` says why a proctor ended the session; it is recorded in the `submitted` event. */
  submit(sessionId: string, reason: SubmitReason, note?: string): TimeStatus {
    const why = parseInput(submitReasonSchema, reason, 'submit reason')
    return submitSession(
      this.ctx,
      sessionId,
      why,
      note === undefined ? undefined : parseInput(submitNoteSchema, note, 'submit note'),
    )
  }

  logIncident(sessionId: string, type: IncidentType, data: Record<string, unknown> = {}): void {
    if (!INCIDENT_TYPES.includes(type))
      throw new SessionError('VALIDATION_FAILED', `unknown incident type ${String(type)}`)
    const valid = parseInput(incidentDataSchema, data, 'incident data')
    const state = this.ctx.row(sessionId).state
    if (state === 'exported') throw new SessionError('NOT_RUNNING', `session ${sessionId} is exported`, { state })
    this.ctx.append(sessionId, type, valid)
  }

  tick(sessionId: string): TickResult {
    return tickSession(this.ctx, sessionId)
  }

  snapshot(sessionId: string): SessionSnapshot {
    return snapshotOf(this.ctx, sessionId)
  }

  listInterrupted(): InterruptedSession[] {
    return listInterrupted(this.ctx)
  }

  async recover(sessionId: string, pin: ProctorProof): Promise<SessionSnapshot> {
    return await recoverSession(this.ctx, sessionId, pin)
  }

  exportRecord(sessionId: string): SessionRecord {
    return exportRecordOf(this.ctx, sessionId)
  }

  /** Marks the session exported once its bundle is safely written (sessionResults.ts says when it marks again). */
  markExported(sessionId: string, proof: ExportProof = {}): SessionSummary {
    return markSessionExported(this.ctx, sessionId, proof)
  }

  recordManualScore(sessionId: string, score: ManualScoreInput): StoredManualScore {
    return recordManualScore(this.ctx, sessionId, score)
  }

  manualScores(sessionId: string): StoredManualScore[] {
    return this.ctx.scores.all(this.ctx.keys(sessionId))
  }

  verifyIntegrity(sessionId: string): IntegrityReport {
    return verifySessionIntegrity(this.ctx.db, this.ctx.keys(sessionId))
  }

  // The room (core/roomLink): commands its signature authorises, and what the station reports to it.

  /** Runs `listener` after each commit that changed a session (sessionCommits.ts); returns the unsubscribe. */
  onCommit(listener: () => void): () => void {
    return this.ctx.commits.subscribe(listener)
  }

  /** Verifies a signed room command against the sitting's room key, then applies it once (roomCommands.ts). */
  applyRoomCommand(signed: unknown, trust: RoomTrust): RoomCommandResult {
    return applyRoomCommand(this.ctx, signed, trust)
  }

  roomNotices(sittingId: string): RoomNotices {
    return roomNotices(this.ctx, sittingId)
  }

  currentSeat(): SeatView | undefined {
    return currentSeat(this.ctx)
  }

  submittedSessions(): string[] {
    return submittedSessions(this.ctx)
  }

  sessionHeads(max = 100): { sessionId: string; seq: number; hash: string }[] {
    return sessionHeads(this.ctx, max)
  }

  logChunk(sessionId: string, fromSeq: number, max: number): LogChunk {
    return logChunk(this.ctx, sessionId, fromSeq, max)
  }

  /** What a spare PC needs to take the session over, for the link to seal to the room (sessionHandover.ts). */
  escrowMaterial(sessionId: string): EscrowMaterial {
    return escrowMaterial(this.ctx, sessionId)
  }

  /** Takes over a session moved here from another station; the room's order and signatures go into its log. */
  adoptMovedSession(input: AdoptInput): Adopted {
    return adoptMovedSession(this.ctx, input)
  }
}

import type { SessionEvent } from '../base/eventChain'
import { candidateAad, openJson } from '../db/sessionCrypto'
import type { SessionContext } from './sessionContext'
import { SessionError } from '../base/sessionErrors'
import { candidateSchema } from './sessionInputs'
import type { SessionState } from '../base/sessionState'
import { persistedElapsedMs, remainingMs, type Accommodations } from './sessionTimer'
import { announcedWarnings, extensionMinutesLeft, storedTimer } from './sessionTiming'
import { struckOptionsOf } from './struckOptions'
import type { CandidateIdentity, Extension, SessionRecord, SessionSnapshot, SubmitReason } from './sessionTypes'

/** Read models of a session: the snapshot the UI restores from and the record the bundle writer exports. */

export function candidateOf(ctx: SessionContext, sessionId: string): CandidateIdentity | null {
  const row = ctx.row(sessionId)
  if (!row.candidate_nonce || !row.candidate_ct) return null
  const sealed = { nonce: row.candidate_nonce, ciphertext: row.candidate_ct }
  return candidateSchema.parse(openJson(ctx.keys(sessionId), sealed, candidateAad(sessionId)))
}

/** Flags are not duplicated in a table: they are the fold of flagged/unflagged events. */
export function flagsOf(ctx: SessionContext, sessionId: string): string[] {
  return flagsIn(ctx.log.eventsOfType(sessionId, ['flagged', 'unflagged']))
}

/** The fold itself, over a log already read (other event types are skipped). */
function flagsIn(events: readonly SessionEvent[]): string[] {
  const flags = new Set<string>()
  for (const event of events) {
    if (event.type !== 'flagged' && event.type !== 'unflagged') continue
    const item = String(event.data.item)
    if (event.type === 'flagged') flags.add(item)
    else flags.delete(item)
  }
  return [...flags].sort()
}

export function snapshotOf(ctx: SessionContext, sessionId: string): SessionSnapshot {
  const row = ctx.row(sessionId)
  ctx.assertIntegrity(sessionId)
  const stored = storedTimer(ctx, sessionId)
  // A session this process runs shows its live clock; any other shows what was persisted.
  const timer = ctx.timers.get(sessionId) ?? stored
  return {
    sessionId,
    examId: row.exam_id,
    packageHash: row.package_hash,
    formSeed: row.form_seed,
    state: row.state,
    candidate: candidateOf(ctx, sessionId),
    answers: ctx.answers.latest(ctx.keys(sessionId)),
    flags: flagsOf(ctx, sessionId),
    struckOptions: struckOptionsOf(ctx, sessionId),
    allowedMs: timer.allowedMs,
    elapsedMs: persistedElapsedMs(timer),
    remainingMs: remainingMs(timer),
    warnings: announcedWarnings(stored),
    extensionMinutesLeft: extensionMinutesLeft(ctx, sessionId),
  }
}

const EXPORTABLE: readonly SessionState[] = ['submitted', 'exported']

export function exportRecordOf(ctx: SessionContext, sessionId: string): SessionRecord {
  const row = ctx.row(sessionId)
  if (!EXPORTABLE.includes(row.state)) {
    throw new SessionError('NOT_RUNNING', `only a submitted session can be exported; this one is ${row.state}`, {
      sessionId,
      state: row.state,
    })
  }
  // The record is built from the very log the integrity check read and parsed: no second read, no second parse.
  const { rows: events, events: parsed } = ctx.assertIntegrity(sessionId)
  const keys = ctx.keys(sessionId)
  const created = parsed.find((e) => e.type === 'session_created')
  const submitted = parsed.findLast((e) => e.type === 'submitted')
  const last = events.at(-1)
  return {
    format: 'invigil-session-record/1',
    session: {
      id: sessionId,
      examId: row.exam_id,
      packageHash: row.package_hash,
      formSeed: row.form_seed,
      keyId: row.key_id,
      createdAt: row.created_at,
    },
    state: row.state,
    candidate: candidateOf(ctx, sessionId),
    responses: ctx.answers.latest(keys),
    revisions: ctx.answers.revisions(keys),
    flags: flagsIn(parsed),
    manualScores: ctx.scores.all(keys),
    timing: {
      durationMs: row.duration_ms,
      accommodations: (created?.data.accommodations ?? {}) as Accommodations,
      extensions: parsed
        .filter((e) => e.type === 'extended')
        .map((e): Extension => ({ minutes: Number(e.data.minutes), reason: String(e.data.reason), at: e.at })),
      allowedMs: row.allowed_ms,
      elapsedMs: row.elapsed_ms,
      submitReason: submitted ? (String(submitted.data.reason) as SubmitReason) : null,
    },
    events: events.map((e) => e.line),
    head: { seq: last?.seq ?? 0, hash: last?.hash ?? row.head_hash },
  }
}

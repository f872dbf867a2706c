import { SESSION_STATES, type SessionState } from '../base/sessionState'
import type { SealedAnswerRow } from '../db/answerStore'
import type { SessionContext } from './sessionContext'
import { candidateOf } from './sessionRecords'
import { observe, readClock, remainingMs } from './sessionTimer'
import { storedTimer } from './sessionTiming'

/**
 * What a station tells the room about its sessions, read without side effects (no event is logged, no timer moved):
 * the seat's current session, the chain head of each session, and a session's log from a sequence number with the
 * sealed answer rows it cites. Answers are counted here, in the station, and never leave it in plaintext.
 */
export interface SeatView {
  sessionId: string
  state: SessionState
  candidateId: string | null
  /** Units whose latest saved response is a real answer (not empty), as the candidate's view counts them. */
  answeredUnits: string[]
  remainingMs: number
  /** Candidate-side incidents logged: focus lost, escape attempts, display changes. */
  incidents: number
  /** The last environment check's outcome, if one ran. */
  environment: 'not_checked' | 'passed' | 'failed' | 'overridden'
  /** Whether any answer was saved; a save that failed left nothing here, so this cannot say 'failing'. */
  anySaved: boolean
}

export interface LogChunk {
  lines: string[]
  hashes: string[]
  sealedAnswers: SealedAnswerRow[]
}

const isAnswered = (response: unknown): boolean =>
  response !== null &&
  response !== undefined &&
  (typeof response !== 'string' || response.trim() !== '') &&
  (!Array.isArray(response) || response.length > 0)

/** The seat's current session: the newest one the station holds. */
export function currentSeat(ctx: SessionContext): SeatView | undefined {
  const row = ctx.sessions.inStates(SESSION_STATES).at(-1)
  if (!row) return undefined
  const sessionId = row.id
  const state = ctx.row(sessionId).state
  const keys = ctx.keys(sessionId)
  const live = ctx.timers.get(sessionId)
  // Brought up to now without storing it: a clock jump is the session's own tick to notice and log.
  const timer = live ? observe(live, readClock(ctx.clock)).state : storedTimer(ctx, sessionId)
  const events = ctx.log.eventsOfType(sessionId, ['focus_lost', 'escape_attempt', 'display_changed'])
  const checks = ctx.log.eventsOfType(sessionId, ['environment_check'])
  const last = checks.at(-1)?.data
  return {
    sessionId,
    state,
    candidateId: candidateOf(ctx, sessionId)?.candidateId ?? null,
    answeredUnits: ctx.answers
      .latest(keys)
      .filter((answer) => isAnswered(answer.response))
      .map((answer) => answer.unitId),
    remainingMs: remainingMs(timer),
    incidents: events.length,
    environment:
      last === undefined
        ? 'not_checked'
        : last.event === 'override'
          ? 'overridden'
          : last.blocking === true
            ? 'failed'
            : 'passed',
    anySaved: ctx.log.eventsOfType(sessionId, ['answer_saved']).length > 0,
  }
}

/** The stored chain head of the newest `max` sessions, newest first. */
export function sessionHeads(ctx: SessionContext, max: number): { sessionId: string; seq: number; hash: string }[] {
  return ctx.sessions
    .inStates(SESSION_STATES)
    .slice(-max)
    .reverse()
    .filter((row) => row.head_seq > 0)
    .map((row) => ({ sessionId: row.id, seq: row.head_seq, hash: row.head_hash }))
}

/** Up to `max` event lines from `fromSeq`, their stored hashes, and the sealed rows their answer_saved events cite. */
export function logChunk(ctx: SessionContext, sessionId: string, fromSeq: number, max: number): LogChunk {
  ctx.row(sessionId)
  const events = ctx.log.eventsFrom(sessionId, fromSeq, max)
  const sealedAnswers = events.flatMap((event) => {
    if (event.type !== 'answer_saved') return []
    const data = (JSON.parse(event.line) as { data: { item: string; revision: number } }).data
    const row = ctx.answers.sealedRow(sessionId, data.item, data.revision)
    return row ? [row] : []
  })
  return { lines: events.map((e) => e.line), hashes: events.map((e) => e.hash), sealedAnswers }
}

/** Sessions submitted and not yet exported: what a station still owes the room (or the USB stick), oldest first. */
export function submittedSessions(ctx: SessionContext): string[] {
  return ctx.sessions.inStates(['submitted']).map((row) => row.id)
}

import { normalizeResponse, type CandidateResponse } from '../base/responseSchema'
import { SessionError } from '../base/sessionErrors'
import type { SessionContext } from './sessionContext'
import { markPersisted, persistedElapsedMs, remainingMs } from './sessionTimer'
import { runningTimer } from './sessionTiming'
import { struckOptionsEventData } from './struckOptions'
import type { AnswerAck } from './sessionTypes'

/**
 * What a candidate does while the clock runs: answer, flag, strike options out. Each takes parsed input (the API or
 * SessionService parsed it), refuses a session that is not running, and records the elapsed time it was done at.
 */

/** Saves a parsed response to a unit; the acknowledgement comes only after the commit. */
export function recordAnswer(
  ctx: SessionContext,
  sessionId: string,
  unitId: string,
  response: CandidateResponse,
): AnswerAck {
  const timer = runningTimer(ctx, sessionId)
  const saved = ctx.answers.save(ctx.keys(sessionId), unitId, normalizeResponse(response), {
    at: ctx.nowIso(),
    elapsedMs: persistedElapsedMs(timer),
    guard: (head) => {
      if (head.state !== 'running')
        throw new SessionError('NOT_RUNNING', `session ${sessionId} is ${head.state}`, { state: head.state })
    },
  })
  ctx.timers.set(sessionId, markPersisted(timer))
  return { ...saved, remainingMs: remainingMs(timer) }
}

export function recordFlag(ctx: SessionContext, sessionId: string, unitId: string, flagged: boolean): void {
  const timer = runningTimer(ctx, sessionId)
  // `item` is the event log's stored name for the unit.
  ctx.append(sessionId, flagged ? 'flagged' : 'unflagged', { item: unitId }, { elapsedMs: persistedElapsedMs(timer) })
  ctx.timers.set(sessionId, markPersisted(timer))
}

/**
 * Replaces the options struck out on one choice unit (none clears them); returns the set as stored, sorted. That
 * the letters are options of a choice unit on the form is the caller's check (delivery/formUnits.ts).
 */
export function recordStruckOptions(
  ctx: SessionContext,
  sessionId: string,
  unitId: string,
  letters: readonly string[],
): string[] {
  const struck = [...letters].sort()
  const timer = runningTimer(ctx, sessionId)
  const data = struckOptionsEventData(ctx.keys(sessionId), unitId, struck, ctx.random)
  ctx.append(sessionId, 'options_struck', data, { elapsedMs: persistedElapsedMs(timer) })
  ctx.timers.set(sessionId, markPersisted(timer))
  return struck
}

import { manualScoreSchema, type StoredManualScore } from '../db/manualScoreStore'
import { SessionError } from '../base/sessionErrors'
import { exportedThrough } from './exportCoverage'
import type { SessionContext } from './sessionContext'
import { exportedSchema, parseInput } from './sessionInputs'
import type { SessionSummary } from './sessionTypes'

/** What a written bundle proves about the log it holds: its file's hash, event count and head. */
export interface ExportProof {
  bundleSha256?: string
  events?: number
  head?: string
}

export interface ManualScoreInput {
  itemId: string
  partId?: string
  score: number
  grader: string
  comment?: string
}

/**
 * Call only once the bundle holding exportRecord() is safely written, with that bundle's event count and head. No
 * second full integrity check: exportRecord() has just made it, and the append still checks the head's MAC. A
 * session exported again with events its earlier bundles lack (a grade recorded since) is marked again, so the
 * purge knows the newest log has left; a plain second copy (a lost stick) adds no mark.
 */
export function markSessionExported(ctx: SessionContext, sessionId: string, proof: ExportProof): SessionSummary {
  const data = parseInput(exportedSchema, proof, 'export proof')
  const { state } = ctx.row(sessionId)
  if (state !== 'exported') {
    ctx.transition(sessionId, 'export', 'exported', data)
  } else {
    const through = exportedThrough(ctx.log.eventsOfType(sessionId, ['exported']))
    if (data.events !== undefined && data.events > through) ctx.append(sessionId, 'exported', data)
  }
  return { sessionId, state: 'exported' }
}

/** A grader's score for a written answer, recorded (sealed) once the session is submitted. */
export function recordManualScore(ctx: SessionContext, sessionId: string, score: ManualScoreInput): StoredManualScore {
  const valid = parseInput(manualScoreSchema, score, 'manual score')
  const state = ctx.row(sessionId).state
  if (state !== 'submitted' && state !== 'exported') {
    throw new SessionError('NOT_RUNNING', `manual scores are recorded after submission; session is ${state}`, {
      state,
    })
  }
  const keys = ctx.keys(sessionId)
  return ctx.transaction(() => ctx.scores.record(keys, valid, ctx.nowIso()))
}

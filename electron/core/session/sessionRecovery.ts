import { verifySessionIntegrity } from '../db/sessionIntegrity'
import { StoreError, tamperDetected } from '../db/storeError'
import { withProctorPin } from './proctorGate'
import type { SessionContext } from './sessionContext'
import { LIVE_STATES } from '../base/sessionState'
import { remainingMs, setRunning } from './sessionTimer'
import { snapshotOf } from './sessionRecords'
import { storedTimer } from './sessionTiming'
import type { InterruptedSession, SessionSnapshot } from './sessionTypes'
import type { ProctorProof } from './proctorProof'

/**
 * After a crash or a pulled plug: sessions a dead process left running, paused or just recovered are marked
 * interrupted (logged), and come back only with the proctor PIN, with every acknowledged answer and the elapsed time
 * persisted at the last save or tick (at most 5 s old, in the candidate's favour).
 */
export function listInterrupted(ctx: SessionContext): InterruptedSession[] {
  const problems = new Map<string, string>()
  for (const row of ctx.sessions.inStates(LIVE_STATES)) {
    if (ctx.timers.has(row.id)) continue // this process runs it
    const problem = tamperReason(() => {
      ctx.transition(row.id, 'interrupt', 'interrupted', { previousState: row.state, elapsedMs: row.elapsed_ms })
    })
    if (problem) problems.set(row.id, problem)
  }
  return ctx.sessions
    .inStates(['interrupted', ...LIVE_STATES])
    .filter((row) => row.state === 'interrupted' || problems.has(row.id))
    .map((row): InterruptedSession => {
      const problem =
        problems.get(row.id) ??
        tamperReason(() => {
          const report = verifySessionIntegrity(ctx.db, ctx.keys(row.id))
          if (!report.ok) throw tamperDetected(report.reason)
        })
      return {
        sessionId: row.id,
        examId: row.exam_id,
        elapsedMs: row.elapsed_ms,
        remainingMs: Math.max(0, row.allowed_ms - row.elapsed_ms),
        updatedAt: row.updated_at,
        ...(problem ? { problem } : {}),
      }
    })
}

/** One tampered session must not hide the others from the proctor: its reason is reported instead. */
function tamperReason(act: () => void): string | undefined {
  try {
    act()
    return undefined
  } catch (error) {
    if (error instanceof StoreError && error.code === 'TAMPER_DETECTED') return error.message
    throw error
  }
}

export async function recoverSession(
  ctx: SessionContext,
  sessionId: string,
  pin: ProctorProof,
): Promise<SessionSnapshot> {
  ctx.assertIntegrity(sessionId)
  await withProctorPin(ctx, sessionId, 'recover', pin, () => {
    const timer = setRunning(storedTimer(ctx, sessionId), false)
    ctx.transition(sessionId, 'recover', 'recovered', { elapsedMs: timer.elapsedMs, remainingMs: remainingMs(timer) })
    ctx.timers.set(sessionId, timer)
  })
  return snapshotOf(ctx, sessionId)
}

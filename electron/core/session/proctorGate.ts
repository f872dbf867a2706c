import { afterAttempt, lockoutStatus } from '../base/staffLockout'
import { verifyPin } from '../crypto/secretHash'
import type { SessionContext } from './sessionContext'
import { SessionError } from '../base/sessionErrors'
import { nextState, type SessionAction, type SessionState } from '../base/sessionState'

/**
 * Proctor-only actions (pause, resume, extend, recover) pass through here. Every attempt is logged to the session's
 * event chain as `proctor_auth` with its outcome (ok, failed, locked); the lockout counters are station-wide, so
 * switching sessions does not buy more guesses. A correct PIN and its action commit in one transaction.
 */
export type ProctorAction = Extract<SessionAction, 'pause' | 'resume' | 'recover'> | 'extend'

/** Time can be added while the exam is under way, including just after recovery. */
const EXTENDABLE: readonly SessionState[] = ['running', 'paused', 'recovered']

export async function withProctorPin<T>(
  ctx: SessionContext,
  sessionId: string,
  action: ProctorAction,
  pin: string,
  act: () => T,
): Promise<T> {
  // An action the session cannot take never costs the proctor an attempt.
  const state = ctx.row(sessionId).state
  if (action !== 'extend') nextState(state, action)
  else if (!EXTENDABLE.includes(state)) {
    throw new SessionError('NOT_RUNNING', `cannot extend a session that is ${state}`, { sessionId, state })
  }

  const credential = ctx.credentials.read()
  if (!credential) throw new SessionError('PIN_NOT_SET', 'no proctor PIN is set on this station')
  const status = lockoutStatus(credential.lockout, ctx.clock.wallMs())
  if (status.locked) {
    ctx.append(sessionId, 'proctor_auth', { action, outcome: 'locked', retryAfterMs: status.retryAfterMs })
    throw new SessionError(
      'PIN_LOCKED',
      `too many wrong PINs; try again in ${String(Math.ceil(status.retryAfterMs / 1000))} s`,
      {
        retryAfterMs: status.retryAfterMs,
      },
    )
  }

  const ok = await verifyPin(pin, credential.pin)
  const outcome = ctx.transaction(() => {
    // Re-read: another attempt may have finished while this one was hashing.
    const current = ctx.credentials.read() ?? credential
    const lockout = afterAttempt(current.lockout, ok, ctx.clock.wallMs())
    ctx.credentials.write({ pin: current.pin, lockout }, ctx.nowIso())
    ctx.append(sessionId, 'proctor_auth', { action, outcome: ok ? 'ok' : 'failed', failures: lockout.failures })
    return { lockout, result: ok ? { value: act() } : undefined }
  })
  if (!outcome.result) {
    const retryAfterMs = Math.max(0, outcome.lockout.lockedUntilMs - ctx.clock.wallMs())
    throw new SessionError('PIN_INVALID', 'the proctor PIN is not correct', {
      failures: outcome.lockout.failures,
      retryAfterMs,
    })
  }
  return outcome.result.value
}

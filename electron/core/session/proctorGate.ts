import type { SessionContext } from './sessionContext'
import { SessionError } from '../base/sessionErrors'
import { nextState, type SessionAction, type SessionState } from '../base/sessionState'
import { proctorCheck, type ProctorProof } from './proctorProof'

/**
 * Proctor-only actions (pause, resume, extend, recover) pass through here. Every attempt is logged to the session's
 * event chain as `proctor_auth` with its outcome (ok, failed, locked); the lockout counters are station-wide, so
 * switching sessions does not buy more guesses. A correct PIN and its action commit in one transaction.
 */
export type ProctorAction = Extract<SessionAction, 'pause' | 'resume' | 'recover'> | 'extend' | 'release_start'

/** Time can be added while the exam is under way, including just after recovery. */
const EXTENDABLE: readonly SessionState[] = ['running', 'paused', 'recovered']

export async function withProctorPin<T>(
  ctx: SessionContext,
  sessionId: string,
  action: ProctorAction,
  proof: ProctorProof,
  act: () => T,
  /** Facts for the `ok` event beside the action (a local release's reason). */
  detail: Record<string, string> = {},
): Promise<T> {
  // An action the session cannot take never costs the proctor an attempt.
  const state = ctx.row(sessionId).state
  if (action === 'release_start') {
    if (state !== 'checked_in')
      throw new SessionError(
        'ILLEGAL_TRANSITION',
        `only a checked-in session waits for its start (this one is ${state})`,
        {
          sessionId,
          state,
        },
      )
  } else if (action !== 'extend') nextState(state, action)
  else if (!EXTENDABLE.includes(state)) {
    throw new SessionError('NOT_RUNNING', `cannot extend a session that is ${state}`, { sessionId, state })
  }

  // Reserved before the hash and counted in memory, so a burst cannot get more checks than the lockout allows, and
  // stored best-effort, so a full disk never stops a proctor with the right PIN (credentialStore.ts).
  const proctor = proctorCheck(proof, ctx.namedProctor)
  const who: Record<string, string> = proctor.staffId === undefined ? {} : { staffId: proctor.staffId }
  const check = await ctx.credentials.attempt(proctor.matches, { clock: ctx.clock })
  if (!check.ok && check.reason === 'not_set')
    throw new SessionError('PIN_NOT_SET', 'no proctor PIN is set on this station')
  if (!check.ok && check.reason === 'locked') {
    ctx.append(sessionId, 'proctor_auth', { action, ...who, outcome: 'locked', retryAfterMs: check.retryAfterMs })
    throw new SessionError(
      'PIN_LOCKED',
      `too many wrong PINs; try again in ${String(Math.ceil(check.retryAfterMs / 1000))} s`,
      {
        retryAfterMs: check.retryAfterMs,
      },
    )
  }
  if (!check.ok) {
    ctx.append(sessionId, 'proctor_auth', { action, ...who, outcome: 'failed', failures: check.failures })
    throw new SessionError('PIN_INVALID', 'the proctor PIN is not correct', {
      failures: check.failures,
      retryAfterMs: check.retryAfterMs,
    })
  }
  // A correct PIN and its action commit in one transaction.
  return ctx.transaction(() => {
    ctx.append(sessionId, 'proctor_auth', { action, ...who, ...detail, outcome: 'ok', failures: 0 })
    return act()
  })
}

import type { SessionState } from '../base/sessionState'

/**
 * Whether the app may close or quit now. While a candidate's session is live the window stays, unless a proctor
 * unlocked exit (the `proctor.unlockExit` API method, PIN-checked) within the last two minutes; the unlock is
 * used up by the exit it allows.
 */
export const EXIT_UNLOCK_WINDOW_MS = 120_000

/** Checked in and not yet submitted: the states in which the kiosk holds the candidate and logs incidents. */
export const LOCKED_SESSION_STATES: readonly SessionState[] = [
  'checked_in',
  'running',
  'paused',
  'recovered',
  'interrupted',
]

export interface ExitState {
  /** False for a developer build: nothing is held. */
  kiosk: boolean
  /** The active session's state; null when no candidate is checked in; 'unknown' when the station cannot answer. */
  sessionState: SessionState | null | 'unknown'
  unlockedAtMs: number | null
  nowMs: number
}

export interface ExitVerdict {
  decision: 'allow' | 'refuse'
  reason: string
}

/** Whether a proctor's unlock at `unlockedAtMs` still holds at `nowMs` (a clock that moved back voids it). */
export function exitUnlockHolds(unlockedAtMs: number | null, nowMs: number): boolean {
  return unlockedAtMs !== null && nowMs >= unlockedAtMs && nowMs - unlockedAtMs <= EXIT_UNLOCK_WINDOW_MS
}

export function exitPolicy({ kiosk, sessionState, unlockedAtMs, nowMs }: ExitState): ExitVerdict {
  if (!kiosk) return { decision: 'allow', reason: 'development build' }
  if (exitUnlockHolds(unlockedAtMs, nowMs)) return { decision: 'allow', reason: 'a proctor unlocked exit' }
  // A station that cannot open its data runs no session; holding the window would only trap the machine.
  if (sessionState === 'unknown')
    return { decision: 'allow', reason: 'the station is unavailable, so no session can run' }
  if (sessionState !== null && LOCKED_SESSION_STATES.includes(sessionState)) {
    return { decision: 'refuse', reason: `a session is ${sessionState}; a proctor must unlock exit` }
  }
  return {
    decision: 'allow',
    reason: sessionState === null ? 'no candidate is checked in' : `the session is ${sessionState}`,
  }
}

import { SessionError } from './sessionErrors'

/**
 * The session lifecycle as a pure table. Every action has exactly one target state, so an illegal action is always
 * an illegal from -> to transition and the error can name both.
 */
export const SESSION_STATES = [
  'created',
  'checked_in',
  'running',
  'paused',
  'submitted',
  'exported',
  'interrupted',
  'recovered',
] as const
export type SessionState = (typeof SESSION_STATES)[number]

export const SESSION_ACTIONS = [
  'check_in',
  'start',
  'pause',
  'resume',
  'submit',
  'export',
  'interrupt',
  'recover',
  'move',
] as const
export type SessionAction = (typeof SESSION_ACTIONS)[number]

export const ACTION_TARGET: Readonly<Record<SessionAction, SessionState>> = {
  check_in: 'checked_in',
  start: 'running',
  pause: 'paused',
  resume: 'running',
  submit: 'submitted',
  export: 'exported',
  interrupt: 'interrupted',
  recover: 'recovered',
  // A session taken over on a spare PC waits, as after a recovery, for the candidate to continue.
  move: 'recovered',
}

const ALLOWED_FROM: Readonly<Record<SessionAction, readonly SessionState[]>> = {
  check_in: ['created'],
  // A recovered session is started again by the candidate; the proctor PIN was given at recovery.
  start: ['checked_in', 'recovered'],
  pause: ['running'],
  resume: ['paused'],
  submit: ['running', 'paused'],
  export: ['submitted'],
  // The process died while the clock could be running, or after recovery but before the candidate continued.
  interrupt: ['running', 'paused', 'recovered'],
  recover: ['interrupted'],
  move: ['checked_in', 'running', 'paused', 'interrupted', 'recovered'],
}

/** States whose sessions a dead process may have left behind with a clock that should be running or resumable. */
export const LIVE_STATES: readonly SessionState[] = ALLOWED_FROM.interrupt

export const isSessionState = (value: unknown): value is SessionState =>
  typeof value === 'string' && (SESSION_STATES as readonly string[]).includes(value)

export const canApply = (from: SessionState, action: SessionAction): boolean => ALLOWED_FROM[action].includes(from)

export function nextState(from: SessionState, action: SessionAction): SessionState {
  const to = ACTION_TARGET[action]
  if (!canApply(from, action)) {
    throw new SessionError('ILLEGAL_TRANSITION', `illegal transition ${from} -> ${to} (${action})`, {
      from,
      to,
      action,
    })
  }
  return to
}

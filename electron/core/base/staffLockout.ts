/**
 * The staff secret formats (PIN, admin password) and the lockout that guards every staff secret: it grows with
 * consecutive failures. Pure, so it can be tested exhaustively and shared by the session (proctor PIN), the admin
 * console, the stored credentials and the sitting file.
 */
export const PIN_PATTERN = /^\d{6,32}$/

/**
 * The admin password: any characters, 10 to 200 of them after NFC normalisation (the same password typed through
 * different input methods must match). Here, beside the PIN, so a sitting file can check it as the station does.
 */
export const ADMIN_PASSWORD_MIN = 10
export const ADMIN_PASSWORD_MAX = 200

export const normalizedAdminPassword = (password: string): string => password.normalize('NFC')

export const isAdminPasswordFormat = (password: string): boolean => {
  const length = [...normalizedAdminPassword(password)].length
  return (
    length >= ADMIN_PASSWORD_MIN && length <= ADMIN_PASSWORD_MAX && normalizedAdminPassword(password).trim().length > 0
  )
}

export const LOCKOUT_AFTER_FAILURES = 5
export const LOCKOUT_BASE_MS = 30_000
export const LOCKOUT_CAP_MS = 15 * 60_000

export interface LockoutState {
  /** Consecutive failed attempts since the last success. */
  failures: number
  /** Wall-clock ms before which attempts are refused unchecked. */
  lockedUntilMs: number
}
export const NO_LOCKOUT: LockoutState = { failures: 0, lockedUntilMs: 0 }

/** 0 below the threshold, then 30 s, 60 s, 120 s ... doubling per further failure, capped at 15 min. */
export function lockoutDelayMs(failures: number): number {
  if (failures < LOCKOUT_AFTER_FAILURES) return 0
  return Math.min(LOCKOUT_CAP_MS, LOCKOUT_BASE_MS * 2 ** Math.min(failures - LOCKOUT_AFTER_FAILURES, 30))
}

export type LockoutStatus = { locked: false } | { locked: true; retryAfterMs: number }

export const lockoutStatus = (state: LockoutState, nowMs: number): LockoutStatus =>
  nowMs < state.lockedUntilMs ? { locked: true, retryAfterMs: state.lockedUntilMs - nowMs } : { locked: false }

/** The state after a checked attempt. Attempts refused while locked are not checked and do not come here. */
export function afterAttempt(state: LockoutState, ok: boolean, nowMs: number): LockoutState {
  if (ok) return NO_LOCKOUT
  const failures = state.failures + 1
  const delay = lockoutDelayMs(failures)
  return { failures, lockedUntilMs: delay > 0 ? nowMs + delay : 0 }
}

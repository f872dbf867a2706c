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

/**
 * The lockout as the process holding the station sees it, between the slow checks. Every attempt is reserved (and
 * counted as a failure) BEFORE its secret is hashed, so a burst of concurrent attempts cannot all be checked: once
 * the reserved attempts reach the threshold the rest are refused unchecked, as if the earlier ones had already
 * failed. A right secret settles its reservation into a clean slate; a wrong one leaves it counted.
 */
export class AttemptLedger {
  /** Bumped by every clean slate, so a failure reserved before it is counted again after it. */
  private epoch = 0

  constructor(private state: LockoutState) {}

  get lockout(): LockoutState {
    return this.state
  }

  /** Counts one attempt now, or refuses it unchecked while locked. */
  reserve(nowMs: number): { ok: true; epoch: number } | { ok: false; retryAfterMs: number } {
    const status = lockoutStatus(this.state, nowMs)
    if (status.locked) return { ok: false, retryAfterMs: status.retryAfterMs }
    this.state = afterAttempt(this.state, false, nowMs)
    return { ok: true, epoch: this.epoch }
  }

  /** The outcome of a reserved attempt's check. */
  settle(reserved: { epoch: number }, ok: boolean, nowMs: number): LockoutState {
    if (ok) this.restart(NO_LOCKOUT)
    else if (reserved.epoch !== this.epoch) this.state = afterAttempt(this.state, false, nowMs)
    return this.state
  }

  /** A new secret (or a success): counting starts again from `state`. */
  restart(state: LockoutState): void {
    this.state = state
    this.epoch++
  }
}

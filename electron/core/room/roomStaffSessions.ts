import { createHash } from 'node:crypto'
import { afterAttempt, lockoutStatus, NO_LOCKOUT, type LockoutState } from '../base/staffLockout'
import type { Clock } from '../base/clock'
import type { RandomSource } from '../crypto/randomSource'

/**
 * Who is signed in to the room console, and which staff ids are locked out. A token is 32 random bytes kept only
 * as its SHA-256 in this process (a restart signs everyone out); it lapses after 10 minutes without a call or 12
 * hours in all. The lockout (base/staffLockout.ts) is counted per staff id and an attempt is counted as failed
 * BEFORE its scrypt check runs, so concurrent guesses cannot all slip in while the first ones are still hashing.
 */
export interface RoomGrant {
  staffId: string
  role: 'proctor' | 'admin'
}

interface Live extends RoomGrant {
  createdMs: number
  lastUsedMs: number
}

export const ROOM_IDLE_MS = 10 * 60_000
const MAX_AGE_MS = 12 * 60 * 60_000
const MAX_SESSIONS = 32

const digest = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex')

export class RoomStaffSessions {
  private readonly sessions = new Map<string, Live>()
  private readonly lockouts = new Map<string, LockoutState>()

  constructor(
    private readonly clock: Clock,
    private readonly random: RandomSource,
  ) {}

  /** Refused while locked; otherwise counted as a failure now, to be cleared by `succeeded` if the secret matches. */
  beginAttempt(staffId: string): { ok: true } | { ok: false; retryAfterMs: number } {
    const now = this.clock.wallMs()
    const state = this.lockouts.get(staffId) ?? NO_LOCKOUT
    const status = lockoutStatus(state, now)
    if (status.locked) return { ok: false, retryAfterMs: status.retryAfterMs }
    this.lockouts.set(staffId, afterAttempt(state, false, now))
    return { ok: true }
  }

  succeeded(staffId: string): void {
    this.lockouts.delete(staffId)
  }

  issue(grant: RoomGrant): string {
    const token = this.random(32).toString('base64url')
    const now = this.clock.monotonicMs()
    this.sessions.set(digest(token), { ...grant, createdMs: now, lastUsedMs: now })
    while (this.sessions.size > MAX_SESSIONS) {
      const oldest = this.sessions.keys().next().value
      if (oldest === undefined) break
      this.sessions.delete(oldest)
    }
    return token
  }

  /** The live grant behind a token, its idle clock restarted; undefined when missing or lapsed. */
  grantOf(token: string): RoomGrant | undefined {
    const key = digest(token)
    const live = this.sessions.get(key)
    if (!live) return undefined
    const now = this.clock.monotonicMs()
    if (now - live.lastUsedMs > ROOM_IDLE_MS || now - live.createdMs > MAX_AGE_MS) {
      this.sessions.delete(key)
      return undefined
    }
    live.lastUsedMs = now
    return { staffId: live.staffId, role: live.role }
  }

  revoke(token: string): void {
    this.sessions.delete(digest(token))
  }
}

import { createHash } from 'node:crypto'
import type { Clock } from '../base/clock'
import type { RandomSource } from '../crypto/randomSource'
import { ApiFailure } from './apiErrors'

/**
 * Staff sessions: what a proctor PIN or the admin password buys, for a while. A login returns a token (32 random
 * bytes, base64url) that each later call passes in its input. Sessions live only in the handler process's memory
 * (a restart signs everyone out), expire after 10 minutes without a call and after 12 hours in any case, and end at
 * logout. The map is keyed by the token's SHA-256, so the tokens themselves are not kept and a lookup's timing says
 * nothing about how close a guess came.
 *
 * A proctor session also keeps the PIN it was opened with, in this process only: pause, resume, extend and recover
 * still go through the session core's PIN gate, which checks it and writes a `proctor_auth` event into the
 * session's own hash chain for every such action.
 */
export type StaffRole = 'proctor' | 'admin'

export interface StaffGrant {
  role: StaffRole
  /** The proctor's PIN, for the session core's PIN gate; absent for an admin. */
  proctorPin?: string
  /** The sitting's staff id the proctor signed in under; absent for the station PIN and for an admin. */
  staffId?: string
}

interface LiveSession extends StaffGrant {
  createdMs: number
  lastUsedMs: number
}

export interface AuthSessionsOptions {
  clock: Clock
  random: RandomSource
  idleMs?: number
  maxAgeMs?: number
  /** Oldest sessions are dropped beyond this many: logins without logouts cannot grow the map without bound. */
  maxSessions?: number
}

export const DEFAULT_IDLE_MS = 10 * 60_000
export const DEFAULT_MAX_AGE_MS = 12 * 60 * 60_000
const TOKEN_BYTES = 32
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/

const digest = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex')

export class AuthSessions {
  private readonly sessions = new Map<string, LiveSession>()
  readonly idleMs: number
  private readonly maxAgeMs: number
  private readonly maxSessions: number

  constructor(private readonly options: AuthSessionsOptions) {
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS
    this.maxSessions = options.maxSessions ?? 32
  }

  issue(grant: StaffGrant): string {
    const token = this.options.random(TOKEN_BYTES).toString('base64url')
    const now = this.options.clock.monotonicMs()
    this.sessions.set(digest(token), { ...grant, createdMs: now, lastUsedMs: now })
    while (this.sessions.size > this.maxSessions) {
      const oldest = this.sessions.keys().next().value
      if (oldest === undefined) break
      this.sessions.delete(oldest)
    }
    return token
  }

  /** The live session of `role` behind the token, its idle clock restarted; AUTH_REQUIRED otherwise. */
  require(token: string, role: StaffRole): StaffGrant {
    const key = digest(token)
    const session = this.sessions.get(key)
    const now = this.options.clock.monotonicMs()
    if (session && (now - session.lastUsedMs > this.idleMs || now - session.createdMs > this.maxAgeMs))
      this.sessions.delete(key)
    else if (session?.role === role) {
      session.lastUsedMs = now
      const { proctorPin, staffId } = session
      return {
        role,
        ...(proctorPin === undefined ? {} : { proctorPin }),
        ...(staffId === undefined ? {} : { staffId }),
      }
    }
    throw new ApiFailure(
      'AUTH_REQUIRED',
      `sign in as ${role} first (the session is missing, expired or of another role)`,
      { role },
    )
  }

  /** Ends the session; an unknown or expired token is already ended. */
  revoke(token: string): void {
    this.sessions.delete(digest(token))
  }
}

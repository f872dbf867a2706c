import { describe, expect, it } from 'vitest'
import { ManualClock } from '../base/clock'
import { defaultRandom } from '../crypto/randomSource'
import { AuthSessions, DEFAULT_IDLE_MS, TOKEN_PATTERN } from './authSessions'

const sessions = (options: { maxSessions?: number; maxAgeMs?: number } = {}) => {
  const clock = new ManualClock()
  return { clock, auth: new AuthSessions({ clock, random: defaultRandom, ...options }) }
}

const codeOf = (act: () => unknown): unknown => {
  try {
    act()
  } catch (error) {
    return (error as { code?: unknown }).code
  }
  return 'no error'
}

describe('staff sessions', () => {
  it('issues 32 random bytes as base64url, different each time', () => {
    const { auth } = sessions()
    const a = auth.issue({ role: 'admin' })
    const b = auth.issue({ role: 'admin' })
    expect(a).toMatch(TOKEN_PATTERN)
    expect(Buffer.from(a, 'base64url')).toHaveLength(32)
    expect(a).not.toBe(b)
  })

  it('grants only the role it was issued for, and keeps a proctor PIN for the PIN gate', () => {
    const { auth } = sessions()
    const proctor = auth.issue({ role: 'proctor', proctorPin: '246810' })
    expect(auth.require(proctor, 'proctor')).toEqual({ role: 'proctor', proctorPin: '246810' })
    expect(codeOf(() => auth.require(proctor, 'admin'))).toBe('AUTH_REQUIRED')
    expect(codeOf(() => auth.require('x'.repeat(43), 'proctor'))).toBe('AUTH_REQUIRED')
  })

  it('expires after the idle time, and each use restarts the idle clock', () => {
    const { auth, clock } = sessions()
    const token = auth.issue({ role: 'admin' })
    clock.advance(DEFAULT_IDLE_MS - 1)
    expect(auth.require(token, 'admin').role).toBe('admin')
    clock.advance(DEFAULT_IDLE_MS - 1)
    expect(auth.require(token, 'admin').role).toBe('admin')
    clock.advance(DEFAULT_IDLE_MS + 1)
    expect(codeOf(() => auth.require(token, 'admin'))).toBe('AUTH_REQUIRED')
    // Gone for good, not just for that call.
    clock.advance(0)
    expect(codeOf(() => auth.require(token, 'admin'))).toBe('AUTH_REQUIRED')
  })

  it('expires at its maximum age however busy it is', () => {
    const { auth, clock } = sessions({ maxAgeMs: 30 * 60_000 })
    const token = auth.issue({ role: 'proctor', proctorPin: '246810' })
    for (let minute = 0; minute < 30; minute += 5) {
      clock.advance(5 * 60_000)
      if (minute < 25) auth.require(token, 'proctor')
    }
    clock.advance(1)
    expect(codeOf(() => auth.require(token, 'proctor'))).toBe('AUTH_REQUIRED')
  })

  it('ends at logout, and drops the oldest beyond its limit', () => {
    const { auth } = sessions({ maxSessions: 2 })
    const first = auth.issue({ role: 'admin' })
    const second = auth.issue({ role: 'admin' })
    auth.revoke(second)
    expect(codeOf(() => auth.require(second, 'admin'))).toBe('AUTH_REQUIRED')
    auth.issue({ role: 'admin' })
    auth.issue({ role: 'admin' })
    expect(codeOf(() => auth.require(first, 'admin'))).toBe('AUTH_REQUIRED')
  })
})

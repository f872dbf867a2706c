import { describe, expect, it } from 'vitest'
import {
  afterAttempt,
  AttemptLedger,
  LOCKOUT_CAP_MS,
  lockoutDelayMs,
  lockoutStatus,
  NO_LOCKOUT,
  type LockoutState,
} from './staffLockout'

const SECOND = 1000

describe('lockout policy', () => {
  it('delays 0 for the first four failures, then 30 s, 60 s, 120 s ... capped at 15 min', () => {
    const delays = Array.from({ length: 40 }, (_, f) => lockoutDelayMs(f))
    expect(delays.slice(0, 5)).toEqual([0, 0, 0, 0, 0])
    expect(delays.slice(5, 11)).toEqual([30, 60, 120, 240, 480, 900].map((s) => s * SECOND))
    expect(delays.slice(11).every((d) => d === LOCKOUT_CAP_MS)).toBe(true)
    expect(lockoutDelayMs(10_000)).toBe(LOCKOUT_CAP_MS)
  })

  it('locks after the fifth consecutive failure, for exactly the delay', () => {
    let state: LockoutState = NO_LOCKOUT
    const now = 1_000_000
    for (let i = 1; i <= 4; i++) {
      state = afterAttempt(state, false, now)
      expect(lockoutStatus(state, now)).toEqual({ locked: false })
    }
    state = afterAttempt(state, false, now)
    expect(state).toEqual({ failures: 5, lockedUntilMs: now + 30 * SECOND })
    expect(lockoutStatus(state, now)).toEqual({ locked: true, retryAfterMs: 30 * SECOND })
    expect(lockoutStatus(state, now + 30 * SECOND - 1)).toEqual({ locked: true, retryAfterMs: 1 })
    expect(lockoutStatus(state, now + 30 * SECOND)).toEqual({ locked: false })
    state = afterAttempt(state, false, now + 30 * SECOND)
    expect(lockoutStatus(state, now + 30 * SECOND)).toEqual({ locked: true, retryAfterMs: 60 * SECOND })
  })

  it('a success resets everything, at any failure count', () => {
    for (let failures = 0; failures < 12; failures++) {
      const state = { failures, lockedUntilMs: failures * 1000 }
      expect(afterAttempt(state, true, 5)).toEqual(NO_LOCKOUT)
    }
  })

  it('every (failures, ok) pair gives the documented next state', () => {
    for (let failures = 0; failures < 15; failures++) {
      for (const ok of [true, false]) {
        const next = afterAttempt({ failures, lockedUntilMs: 0 }, ok, 100)
        const expected = ok
          ? NO_LOCKOUT
          : { failures: failures + 1, lockedUntilMs: failures + 1 >= 5 ? 100 + lockoutDelayMs(failures + 1) : 0 }
        expect(next, `${failures}/${String(ok)}`).toEqual(expected)
      }
    }
  })
})

describe('attempt ledger', () => {
  const now = 1_000_000

  it('counts attempts when they are reserved, so only five of a burst are checked, then one at a time', () => {
    const ledger = new AttemptLedger(NO_LOCKOUT)
    const reserved = Array.from({ length: 20 }, () => ledger.reserve(now))
    expect(reserved.filter((r) => r.ok)).toHaveLength(5)
    expect(reserved[5]).toEqual({ ok: false, retryAfterMs: 30 * SECOND })
    for (const r of reserved) if (r.ok) ledger.settle(r, false, now)
    expect(ledger.lockout).toEqual({ failures: 5, lockedUntilMs: now + 30 * SECOND })

    const later = now + 30 * SECOND
    const [first, second] = [ledger.reserve(later), ledger.reserve(later)]
    expect(first.ok).toBe(true)
    expect(second).toEqual({ ok: false, retryAfterMs: 60 * SECOND })
  })

  it('a right secret clears the slate; a wrong one reserved before it counts again after it', () => {
    const ledger = new AttemptLedger({ failures: 3, lockedUntilMs: 0 })
    const wrong = ledger.reserve(now)
    const right = ledger.reserve(now)
    if (!wrong.ok || !right.ok) throw new Error('both attempts should be checked')
    expect(ledger.settle(right, true, now)).toEqual(NO_LOCKOUT)
    expect(ledger.settle(wrong, false, now)).toEqual({ failures: 1, lockedUntilMs: 0 })
  })

  it('a new secret restarts the count from its stored lockout', () => {
    const ledger = new AttemptLedger({ failures: 9, lockedUntilMs: now + LOCKOUT_CAP_MS })
    expect(ledger.reserve(now).ok).toBe(false)
    ledger.restart(NO_LOCKOUT)
    expect(ledger.reserve(now).ok).toBe(true)
  })
})

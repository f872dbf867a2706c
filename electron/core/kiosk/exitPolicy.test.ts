import { describe, expect, it } from 'vitest'
import { SESSION_STATES } from '../base/sessionState'
import { EXIT_UNLOCK_WINDOW_MS, LOCKED_SESSION_STATES, exitPolicy, exitUnlockHolds } from './exitPolicy'
import type { ExitState } from './exitPolicy'

const NOW = 1_000_000
const base: ExitState = { kiosk: true, sessionState: null, unlockedAtMs: null, nowMs: NOW }

describe('exitPolicy', () => {
  it.each(SESSION_STATES.map((state) => [state, LOCKED_SESSION_STATES.includes(state) ? 'refuse' : 'allow'] as const))(
    'a session %s → %s',
    (sessionState, decision) => {
      expect(exitPolicy({ ...base, sessionState }).decision).toBe(decision)
    },
  )

  it('holds exactly the states between check-in and submission', () => {
    expect([...LOCKED_SESSION_STATES].sort()).toEqual(['checked_in', 'interrupted', 'paused', 'recovered', 'running'])
  })

  it('allows exit when no candidate is checked in', () => {
    expect(exitPolicy(base)).toEqual({ decision: 'allow', reason: 'no candidate is checked in' })
  })

  it('says why it refuses', () => {
    expect(exitPolicy({ ...base, sessionState: 'running' })).toEqual({
      decision: 'refuse',
      reason: 'a session is running; a proctor must unlock exit',
    })
  })

  it.each([
    ['just unlocked', NOW, 'allow'],
    ['unlocked a minute ago', NOW - 60_000, 'allow'],
    ['unlocked exactly at the limit', NOW - EXIT_UNLOCK_WINDOW_MS, 'allow'],
    ['unlock expired', NOW - EXIT_UNLOCK_WINDOW_MS - 1, 'refuse'],
    ['unlock stamped in the future (clock moved back)', NOW + 5_000, 'refuse'],
  ] as const)('a running session with the proctor unlock %s → %s', (_what, unlockedAtMs, decision) => {
    expect(exitPolicy({ ...base, sessionState: 'running', unlockedAtMs }).decision).toBe(decision)
  })

  it('lets a station that cannot answer close, rather than trap the machine', () => {
    expect(exitPolicy({ ...base, sessionState: 'unknown' }).decision).toBe('allow')
  })

  it('holds nothing in a development build', () => {
    expect(exitPolicy({ ...base, kiosk: false, sessionState: 'running' }).decision).toBe('allow')
  })
})

describe('exitUnlockHolds', () => {
  it.each([
    [null, NOW, false],
    [NOW, NOW, true],
    [NOW - EXIT_UNLOCK_WINDOW_MS, NOW, true],
    [NOW - EXIT_UNLOCK_WINDOW_MS - 1, NOW, false],
    [NOW + 1, NOW, false],
  ] as const)('an unlock at %s, now %s → %s', (unlockedAtMs, nowMs, holds) => {
    expect(exitUnlockHolds(unlockedAtMs, nowMs)).toBe(holds)
  })
})

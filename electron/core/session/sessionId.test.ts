import { describe, expect, it } from 'vitest'
import { defaultRandom } from '../crypto/randomSource'
import { newSessionId } from './sessionId'

/** The id's shape is what the API, the room protocol and bundle file names accept: `ses_` and 24 hex digits. */
const SESSION_ID = /^ses_[0-9a-f]{24}$/

describe('session ids', () => {
  it('keep their shape at any clock reading, including a clock before 1970 or not a number', () => {
    for (const wallMs of [0, 1, Date.UTC(2026, 11, 8), 2 ** 48 - 1, 2 ** 60, -5, Number.NaN, Infinity])
      expect(newSessionId(wallMs, defaultRandom)).toMatch(SESSION_ID)
  })

  it('made later sort later, across hex digit boundaries and whatever the random half drew', () => {
    const times = [0, 15, 16, 4095, 4096, Date.UTC(2026, 11, 8), Date.UTC(2026, 11, 8) + 1, Date.UTC(2099, 0, 1)]
    for (let draw = 0; draw < 200; draw++) {
      const ids = times.map((wallMs) => newSessionId(wallMs, defaultRandom))
      expect([...ids].sort()).toEqual(ids)
    }
  })

  it('made in the same millisecond differ (48 random bits)', () => {
    const at = Date.UTC(2026, 11, 8, 9, 30)
    const ids = new Set(Array.from({ length: 10_000 }, () => newSessionId(at, defaultRandom)))
    expect(ids.size).toBe(10_000)
    const fixed = (n: number): Buffer => Buffer.alloc(n, 0xab)
    expect(newSessionId(at, fixed)).toBe(`ses_${at.toString(16).padStart(12, '0')}${'ab'.repeat(6)}`)
  })
})

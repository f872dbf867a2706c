import { describe, expect, it } from 'vitest'
import { formatDateTime, formatPoints, shortHash } from './staffFormat'

describe('staff formatting', () => {
  it('formats points with at most two decimals, and dates in the locale', () => {
    expect(formatPoints(3.5, 'en')).toBe('3.5')
    expect(formatPoints(4, 'en')).toBe('4')
    expect(formatPoints(1 / 3, 'en')).toBe('0.33')
    expect(formatDateTime('2026-11-23T09:05:00.000Z', 'en')).toMatch(/2026/)
    expect(formatDateTime('not a date', 'en')).toBe('')
    expect(shortHash('ab'.repeat(32))).toBe('abababababab')
  })
})

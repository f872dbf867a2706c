import { describe, expect, it } from 'vitest'
import { formatBytes, formatDateTime, formatPoints, shortHash } from './staffFormat'

describe('staff formatting', () => {
  it('formats points with at most two decimals, and dates in the locale', () => {
    expect(formatPoints(3.5, 'en')).toBe('3.5')
    expect(formatPoints(4, 'en')).toBe('4')
    expect(formatPoints(1 / 3, 'en')).toBe('0.33')
    expect(formatDateTime('2026-11-23T09:05:00.000Z', 'en')).toMatch(/2026/)
    expect(formatDateTime('not a date', 'en')).toBe('')
    expect(shortHash('ab'.repeat(32))).toBe('abababababab')
  })

  it('formats sizes in the largest decimal unit, with one decimal at most', () => {
    expect(formatBytes(14_237_000_000, 'en')).toBe('14.2 GB')
    expect(formatBytes(2_000_000_000_000, 'en')).toBe('2 TB')
    expect(formatBytes(512_000_000, 'zh-Hant')).toBe('512 MB')
    expect(formatBytes(0, 'en')).toBe('0 kB')
    expect(formatBytes(1_500, 'en')).toBe('1.5 kB')
  })
})

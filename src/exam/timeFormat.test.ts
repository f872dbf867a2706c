import { describe, expect, it } from 'vitest'
import { formatRemaining } from './timeFormat'

describe('formatRemaining', () => {
  it('rounds up to whole seconds and shows hours only when there are some', () => {
    expect(formatRemaining(5_400_000)).toBe('1:30:00')
    expect(formatRemaining(59_001)).toBe('1:00')
    expect(formatRemaining(59_000)).toBe('0:59')
    expect(formatRemaining(1)).toBe('0:01')
    expect(formatRemaining(0)).toBe('0:00')
    expect(formatRemaining(-5)).toBe('0:00')
  })
})

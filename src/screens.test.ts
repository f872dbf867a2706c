import { describe, expect, it } from 'vitest'
import { screenFor, type ScreenInputs } from './screens'

const at = (inputs: Partial<ScreenInputs>) =>
  screenFor({ loaded: true, state: null, checkingIn: false, reviewing: false, ...inputs })

describe('screenFor', () => {
  it('follows the session lifecycle', () => {
    expect(at({ loaded: false })).toBe('loading')
    expect(at({})).toBe('home')
    expect(at({ checkingIn: true })).toBe('checkIn')
    expect(at({ state: 'created' })).toBe('checkIn')
    expect(at({ state: 'checked_in' })).toBe('instructions')
    expect(at({ state: 'recovered' })).toBe('instructions')
    expect(at({ state: 'running' })).toBe('exam')
    expect(at({ state: 'running', reviewing: true })).toBe('review')
    expect(at({ state: 'paused', reviewing: true })).toBe('paused')
    expect(at({ state: 'submitted' })).toBe('submitted')
    expect(at({ state: 'exported' })).toBe('submitted')
    expect(at({ state: 'interrupted' })).toBe('interrupted')
  })
})

import { describe, expect, it } from 'vitest'
import { shortcutFor, type KeyPress } from './shortcuts'

const press = (code: string, extra: Partial<KeyPress> = {}): KeyPress => ({
  code,
  key: code.replace(/^Key|^Digit/, ''),
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  isComposing: false,
  ...extra,
})

describe('shortcutFor', () => {
  it('maps Alt+N/P/F/R to next, previous, flag and review, even while typing', () => {
    for (const typing of [false, true]) {
      expect(shortcutFor(press('KeyN', { altKey: true }), typing)).toEqual({ action: 'next' })
      expect(shortcutFor(press('KeyP', { altKey: true }), typing)).toEqual({ action: 'previous' })
      expect(shortcutFor(press('KeyF', { altKey: true }), typing)).toEqual({ action: 'flag' })
      expect(shortcutFor(press('KeyR', { altKey: true }), typing)).toEqual({ action: 'review' })
    }
  })

  it('reads the physical key, so a non-Latin layout or macOS Option still works', () => {
    expect(shortcutFor(press('KeyN', { altKey: true, key: '˜' }), false)).toEqual({ action: 'next' })
    expect(shortcutFor(press('KeyB', { key: 'ㄖ' }), false)).toEqual({ action: 'choose', index: 1 })
  })

  it('leaves Page Up/Down and plain keys to a text field', () => {
    expect(shortcutFor(press('PageDown'), false)).toEqual({ action: 'next' })
    expect(shortcutFor(press('PageUp'), false)).toEqual({ action: 'previous' })
    expect(shortcutFor(press('PageDown'), true)).toBeNull()
    expect(shortcutFor(press('Digit2'), true)).toBeNull()
    expect(shortcutFor(press('KeyA'), true)).toBeNull()
  })

  it('chooses options by 1–9 (row or keypad) and A–Z, matching the position labels', () => {
    expect(shortcutFor(press('Digit1'), false)).toEqual({ action: 'choose', index: 0 })
    expect(shortcutFor(press('Numpad9'), false)).toEqual({ action: 'choose', index: 8 })
    expect(shortcutFor(press('KeyA'), false)).toEqual({ action: 'choose', index: 0 })
    expect(shortcutFor(press('KeyZ'), false)).toEqual({ action: 'choose', index: 25 })
    expect(shortcutFor(press('Digit0'), false)).toBeNull()
  })

  it('does nothing while an IME composes, or with Ctrl, Meta or Shift', () => {
    expect(shortcutFor(press('KeyN', { altKey: true, isComposing: true }), false)).toBeNull()
    expect(shortcutFor(press('Digit1', { key: 'Process' }), false)).toBeNull()
    expect(shortcutFor(press('KeyN', { ctrlKey: true }), false)).toBeNull()
    expect(shortcutFor(press('KeyF', { metaKey: true, altKey: true }), false)).toBeNull()
    expect(shortcutFor(press('KeyA', { shiftKey: true }), false)).toBeNull()
    expect(shortcutFor(press('KeyN', { altKey: true, shiftKey: true }), false)).toBeNull()
  })
})

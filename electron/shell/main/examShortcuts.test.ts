import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { kioskInputFilter } from '../../core/kiosk/kioskInputFilter'
import type { KioskPlatform } from '../../core/kiosk/kioskInputFilter'

interface KeyPress {
  code: string
  key: string
  altKey: boolean
  ctrlKey: boolean
  metaKey: boolean
  shiftKey: boolean
  isComposing: boolean
}

// The renderer's own shortcut decision (src/exam/shortcuts.ts), loaded at run time: tsconfig.node has no DOM types to
// compile src/, and vitest needs none to run it. Every key the exam answers to must pass the kiosk filter untouched.
const { shortcutFor } = (await import(resolve(import.meta.dirname, '../../../src/exam/shortcuts.ts'))) as {
  shortcutFor(press: KeyPress, typing: boolean): { action: string } | null
}

const letters = Array.from({ length: 26 }, (_, i) => String.fromCharCode(65 + i))
const CODES = [
  ...letters.map((letter) => `Key${letter}`),
  ...Array.from({ length: 10 }, (_, i) => `Digit${String(i)}`),
  ...Array.from({ length: 10 }, (_, i) => `Numpad${String(i)}`),
  ...[
    'PageUp',
    'PageDown',
    'Tab',
    'Enter',
    'Space',
    'Backspace',
    'ArrowUp',
    'ArrowDown',
    'ArrowLeft',
    'ArrowRight',
    'Escape',
    'Home',
    'End',
  ],
  ...Array.from({ length: 12 }, (_, i) => `F${String(i + 1)}`),
]

const keyOf = (code: string, shift: boolean): string => {
  const letter = /^Key([A-Z])$/.exec(code)?.[1]
  if (letter) return shift ? letter : letter.toLowerCase()
  return /^(?:Digit|Numpad)(\d)$/.exec(code)?.[1] ?? (code === 'Space' ? ' ' : code)
}

/** Every code with every combination of Ctrl, Cmd, Alt and Shift: what a candidate's fingers can produce. */
function* everyPress(): Generator<KeyPress> {
  for (const code of CODES) {
    for (let mask = 0; mask < 16; mask++) {
      const [ctrlKey, metaKey, altKey, shiftKey] = [1, 2, 4, 8].map((bit) => (mask & bit) !== 0) as [
        boolean,
        boolean,
        boolean,
        boolean,
      ]
      yield { code, key: keyOf(code, shiftKey), ctrlKey, metaKey, altKey, shiftKey, isComposing: false }
    }
  }
}

describe('the exam’s shortcuts under the kiosk filter', () => {
  const shortcuts = [...everyPress()].filter(
    (press) => shortcutFor(press, false) !== null || shortcutFor(press, true) !== null,
  )

  it('finds the shortcut table (Alt+N/P/F/R, Page Up/Down, digits, letters)', () => {
    const names = new Set(shortcuts.map((press) => `${press.altKey ? 'Alt+' : ''}${press.code}`))
    for (const name of [
      'Alt+KeyN',
      'Alt+KeyP',
      'Alt+KeyF',
      'Alt+KeyR',
      'PageUp',
      'PageDown',
      'Digit1',
      'Numpad9',
      'KeyA',
      'KeyZ',
    ])
      expect(names).toContain(name)
  })

  it.each(['win32', 'darwin', 'linux'] satisfies KioskPlatform[])('never blocks one of them on %s', (platform) => {
    const blocked = shortcuts.filter((press) => {
      const input = {
        type: 'keyDown',
        key: press.key,
        code: press.code,
        control: press.ctrlKey,
        meta: press.metaKey,
        alt: press.altKey,
        shift: press.shiftKey,
      }
      return kioskInputFilter(input, platform, 'kiosk') !== 'allow'
    })
    expect(blocked).toEqual([])
  })
})

import { describe, expect, it } from 'vitest'
import { describeKeys, kioskInputFilter, kioskPlatformOf } from './kioskInputFilter'
import type { KeyCategory, KeyInput, KioskPlatform } from './kioskInputFilter'

const PLATFORMS: readonly KioskPlatform[] = ['win32', 'darwin', 'linux']

/** A press written as the proctor would say it: "Ctrl+Shift+I", "Cmd+Q", "Alt+F4", "Ctrl+=". */
function press(combo: string, overrides: Partial<KeyInput> = {}): KeyInput {
  const parts = combo === '+' ? ['+'] : combo.split(/\+(?!$)/)
  const name = parts.pop() ?? ''
  const has = (mod: string): boolean => parts.includes(mod)
  const letter = /^[A-Z]$/.test(name)
  const digit = /^[0-9]$/.test(name)
  const codes: Record<string, string> = {
    '=': 'Equal',
    '-': 'Minus',
    '[': 'BracketLeft',
    ']': 'BracketRight',
    '`': 'Backquote',
    Space: 'Space',
  }
  return {
    type: 'keyDown',
    key: letter ? name.toLowerCase() : name === 'Space' ? ' ' : name,
    code: letter ? `Key${name}` : digit ? `Digit${name}` : (codes[name] ?? name),
    control: has('Ctrl'),
    meta: has('Cmd') || has('Win'),
    alt: has('Alt'),
    shift: has('Shift'),
    ...overrides,
  }
}

const categoryOf = (
  input: KeyInput,
  platform: KioskPlatform,
  mode: 'kiosk' | 'development' = 'kiosk',
): KeyCategory | 'allow' => {
  const verdict = kioskInputFilter(input, platform, mode)
  return verdict === 'allow' ? 'allow' : verdict.category
}

// [combo, expected on win32, on darwin, on linux]
type Row = [string, KeyCategory | 'allow', KeyCategory | 'allow', KeyCategory | 'allow']
const MATRIX: Row[] = [
  // reload
  ['Ctrl+R', 'reload', 'allow', 'reload'],
  ['Cmd+R', 'systemSwitch', 'reload', 'systemSwitch'],
  ['Ctrl+Shift+R', 'reload', 'allow', 'reload'],
  ['Cmd+Shift+R', 'systemSwitch', 'reload', 'systemSwitch'],
  ['F5', 'reload', 'reload', 'reload'],
  ['Ctrl+F5', 'reload', 'reload', 'reload'],
  ['Shift+F5', 'reload', 'reload', 'reload'],
  ['BrowserRefresh', 'reload', 'reload', 'reload'],
  // devtools
  ['F12', 'devtools', 'devtools', 'devtools'],
  ['Ctrl+Shift+I', 'devtools', 'allow', 'devtools'],
  ['Ctrl+Shift+J', 'devtools', 'allow', 'devtools'],
  ['Ctrl+Shift+C', 'devtools', 'allow', 'devtools'],
  ['Cmd+Alt+I', 'systemSwitch', 'devtools', 'systemSwitch'],
  ['Cmd+Alt+J', 'systemSwitch', 'devtools', 'systemSwitch'],
  ['Cmd+Shift+C', 'systemSwitch', 'devtools', 'systemSwitch'],
  // view source
  ['Ctrl+U', 'viewSource', 'allow', 'viewSource'],
  ['Cmd+Alt+U', 'systemSwitch', 'viewSource', 'systemSwitch'],
  // zoom (Ctrl+wheel and pinch are held by the window: setVisualZoomLevelLimits, zoom-changed)
  ['Ctrl+=', 'zoom', 'allow', 'zoom'],
  ['Ctrl+-', 'zoom', 'allow', 'zoom'],
  ['Ctrl+0', 'zoom', 'allow', 'zoom'],
  ['Ctrl+Shift+=', 'zoom', 'allow', 'zoom'],
  ['Cmd+=', 'systemSwitch', 'zoom', 'systemSwitch'],
  ['Cmd+-', 'systemSwitch', 'zoom', 'systemSwitch'],
  ['Cmd+0', 'systemSwitch', 'zoom', 'systemSwitch'],
  // print
  ['Ctrl+P', 'print', 'allow', 'print'],
  ['Ctrl+Shift+P', 'print', 'allow', 'print'],
  ['Cmd+P', 'systemSwitch', 'print', 'systemSwitch'],
  // close
  ['Ctrl+W', 'close', 'allow', 'close'],
  ['Ctrl+Shift+W', 'close', 'allow', 'close'],
  ['Cmd+W', 'systemSwitch', 'close', 'systemSwitch'],
  ['Ctrl+F4', 'close', 'allow', 'close'],
  ['Alt+F4', 'close', 'close', 'close'],
  // quit
  ['Ctrl+Q', 'quit', 'allow', 'quit'],
  ['Ctrl+Shift+Q', 'quit', 'allow', 'quit'],
  ['Cmd+Q', 'systemSwitch', 'quit', 'systemSwitch'],
  ['Cmd+Alt+Escape', 'systemSwitch', 'quit', 'systemSwitch'],
  // fullscreen toggle
  ['F11', 'fullscreen', 'allow', 'fullscreen'],
  ['Ctrl+Cmd+F', 'systemSwitch', 'fullscreen', 'systemSwitch'],
  // new window / tab
  ['Ctrl+N', 'newWindow', 'allow', 'newWindow'],
  ['Ctrl+T', 'newWindow', 'allow', 'newWindow'],
  ['Ctrl+Shift+N', 'newWindow', 'allow', 'newWindow'],
  ['Cmd+N', 'systemSwitch', 'newWindow', 'systemSwitch'],
  ['Cmd+T', 'systemSwitch', 'newWindow', 'systemSwitch'],
  // save / open
  ['Ctrl+S', 'save', 'allow', 'save'],
  ['Ctrl+O', 'open', 'allow', 'open'],
  ['Cmd+S', 'systemSwitch', 'save', 'systemSwitch'],
  ['Cmd+O', 'systemSwitch', 'open', 'systemSwitch'],
  // find is allowed: Electron has no find bar, the key reveals nothing, and logging a reflex would bury real incidents
  ['Ctrl+F', 'allow', 'allow', 'allow'],
  ['Cmd+F', 'systemSwitch', 'allow', 'systemSwitch'],
  ['F3', 'allow', 'allow', 'allow'],
  // hide / minimise (macOS)
  ['Cmd+H', 'systemSwitch', 'hide', 'systemSwitch'],
  ['Cmd+Alt+H', 'systemSwitch', 'hide', 'systemSwitch'],
  ['Cmd+M', 'systemSwitch', 'hide', 'systemSwitch'],
  // history
  ['Alt+ArrowLeft', 'history', 'allow', 'history'],
  ['Alt+ArrowRight', 'history', 'allow', 'history'],
  ['Cmd+[', 'systemSwitch', 'history', 'systemSwitch'],
  ['BrowserBack', 'history', 'history', 'history'],
  // window menu
  ['Alt+Space', 'windowMenu', 'allow', 'windowMenu'],
  ['F10', 'windowMenu', 'allow', 'windowMenu'],
  ['Shift+F10', 'windowMenu', 'allow', 'windowMenu'],
  // program switchers the OS normally takes first
  ['Alt+Tab', 'systemSwitch', 'allow', 'systemSwitch'],
  ['Alt+Escape', 'systemSwitch', 'allow', 'systemSwitch'],
  ['Ctrl+Escape', 'systemSwitch', 'allow', 'systemSwitch'],
  ['Ctrl+Shift+Escape', 'systemSwitch', 'allow', 'systemSwitch'],
  ['Win+D', 'systemSwitch', 'allow', 'systemSwitch'],
  ['Win+Tab', 'systemSwitch', 'systemSwitch', 'systemSwitch'], // Cmd+Tab on a Mac
  ['Cmd+Tab', 'systemSwitch', 'systemSwitch', 'systemSwitch'],
  ['Cmd+`', 'systemSwitch', 'systemSwitch', 'systemSwitch'],
  ['Cmd+Space', 'systemSwitch', 'systemSwitch', 'systemSwitch'],
  // screen capture
  ['PrintScreen', 'screenshot', 'screenshot', 'screenshot'],
  ['Cmd+Shift+4', 'systemSwitch', 'screenshot', 'systemSwitch'],
  // editing keys candidates need in short answers
  ['Ctrl+C', 'allow', 'allow', 'allow'],
  ['Ctrl+V', 'allow', 'allow', 'allow'],
  ['Ctrl+X', 'allow', 'allow', 'allow'],
  ['Ctrl+A', 'allow', 'allow', 'allow'],
  ['Ctrl+Z', 'allow', 'allow', 'allow'],
  ['Ctrl+Y', 'allow', 'allow', 'allow'],
  ['Cmd+C', 'systemSwitch', 'allow', 'systemSwitch'],
  ['Cmd+V', 'systemSwitch', 'allow', 'systemSwitch'],
  ['Cmd+Z', 'systemSwitch', 'allow', 'systemSwitch'],
  ['Cmd+ArrowLeft', 'systemSwitch', 'allow', 'systemSwitch'],
  ['Home', 'allow', 'allow', 'allow'],
  ['End', 'allow', 'allow', 'allow'],
  ['Delete', 'allow', 'allow', 'allow'],
  ['Escape', 'allow', 'allow', 'allow'],
]

describe('kioskInputFilter: the key matrix per OS', () => {
  for (const [combo, ...expected] of MATRIX) {
    it.each(PLATFORMS.map((platform, i) => [platform, expected[i]] as const))(
      `${combo} on %s → %s`,
      (platform, category) => {
        expect(categoryOf(press(combo), platform)).toBe(category)
      },
    )
  }
})

// The exam's own keys (src/exam/shortcuts.ts and plain typing). electron/shell/main/examShortcuts.test.ts also runs the
// renderer's real shortcut function over every key; this list is the readable statement of the same promise.
const EXAM_KEYS = [
  'Alt+N',
  'Alt+P',
  'Alt+F',
  'Alt+R',
  'PageUp',
  'PageDown',
  '1',
  '5',
  '9',
  'A',
  'D',
  'Z',
  'Tab',
  'Shift+Tab',
  'ArrowUp',
  'ArrowDown',
  'ArrowLeft',
  'ArrowRight',
  'Enter',
  'Space',
  'Backspace',
  'Shift+A',
]

describe('kioskInputFilter: the exam keys are never blocked', () => {
  it.each(PLATFORMS)('on %s', (platform) => {
    for (const combo of EXAM_KEYS) expect(categoryOf(press(combo), platform), combo).toBe('allow')
    expect(categoryOf(press('Numpad3', { key: '3' }), platform)).toBe('allow')
  })

  it.each(PLATFORMS)('while an IME composes (key "Process") on %s', (platform) => {
    for (const code of ['KeyN', 'KeyA', 'Digit1', 'Space', 'Enter', 'Backspace']) {
      expect(categoryOf({ ...press('A'), key: 'Process', code }, platform), code).toBe('allow')
    }
  })

  it('Option+letter on a Mac types a symbol but is still the exam shortcut', () => {
    expect(categoryOf(press('Alt+N', { key: 'Dead' }), 'darwin')).toBe('allow')
    expect(categoryOf(press('Alt+R', { key: '®' }), 'darwin')).toBe('allow')
  })
})

describe('kioskInputFilter: keyboard layouts', () => {
  it('reads the typed letter on AZERTY, so Ctrl+Z (physical W) stays undo and Ctrl+W (physical Z) closes', () => {
    expect(categoryOf(press('Ctrl+W', { key: 'z' }), 'win32')).toBe('allow')
    expect(categoryOf(press('Ctrl+Z', { key: 'w' }), 'win32')).toBe('close')
    expect(categoryOf(press('Ctrl+Q', { key: 'a' }), 'linux')).toBe('allow')
  })

  it('falls back to the physical key when the layout types no Latin letter, as Chromium does', () => {
    expect(categoryOf(press('Ctrl+R', { key: 'к' }), 'win32')).toBe('reload')
    expect(categoryOf(press('Cmd+Alt+I', { key: 'ˆ' }), 'darwin')).toBe('devtools')
  })

  it('lets AltGr (Ctrl+Alt on Windows) type symbols on keys that carry a blocked shortcut', () => {
    expect(categoryOf(press('Ctrl+Alt+Q', { key: '@' }), 'win32')).toBe('allow')
    expect(categoryOf(press('Ctrl+Alt+0', { key: '}' }), 'win32')).toBe('allow')
    expect(categoryOf(press('Ctrl+Alt+E', { key: '€' }), 'win32')).toBe('allow')
  })
})

describe('kioskInputFilter: verdicts', () => {
  it('blocks Alt alone on Windows and Linux without calling it an incident (it starts every Alt+N)', () => {
    for (const platform of ['win32', 'linux'] as const) {
      expect(kioskInputFilter({ ...press('Alt'), alt: true }, platform, 'kiosk')).toEqual({
        block: 'Alt alone activates the menu bar',
        category: 'windowMenu',
        incident: false,
      })
    }
    expect(categoryOf({ ...press('Alt'), alt: true }, 'darwin')).toBe('allow')
  })

  it('swallows both halves of a blocked press', () => {
    expect(categoryOf(press('Ctrl+R', { type: 'keyUp' }), 'win32')).toBe('reload')
  })

  it('explains every block and marks it as an incident', () => {
    const verdict = kioskInputFilter(press('Ctrl+Shift+I'), 'linux', 'kiosk')
    expect(verdict).toEqual({ block: 'developer tools expose the page', category: 'devtools', incident: true })
  })

  it('gives a developer reload and devtools, and nothing else', () => {
    for (const platform of PLATFORMS) {
      expect(categoryOf(press('F5'), platform, 'development')).toBe('allow')
      expect(categoryOf(press('F12'), platform, 'development')).toBe('allow')
      expect(categoryOf(press('Alt+F4'), platform, 'development')).toBe('close')
    }
    expect(categoryOf(press('Ctrl+Shift+I'), 'win32', 'development')).toBe('allow')
    expect(categoryOf(press('Cmd+Alt+I'), 'darwin', 'development')).toBe('allow')
  })
})

describe('describeKeys', () => {
  it.each([
    ['Ctrl+Shift+I', 'linux', 'Ctrl+Shift+I'],
    ['Cmd+Q', 'darwin', 'Cmd+Q'],
    ['Alt+F4', 'win32', 'Alt+F4'],
    ['Cmd+Alt+I', 'darwin', 'Cmd+Option+I'],
    ['Win+D', 'win32', 'Win+D'],
    ['Alt+Space', 'win32', 'Alt+Space'],
    ['F12', 'linux', 'F12'],
  ] as const)('%s on %s reads %s', (combo, platform, text) => {
    expect(describeKeys(press(combo), platform)).toBe(text)
  })

  it('names a lone modifier once', () => {
    expect(describeKeys({ ...press('Meta'), meta: true }, 'win32')).toBe('Win')
  })
})

describe('kioskPlatformOf', () => {
  it.each([
    ['win32', 'win32'],
    ['darwin', 'darwin'],
    ['linux', 'linux'],
    ['freebsd', 'linux'],
  ])('%s → %s', (platform, expected) => {
    expect(kioskPlatformOf(platform)).toBe(expected)
  })
})

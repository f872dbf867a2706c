/**
 * Which keystrokes the exam window swallows (Electron's `before-input-event`) before the page or Chromium sees
 * them: the accelerators that would reload, open devtools, zoom, print, close, quit, leave fullscreen or open a
 * window. Keys the OS acts on first (Ctrl+Alt+Del, Win+L, Cmd+Tab...) cannot be stopped here: the deployment guide
 * (docs/deployment.md) makes the OS do that, and when such a key does reach the app it is blocked and logged too.
 *
 * Rules match exact modifier sets, as Chromium's accelerators do, so AltGr (reported as Ctrl+Alt on Windows) still
 * types '@', '{' or '€', and the exam's own Alt+letter shortcuts never meet a rule.
 */
export interface KeyInput {
  /** 'keyDown' or 'keyUp'; both halves of a blocked press are swallowed. */
  type: string
  /** KeyboardEvent.key: the character the layout produced ('r', 'к', 'Process' while an IME composes). */
  key: string
  /** KeyboardEvent.code: the physical key ('KeyR'). */
  code: string
  control: boolean
  meta: boolean
  alt: boolean
  shift: boolean
}

export type KioskPlatform = 'win32' | 'darwin' | 'linux'
/** Development keeps reload and devtools for the developer; everything else is locked as for a candidate. */
export type KioskMode = 'kiosk' | 'development'

export const KEY_CATEGORIES = [
  'reload',
  'devtools',
  'zoom',
  'print',
  'close',
  'quit',
  'fullscreen',
  'newWindow',
  'save',
  'open',
  'viewSource',
  'windowMenu',
  'hide',
  'history',
  'systemSwitch',
  'screenshot',
] as const
export type KeyCategory = (typeof KEY_CATEGORIES)[number]

/** `incident: false` for keys that are blocked but innocent (Alt alone starts every Alt+N). */
export type KeyVerdict = 'allow' | { block: string; category: KeyCategory; incident: boolean }

type Flag = boolean | 'any'
/** `primary` is Cmd on macOS and Ctrl elsewhere. Unlisted modifiers must be up; shift defaults to 'any'. */
interface Mods {
  primary?: true
  ctrl?: Flag
  meta?: Flag
  alt?: Flag
  shift?: Flag
}

interface KeyRule {
  category: KeyCategory
  reason: string
  on?: readonly KioskPlatform[]
  /** 'any' matches the key whatever the modifiers. */
  mods: Mods | 'any'
  /** Letters, matched on the character typed (so AZERTY's Ctrl+Z stays undo), or on the physical key when the
   * layout typed no Latin letter (Russian, Option+letter on a Mac, an IME), which is what Chromium does too. */
  letters?: string
  keys?: readonly string[]
  codes?: readonly string[]
  incident?: false
}

const WIN_LINUX: readonly KioskPlatform[] = ['win32', 'linux']
const MAC: readonly KioskPlatform[] = ['darwin']

const RULES: readonly KeyRule[] = [
  { category: 'reload', reason: 'reload would restart the exam page', mods: 'any', keys: ['F5', 'BrowserRefresh'] },
  { category: 'reload', reason: 'reload would restart the exam page', mods: { primary: true }, letters: 'r' },
  { category: 'devtools', reason: 'developer tools expose the page', mods: 'any', keys: ['F12'] },
  {
    category: 'devtools',
    reason: 'developer tools expose the page',
    on: WIN_LINUX,
    mods: { ctrl: true, shift: true },
    letters: 'ijc',
  },
  {
    category: 'devtools',
    reason: 'developer tools expose the page',
    on: MAC,
    mods: { meta: true, alt: true },
    letters: 'ijc',
  },
  {
    category: 'devtools',
    reason: 'developer tools expose the page',
    on: MAC,
    mods: { meta: true, shift: true },
    letters: 'c',
  },
  { category: 'viewSource', reason: 'view-source exposes the page', on: WIN_LINUX, mods: { ctrl: true }, letters: 'u' },
  {
    category: 'viewSource',
    reason: 'view-source exposes the page',
    on: MAC,
    mods: { meta: true, alt: true },
    letters: 'u',
  },
  {
    category: 'zoom',
    reason: 'zoom changes the exam layout (pinch and Ctrl+wheel are held by the window)',
    mods: { primary: true },
    keys: ['=', '+', '-', '_', '0'],
    codes: ['Equal', 'Minus', 'Digit0', 'NumpadAdd', 'NumpadSubtract', 'Numpad0'],
  },
  { category: 'print', reason: 'printing would copy the exam', mods: { primary: true }, letters: 'p' },
  { category: 'close', reason: 'closing the window would leave the exam', mods: { primary: true }, letters: 'w' },
  {
    category: 'close',
    reason: 'closing the window would leave the exam',
    on: WIN_LINUX,
    mods: { ctrl: true },
    keys: ['F4'],
  },
  { category: 'close', reason: 'closing the window would leave the exam', mods: { alt: true }, keys: ['F4'] },
  { category: 'quit', reason: 'quitting would leave the exam', mods: { primary: true }, letters: 'q' },
  {
    category: 'quit',
    reason: 'Force Quit would leave the exam',
    on: MAC,
    mods: { meta: true, alt: true },
    keys: ['Escape'],
  },
  {
    category: 'fullscreen',
    reason: 'leaving fullscreen would uncover the desktop',
    on: WIN_LINUX,
    mods: 'any',
    keys: ['F11'],
  },
  {
    category: 'fullscreen',
    reason: 'leaving fullscreen would uncover the desktop',
    on: MAC,
    mods: { ctrl: true, meta: true },
    letters: 'f',
  },
  { category: 'newWindow', reason: 'a new window or tab would leave the exam', mods: { primary: true }, letters: 'nt' },
  { category: 'save', reason: 'saving the page would copy the exam', mods: { primary: true }, letters: 's' },
  { category: 'open', reason: 'opening a file would leave the exam', mods: { primary: true }, letters: 'o' },
  {
    category: 'hide',
    reason: 'hiding or minimising would uncover the desktop',
    on: MAC,
    mods: { meta: true, alt: 'any' },
    letters: 'hm',
  },
  {
    category: 'history',
    reason: 'history navigation would leave the exam page',
    mods: 'any',
    keys: ['BrowserBack', 'BrowserForward', 'BrowserHome', 'BrowserSearch'],
  },
  {
    category: 'history',
    reason: 'history navigation would leave the exam page',
    on: WIN_LINUX,
    mods: { alt: true },
    keys: ['ArrowLeft', 'ArrowRight'],
  },
  {
    category: 'history',
    reason: 'history navigation would leave the exam page',
    on: MAC,
    mods: { meta: true },
    keys: ['[', ']'],
  },
  {
    category: 'windowMenu',
    reason: 'the window menu offers Close and Move',
    on: WIN_LINUX,
    mods: { alt: true },
    keys: [' '],
    codes: ['Space'],
  },
  { category: 'windowMenu', reason: 'F10 activates the window menu', on: WIN_LINUX, mods: 'any', keys: ['F10'] },
  // Alt alone would show a hidden menu bar; it is also the first half of every Alt+N, so it is never an incident.
  {
    category: 'windowMenu',
    reason: 'Alt alone activates the menu bar',
    on: WIN_LINUX,
    mods: 'any',
    keys: ['Alt'],
    incident: false,
  },
  {
    category: 'systemSwitch',
    reason: 'switches to another program (the OS acts first; see the deployment guide)',
    on: WIN_LINUX,
    mods: { alt: true },
    keys: ['Tab', 'Escape'],
  },
  {
    category: 'systemSwitch',
    reason: 'opens the Start menu or Task Manager (the OS acts first)',
    on: WIN_LINUX,
    mods: { ctrl: true },
    keys: ['Escape'],
  },
  {
    category: 'systemSwitch',
    reason: 'the Windows/Super key belongs to the OS shell',
    on: WIN_LINUX,
    mods: 'any',
    keys: ['Meta', 'OS'],
  },
  {
    category: 'systemSwitch',
    reason: 'Windows/Super shortcuts belong to the OS shell',
    on: WIN_LINUX,
    mods: { meta: true, ctrl: 'any', alt: 'any' },
  },
  {
    category: 'systemSwitch',
    reason: 'switches to another program (the OS acts first)',
    on: MAC,
    mods: { meta: true },
    keys: ['Tab', '`', ' '],
    codes: ['Tab', 'Backquote', 'Space'],
  },
  { category: 'screenshot', reason: 'a screen capture would copy the exam', mods: 'any', keys: ['PrintScreen'] },
  {
    category: 'screenshot',
    reason: 'a screen capture would copy the exam',
    on: MAC,
    mods: { meta: true, shift: true },
    codes: ['Digit3', 'Digit4', 'Digit5'],
  },
]

const DEVELOPMENT_KEYS: ReadonlySet<KeyCategory> = new Set(['reload', 'devtools'])

/** The Latin letter a press stands for: the typed character when it is one, else the physical key's letter. */
function letterOf(input: KeyInput): string | undefined {
  if (/^[a-z]$/i.test(input.key)) return input.key.toLowerCase()
  return /^Key([A-Z])$/.exec(input.code)?.[1]?.toLowerCase()
}

function flagMatches(want: Flag | undefined, actual: boolean, fallback: Flag): boolean {
  const expected = want ?? fallback
  return expected === 'any' || expected === actual
}

function modsMatch(mods: Mods | 'any', input: KeyInput, platform: KioskPlatform): boolean {
  if (mods === 'any') return true
  const primaryIsMeta = platform === 'darwin'
  const ctrl = mods.ctrl ?? (mods.primary === true && !primaryIsMeta)
  const meta = mods.meta ?? (mods.primary === true && primaryIsMeta)
  return (
    flagMatches(ctrl, input.control, false) &&
    flagMatches(meta, input.meta, false) &&
    flagMatches(mods.alt, input.alt, false) &&
    flagMatches(mods.shift, input.shift, 'any')
  )
}

function keyMatches(rule: KeyRule, input: KeyInput): boolean {
  // A rule naming no key at all matches on its modifiers alone (Win+anything).
  if (rule.letters === undefined && rule.keys === undefined && rule.codes === undefined) return true
  const letter = letterOf(input)
  return (
    (letter !== undefined && rule.letters?.includes(letter) === true) ||
    rule.keys?.includes(input.key) === true ||
    rule.codes?.includes(input.code) === true
  )
}

/** The decision for one key event on one OS. Pure: the window applies it (electron/shell/main/kioskWindow.ts). */
export function kioskInputFilter(input: KeyInput, platform: KioskPlatform, mode: KioskMode): KeyVerdict {
  for (const rule of RULES) {
    if (rule.on && !rule.on.includes(platform)) continue
    if (!modsMatch(rule.mods, input, platform) || !keyMatches(rule, input)) continue
    if (mode === 'development' && DEVELOPMENT_KEYS.has(rule.category)) return 'allow'
    return { block: rule.reason, category: rule.category, incident: rule.incident ?? true }
  }
  return 'allow'
}

/** Other Unix-likes behave as Linux here: same keyboard conventions, same window managers. */
export function kioskPlatformOf(platform: string): KioskPlatform {
  return platform === 'win32' || platform === 'darwin' ? platform : 'linux'
}

/** A press as the proctor reads it in the log: "Ctrl+Shift+I", "Cmd+Q", "Alt+F4". */
export function describeKeys(input: KeyInput, platform: KioskPlatform): string {
  const mac = platform === 'darwin'
  const parts = [
    input.control ? 'Ctrl' : '',
    input.meta ? (mac ? 'Cmd' : 'Win') : '',
    input.alt ? (mac ? 'Option' : 'Alt') : '',
    input.shift ? 'Shift' : '',
  ].filter((part) => part !== '')
  const name = letterOf(input)?.toUpperCase() ?? (input.key === ' ' ? 'Space' : input.key)
  if (!['Control', 'Meta', 'OS', 'Alt', 'Shift'].includes(input.key)) parts.push(name)
  return parts.join('+') || name
}

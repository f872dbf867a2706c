/**
 * The keys the exam window swallows, as data: each rule names what the key would do (its category, shown to the
 * proctor in their language), why it is blocked, the OS it applies to, and the exact modifiers it needs.
 * kioskInputFilter.ts matches key events against these rules.
 */
export type KioskPlatform = 'win32' | 'darwin' | 'linux'

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

export type Flag = boolean | 'any'
/** `primary` is Cmd on macOS and Ctrl elsewhere. Unlisted modifiers must be up; shift defaults to 'any'. */
export interface Mods {
  primary?: true
  ctrl?: Flag
  meta?: Flag
  alt?: Flag
  shift?: Flag
}

export interface KeyRule {
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

export const KEY_RULES: readonly KeyRule[] = [
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

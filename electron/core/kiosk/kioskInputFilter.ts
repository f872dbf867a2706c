/**
 * Which keystrokes the exam window swallows (Electron's `before-input-event`) before the page or Chromium sees
 * them: the accelerators that would reload, open devtools, zoom, print, close, quit, leave fullscreen or open a
 * window. Keys the OS acts on first (Ctrl+Alt+Del, Win+L, Cmd+Tab...) cannot be stopped here: the deployment guide
 * (docs/deployment.md) makes the OS do that, and when such a key does reach the app it is blocked and logged too.
 *
 * Rules match exact modifier sets, as Chromium's accelerators do, so AltGr (reported as Ctrl+Alt on Windows) still
 * types '@', '{' or '€', and the exam's own Alt+letter shortcuts never meet a rule.
 */
import { KEY_RULES } from './kioskKeyRules'
import type { Flag, KeyCategory, KeyRule, KioskPlatform, Mods } from './kioskKeyRules'

export { KEY_CATEGORIES } from './kioskKeyRules'
export type { KeyCategory, KioskPlatform } from './kioskKeyRules'

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

/** Development keeps reload and devtools for the developer; everything else is locked as for a candidate. */
export type KioskMode = 'kiosk' | 'development'

/** `incident: false` for keys that are blocked but innocent (Alt alone starts every Alt+N). */
export type KeyVerdict = 'allow' | { block: string; category: KeyCategory; incident: boolean }

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
  for (const rule of KEY_RULES) {
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

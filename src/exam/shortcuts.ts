/**
 * The exam's keyboard shortcuts as one pure decision, so the list on screen and the behaviour cannot drift apart.
 * Keys are read by physical position (`code`), so Alt+N works with a Zhuyin or Pinyin layout active, and nothing
 * fires while an IME is composing.
 */
export type ExamShortcut =
  | { action: 'next' }
  | { action: 'previous' }
  | { action: 'flag' }
  | { action: 'review' }
  | { action: 'choose'; index: number }

export interface KeyPress {
  code: string
  key: string
  altKey: boolean
  ctrlKey: boolean
  metaKey: boolean
  shiftKey: boolean
  isComposing: boolean
}

const ALT_ACTIONS: Record<string, ExamShortcut> = {
  KeyN: { action: 'next' },
  KeyP: { action: 'previous' },
  KeyF: { action: 'flag' },
  KeyR: { action: 'review' },
}

/** Option index from 1–9 (top row or keypad) or a letter A–Z, which matches the on-screen position labels. */
function chooseIndex(code: string): number | null {
  const digit = /^(?:Digit|Numpad)([1-9])$/.exec(code)
  if (digit?.[1]) return Number(digit[1]) - 1
  const letter = /^Key([A-Z])$/.exec(code)
  if (letter?.[1]) return letter[1].charCodeAt(0) - 65
  return null
}

/** `typing` is true when focus is in a text field, where plain keys and Page Up/Down belong to the field. */
export function shortcutFor(press: KeyPress, typing: boolean): ExamShortcut | null {
  if (press.isComposing || press.key === 'Process' || press.ctrlKey || press.metaKey) return null
  if (press.altKey) return press.shiftKey ? null : (ALT_ACTIONS[press.code] ?? null)
  if (typing || press.shiftKey) return null
  if (press.code === 'PageDown') return { action: 'next' }
  if (press.code === 'PageUp') return { action: 'previous' }
  const index = chooseIndex(press.code)
  return index === null ? null : { action: 'choose', index }
}

/** Text fields own their keys: inputs that take text, textareas, selects and editable regions. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement)
    return true
  return target instanceof HTMLInputElement && !['radio', 'checkbox', 'button', 'submit', 'reset'].includes(target.type)
}

/** What ShortcutHelp lists: i18n keys for the keys and the action, in the order a candidate needs them. */
export const SHORTCUT_HELP = [
  { keys: ['shortcuts.keys.next', 'shortcuts.keys.nextAlt'], action: 'shortcuts.next' },
  { keys: ['shortcuts.keys.previous', 'shortcuts.keys.previousAlt'], action: 'shortcuts.previous' },
  { keys: ['shortcuts.keys.flag'], action: 'shortcuts.flag' },
  { keys: ['shortcuts.keys.review'], action: 'shortcuts.review' },
  { keys: ['shortcuts.keys.choose', 'shortcuts.keys.chooseAlt'], action: 'shortcuts.choose' },
] as const

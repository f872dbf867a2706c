/**
 * One language per screen: the Latin words a Chinese screen may show are names, codes and numbers, never English
 * sentences that slipped past translation. Shared by the locale catalog test and the E2E walk over the screens.
 */

/** Names and key names that stay in Latin letters in every language. */
export const LATIN_NAMES: ReadonlySet<string> = new Set([
  'Invigil',
  'English',
  // Keyboard keys, as printed on the keys.
  'Alt',
  'Ctrl',
  'Shift',
  'Page',
  'Up',
  'Down',
  'Enter',
  'Esc',
  'Tab',
  'Home',
  'End',
  'Windows',
  'macOS',
  'Linux',
  'Electron',
  'Chromium',
  'PostgreSQL',
  'SQLite',
  'OpenSSL',
  'openssl',
  'invigil',
  // The roster's CSV column, spelled as the file must spell it.
  'name',
])

/**
 * A code, not a word: an acronym (PIN, CSV, SHA), an identifier with digits or separators (C-2026-0042,
 * candidate_id, environment.yaml, banks/, E:\results), a symbol (p, r, option A), or a hex fingerprint.
 */
const isCode = (token: string): boolean =>
  token.length === 1 || /^[A-Z0-9]+s?$/.test(token) || /[0-9_./:\\@+-]/.test(token) || /^[0-9a-f]{6,}$/.test(token)

/** The Latin words in `text` that are neither names nor codes; vue-i18n placeholders ({name}) are not text. */
export function unexpectedLatinWords(text: string, allowed: ReadonlySet<string> = LATIN_NAMES): string[] {
  const plain = text.replace(/\{\w+\}/g, ' ').replace(/@:[\w.]+/g, ' ')
  const tokens = plain.match(/[A-Za-z0-9_./:\\@+-]*[A-Za-z][A-Za-z0-9_./:\\@+-]*/g) ?? []
  // A full stop or colon after a word ends the sentence; it does not make the word a file name.
  const words = tokens.map((token) => token.replace(/[.:]+$/, '')).filter((token) => token !== '')
  return words.filter((token) => !allowed.has(token) && !isCode(token))
}

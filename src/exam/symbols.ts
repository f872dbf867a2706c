/**
 * Symbols that go with words on screen (never instead of them); they are the same in every language, so they
 * live here rather than in the catalogs. Always rendered aria-hidden.
 */
export const SYMBOLS = {
  answered: '✓',
  partial: '◐',
  flagged: '⚑',
  struck: '✕',
  notSaved: '!',
  saving: '…',
  previous: '←',
  next: '→',
  contrast: '◐',
} as const

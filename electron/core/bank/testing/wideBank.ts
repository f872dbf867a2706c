/**
 * Banks with one very wide options mapping: the shape that made validation quadratic (issue #11). Shared by the
 * linear-validation test and the benchmark, so both measure the same text.
 */
export type WideKeys =
  /** Every key distinct and none an option letter: one located error per key. */
  | 'distinct'
  /** Every key the same letter: the first repeat is a syntax error. */
  | 'duplicate'

/** The line of the first option key in a wide bank's text (1-based). */
export const FIRST_OPTION_LINE = 16

export function wideBankText(keys: number, kind: WideKeys): string {
  const lines = [
    'format: invigil-bank/1',
    'id: wide',
    'title: Wide',
    'language: en',
    'duration_minutes: 60',
    'sections:',
    '  - id: s',
    '    title: S',
    '    items:',
    '      - id: q',
    '        type: single',
    '        stem: Q',
    '        points: 1',
    '        key: A',
    '        options:',
  ]
  for (let i = 0; i < keys; i++) lines.push(kind === 'distinct' ? `          k${String(i)}: x` : '          A: x')
  return `${lines.join('\n')}\n`
}

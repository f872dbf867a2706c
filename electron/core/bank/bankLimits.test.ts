import { describe, expect, it } from 'vitest'
import { formatDiagnostic } from './diagnostics'
import { loadBankText } from './loadBank'
import { MAX_DURATION_MINUTES, MAX_POINTS } from './schema'

// Issue #11: what a bank may hold is bounded when it is validated (and so when it is installed), never discovered at
// export. The attacks as the issue gives them: points that add up to Infinity, 2^53 minutes, a __proto__ option.
const bank = (options: { duration?: string; points?: [string, string]; options?: string }): string =>
  [
    'format: invigil-bank/1', //                                        1
    'id: bounds', //                                                    2
    'title: Bounds', //                                                 3
    'language: en', //                                                  4
    `duration_minutes: ${options.duration ?? '60'}`, //                 5
    'sections:', //                                                     6
    '  - id: s', //                                                     7
    '    title: S', //                                                  8
    '    items:', //                                                    9
    '      - id: q1', //                                                10
    '        type: true_false', //                                      11
    '        stem: One', //                                             12
    `        points: ${options.points?.[0] ?? '1'}`, //                 13
    '        key: true', //                                             14
    '      - id: q2', //                                                15
    '        type: single', //                                          16
    '        stem: Two', //                                             17
    `        points: ${options.points?.[1] ?? '1'}`, //                 18
    `        options: ${options.options ?? '{A: a, B: b}'}`, //         19
    '        key: A', //                                                20
  ].join('\n')

const errorsOf = (text: string): string[] => {
  const { bank: loaded, diagnostics } = loadBankText(text, 'bounds.yaml')
  expect(loaded).toBeUndefined()
  return diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)
}

describe('bank bounds', () => {
  it('refuses points that would add up to Infinity, at each value, with file:line', () => {
    expect(1e308 + 1e308).toBe(Infinity)
    expect(errorsOf(bank({ points: ['1e308', '1e308'] }))).toEqual([
      `bounds.yaml:13:17: error: points must be at most ${String(MAX_POINTS)} (found the number 1e+308) (sections[0].items[0].points)`,
      `bounds.yaml:18:17: error: points must be at most ${String(MAX_POINTS)} (found the number 1e+308) (sections[0].items[1].points)`,
    ])
  })

  it('refuses a duration of 2^53 minutes, with file:line', () => {
    expect(errorsOf(bank({ duration: String(2 ** 53) }))).toEqual([
      `bounds.yaml:5:19: error: duration_minutes must be at most ${String(MAX_DURATION_MINUTES)} (24 hours) (found the number 9007199254740992) (duration_minutes)`,
    ])
  })

  it('accepts the bounds themselves', () => {
    const { bank: loaded, diagnostics } = loadBankText(
      bank({ duration: String(MAX_DURATION_MINUTES), points: [String(MAX_POINTS), '0.5'] }),
      'bounds.yaml',
    )
    expect(diagnostics).toEqual([])
    expect(loaded?.duration_minutes).toBe(MAX_DURATION_MINUTES)
  })

  it.each([
    ['a flow mapping', '{A: a, B: b, __proto__: c}', 'bounds.yaml:19:31'],
    ['a quoted key', '{A: a, B: b, "__proto__": c}', 'bounds.yaml:19:31'],
  ])('refuses a __proto__ option key in %s, located, rather than dropping it', (_, options, where) => {
    expect(errorsOf(bank({ options }))).toEqual([
      `${where}: error: the key "__proto__" is not allowed\n` +
        '  hint: no key of a bank is named __proto__; remove it (option letters are single capitals A–Z)',
    ])
  })

  it('refuses __proto__ anywhere in the bank, e.g. as an item key', () => {
    const text = bank({}).replace('        key: true', '        key: true\n        __proto__: { points: 9 }')
    expect(errorsOf(text)).toEqual([expect.stringMatching(/^bounds\.yaml:15:9: error: the key "__proto__"/)])
  })

  it('reports the first repeated key, and counts 1: and "1": as the same key, as a JS object does', () => {
    expect(errorsOf(bank({ options: '{A: a, B: b, A: c}' }))).toEqual([
      expect.stringMatching(/^bounds\.yaml:19:31: error: duplicate key "A"/),
    ])
    expect(errorsOf(`${bank({})}\nsource: {notes: x, 1: a, "1": b}\n`)).toEqual([
      expect.stringMatching(/^bounds\.yaml:21:26: error: duplicate key "1"/),
    ])
  })

  it('reports a syntax error before a later repeated key, and a repeated key before a later syntax error', () => {
    const repeatedThenBroken = bank({ options: '{A: a, B: b, B: c}' }).replace('key: A', 'key: [A')
    expect(errorsOf(repeatedThenBroken)).toEqual([expect.stringMatching(/^bounds\.yaml:19:31: error: duplicate key/)])
    const brokenThenRepeated = bank({ options: '{A: a, B: b, B: c}' }).replace('title: Bounds', 'title: [Bounds')
    expect(errorsOf(brokenThenRepeated)[0]).toMatch(/^bounds\.yaml:4:1: error: YAML syntax/)
  })
})

import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Diagnostic } from './diagnostics'
import { loadBankFile, loadBankText } from './loadBank'

const head =
  'format: invigil-bank/1\nid: b\ntitle: B\nlanguage: en\nduration_minutes: 10\nsections:\n  - id: s1\n    title: S\n    items:\n'
/** The bank with one item, given as unindented YAML lines; the item's first line lands on line 10. */
const withItem = (item: string): string =>
  `${head}${item
    .trimEnd()
    .split('\n')
    .map((line, i) => `${i === 0 ? '      - ' : '        '}${line}`)
    .join('\n')}\n`
const single = 'id: q1\ntype: single\nstem: Pick.\npoints: 1\noptions: { A: "a", B: "b" }\nkey: A\n'

/** "3:5 error: message | hint": what an author sees, compactly. */
const seen = (diagnostics: Diagnostic[]): string[] =>
  diagnostics.map((d) => `${d.line}:${d.column} ${d.severity}: ${d.message}${d.hint ? ` | ${d.hint}` : ''}`)

describe('loadBankText', () => {
  it('returns the parsed bank, defaults applied, when there is no error', () => {
    const { bank, diagnostics } = loadBankText(
      withItem(single).replace('    items:\n', '    shuffle: { items: true }\n    items:\n'),
      'b.yaml',
    )
    expect(diagnostics).toEqual([])
    expect(bank?.sections[0]?.shuffle).toEqual({ items: true, options: false })
  })

  it('returns no bank when a semantic check finds an error, but still returns warnings with it', () => {
    const result = loadBankText(
      withItem(single.replace('key: A', 'key: C')).replace('    items:\n', '    declared: { count: 2 }\n    items:\n'),
      'b.yaml',
    )
    expect(result.bank).toBeUndefined()
    expect(result.diagnostics.map((d) => d.severity)).toEqual(['warning', 'error'])
  })

  describe('a file that is not a bank gets one whole-file error', () => {
    it.each([
      ['empty', '', 'the file is empty'],
      ['only comments', '# draft\n', 'the file is empty'],
      ['a list', '- a\n- b\n', 'a list or a single value, not a bank'],
      ['a single value', 'hello\n', 'a list or a single value, not a bank'],
      ['another YAML file', 'services:\n  web:\n    image: nginx\n', 'no format and no sections'],
      ['binary', 'format: x\u0000\u0001\u0002', 'binary'],
      ['over 10 MB', `title: "${'x'.repeat(10 * 1024 * 1024)}"`, 'larger than 10 MB'],
    ])('%s', (_, text, fragment) => {
      const { bank, diagnostics } = loadBankText(text, 'x.yaml')
      expect(bank).toBeUndefined()
      expect(diagnostics).toHaveLength(1)
      expect(diagnostics[0]).toMatchObject({ severity: 'error', file: 'x.yaml', line: 0, column: 0 })
      expect(diagnostics[0]?.message).toContain(fragment)
    })
  })

  it('reports the first YAML syntax error only, located, with a hint for the usual cause', () => {
    expect(
      seen(loadBankText(withItem(single.replace('stem: Pick.', 'stem: Note: pick one')), 'b.yaml').diagnostics),
    ).toEqual([
      '12:15 error: YAML syntax: Nested mappings are not allowed in compact mappings | text containing ": " needs quotes, e.g. stem: "Note: read carefully"',
    ])
    expect(loadBankText('a: [1,\nb: {\n', 'b.yaml').diagnostics).toHaveLength(1)
  })

  it('reports a duplicate key, in YAML and in JSON, at the second occurrence', () => {
    expect(seen(loadBankText(head.replace('id: b\n', 'id: b\nid: c\n'), 'b.yaml').diagnostics)[0]).toMatch(
      /^3:1 error: duplicate key "id"/,
    )
    expect(seen(loadBankText('{"id": "a", "id": "b"}', 'b.json').diagnostics)[0]).toMatch(
      /^1:13 error: duplicate key "id"/,
    )
  })

  it('reports an alias to a missing anchor as a whole-file error instead of throwing', () => {
    expect(seen(loadBankText(`${head}      - *missing\n`, 'b.yaml').diagnostics)[0]).toMatch(
      /^0:0 error: YAML: .*anchor/i,
    )
  })

  it('reports a list or mapping used as a key, located, instead of stringifying it', () => {
    expect(seen(loadBankText(`${head}      - [a, b]: x\n`, 'b.yaml').diagnostics)).toEqual([
      '10:9 error: a key must be plain text, not a list or a mapping | check the colons and brackets on this line',
    ])
  })

  it('passes YAML warnings on, located', () => {
    const { bank, diagnostics } = loadBankText(withItem(single.replace('stem: Pick.', 'stem: !custom Pick.')), 'b.yaml')
    expect(bank).toBeDefined()
    expect(seen(diagnostics)).toEqual(['12:15 warning: YAML syntax: Unresolved tag: !custom'])
  })

  describe('schema problems, worded for authors', () => {
    const problems = (text: string) => seen(loadBankText(text, 'b.yaml').diagnostics)

    it('one diagnostic per unknown key, at the key, with a suggestion or the allowed keys', () => {
      expect(problems(withItem(`${single}pionts: x\nfoo: y\n`))).toEqual([
        '16:9 error: unknown key "pionts" | did you mean "points"?',
        '17:9 error: unknown key "foo" | allowed keys here: id, stem, points, explanation, truncated, notes, number, type, options, key',
      ])
    })

    it('a wrong type says what was expected and what was found', () => {
      expect(problems(withItem(single.replace('points: 1', 'points: two')))).toEqual([
        '13:17 error: points must be a number, but found "two" | write a number without quotes, e.g. 2',
      ])
      expect(problems(head.replace('duration_minutes: 10', 'duration_minutes: 1.5'))[0]).toBe(
        '5:19 error: duration_minutes must be a whole number, but found the number 1.5 | write a whole number without quotes, e.g. 90',
      )
    })

    it('a multiple-choice key written as a single letter is a wrong type with a list hint', () => {
      expect(problems(withItem(single.replace('type: single', 'type: multiple')))).toEqual([
        '15:14 error: key must be a list, but found "A" | write a list: one "- " line per entry, or [A, C]',
      ])
    })

    it('an unknown type lists the allowed types; a scenario part may not be a scenario', () => {
      expect(problems(withItem(single.replace('type: single', 'type: essay')))).toEqual([
        '11:15 error: unknown type "essay" | allowed types: single, multiple, true_false, short_answer, scenario',
      ])
      const nested =
        'id: q1\ntype: scenario\nstem: Case.\npoints: 1\nparts:\n  - id: p1\n    type: scenario\n    stem: x\n    points: 1\n'
      expect(problems(withItem(nested))).toEqual([
        '16:19 error: unknown type "scenario" | a scenario part cannot itself be a scenario; allowed types: single, multiple, true_false, short_answer',
      ])
    })

    it('a missing key is reported at the mapping it belongs in', () => {
      expect(problems(withItem(single.replace('stem: Pick.\n', '')))).toEqual([
        '10:9 error: missing required key "stem" | add a line stem: with text',
      ])
    })

    it('an empty value is reported at its key', () => {
      expect(problems(withItem(single.replace('stem: Pick.', 'stem:')))).toEqual([
        '12:9 error: stem must be text, but found empty | write text here; quote anything YAML would read as a number or true/false, e.g. "11"',
      ])
    })

    it('an enum value gets a did-you-mean', () => {
      expect(
        problems(
          withItem(
            `${single.replace('type: single', 'type: multiple').replace('key: A', 'key: [A, B]')}scoring: parital\n`,
          ),
        ),
      ).toEqual([
        '16:18 error: scoring must be one of: all_or_nothing, partial (found "parital") | did you mean "partial"?',
      ])
    })

    it('a section without items, and a bank without sections, say what they need', () => {
      expect(problems(head.replace('    items:\n', '    items: []\n'))).toEqual([
        '9:12 error: a section has at least one item',
      ])
      expect(
        problems('format: invigil-bank/1\nid: b\ntitle: B\nlanguage: en\nduration_minutes: 10\nsections: []\n'),
      ).toEqual(['6:11 error: a bank has at least one section'])
    })

    it('diagnostics come in source order', () => {
      const text = withItem(single.replace('points: 1', 'points: -1')).replace('id: b\n', 'id: "b c"\n')
      expect(problems(text).map((line) => line.split(' ')[0])).toEqual(['2:5', '13:17'])
    })
  })
})

describe('loadBankFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'invigil-load-'))
  const write = (name: string, content: string | Uint8Array): string => {
    const path = join(dir, name)
    writeFileSync(path, content)
    return path
  }

  it('reads a UTF-8 bank, a leading BOM included', async () => {
    const { bank } = await loadBankFile(write('bom.yaml', `\uFEFF${withItem(single)}`))
    expect(bank?.id).toBe('b')
  })

  it.each([
    ['a missing file', () => join(dir, 'nope.yaml'), 'no such file'],
    ['a directory', () => dir, 'not a file'],
    [
      'a file that is not UTF-8',
      () => write('latin1.yaml', Uint8Array.from([0x74, 0x3a, 0x20, 0xe9, 0x0a])),
      'not UTF-8',
    ],
    ['a binary file', () => write('image.yaml', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00])), 'binary'],
  ])('turns %s into one whole-file error', async (_, path, fragment) => {
    const file = path()
    const { bank, diagnostics } = await loadBankFile(file)
    expect(bank).toBeUndefined()
    expect(diagnostics).toHaveLength(1)
    expect(diagnostics[0]).toMatchObject({ severity: 'error', file, line: 0 })
    expect(diagnostics[0]?.message).toContain(fragment)
  })
})

import { describe, expect, it } from 'vitest'
import { bankSchema } from '../schema'
import { importGift } from './gift'
import { errors, fixture, importText, onlyItem, warnings, where } from './gift/testing/giftKit'

describe('importGift: sample.gift', () => {
  const result = importGift(fixture('sample.gift'), { file: 'test/fixtures/import/sample.gift', durationMinutes: 45 })
  const bank = result.bank

  it('imports every supported type, warning only that Markdown shows as typed, and the bank passes the schema', () => {
    expect(result.diagnostics.map((d) => [d.severity, where(d), d.message])).toEqual([
      ['warning', '14:11', expect.stringContaining('[markdown] text is imported as typed')],
    ])
    expect(() => bankSchema.parse(bank)).not.toThrow()
    expect(bank).toMatchObject({ id: 'sample', title: 'sample', duration_minutes: 45, source: { file: 'sample.gift' } })
  })

  it('puts questions before any category in a default section and opens one section per category path', () => {
    expect(bank?.sections.map((s) => [s.id, s.title, s.items.map((item) => item.id)])).toEqual([
      ['questions', 'Questions', ['q1']],
      // The repeated Europe category at the end of the file continues this section.
      ['europe', 'Europe', ['q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8', 'q9']],
      ['section-3', '中國', ['q10', 'q11', 'q12', 'q13', 'q14']],
    ])
  })

  it('maps the English questions', () => {
    const [first, europe] = bank?.sections ?? []
    expect(first?.items).toEqual([
      {
        id: 'q1',
        type: 'single',
        stem: 'What is the capital of France?',
        points: 1,
        notes: 'GIFT title: Capital',
        options: { A: 'Paris', B: 'Lyon', C: 'Marseille' },
        key: 'A',
        explanation:
          'Paris is also the largest city.\n\nA: Right: Paris has been the capital since 987.\nB: Lyon is the third-largest city.',
      },
    ])
    expect(europe?.items).toEqual([
      {
        id: 'q2',
        type: 'multiple',
        stem: 'Which rivers flow through **Germany**?',
        points: 1,
        notes: 'GIFT title: Rivers',
        options: { A: 'Rhine', B: 'Danube', C: 'Nile' },
        key: ['A', 'B'],
        scoring: 'partial',
        explanation: 'C: The Nile is in Africa.',
      },
      { id: 'q3', type: 'true_false', stem: 'The Sun is a star.', points: 1, key: true },
      {
        id: 'q4',
        type: 'true_false',
        stem: 'The Moon is a planet.',
        points: 1,
        key: false,
        // {FALSE#shown to those who answer True#shown to those who answer False}
        explanation: 'True: Wrong: it is a satellite.\nFalse: Right: it is a natural satellite.',
      },
      {
        id: 'q5',
        type: 'short_answer',
        stem: 'Two plus two equals _____ in words.',
        points: 1,
        reference_answer: 'four\n4 (50%)',
      },
      {
        id: 'q6',
        type: 'short_answer',
        stem: 'Describe the water cycle.',
        points: 1,
        explanation: 'Mention evaporation, condensation and precipitation.',
      },
      {
        id: 'q7',
        type: 'single',
        stem: 'Which expression is true in C: 1 = 1 or 1 ~ 1?',
        points: 1,
        options: { A: '{a} = b', B: 'a # b', C: 'c:d' },
        key: 'A',
      },
      {
        id: 'q8',
        type: 'single',
        stem: 'The _____ barked at the postman.',
        points: 1,
        options: { A: 'cat', B: 'dog', C: 'fish' },
        key: 'B',
      },
      {
        id: 'q9',
        type: 'true_false',
        stem: 'Mont Blanc lies on the border of France and Italy.',
        points: 1,
        key: true,
      },
    ])
  })

  it('maps the Chinese questions', () => {
    expect(bank?.sections[2]?.items).toEqual([
      {
        id: 'q10',
        type: 'single',
        stem: '中國的首都是哪個城市？',
        points: 1,
        notes: 'GIFT title: 首都',
        options: { A: '北京', B: '上海', C: '廣州' },
        key: 'A',
        explanation: 'A: 正確。',
      },
      {
        id: 'q11',
        type: 'multiple',
        stem: '下列哪些是長江流經的省份？',
        points: 1,
        options: { A: '四川', B: '湖北', C: '山東' },
        key: ['A', 'B'],
        scoring: 'partial',
        explanation: 'C: 山東不在長江流域。',
      },
      {
        id: 'q12',
        type: 'true_false',
        stem: '太陽從東方升起。',
        points: 1,
        key: true,
        explanation: 'True: 正確。\nFalse: 錯誤。',
      },
      { id: 'q13', type: 'short_answer', stem: '水的化學式是 _____ 。', points: 1, reference_answer: 'H2O\nH₂O' },
      { id: 'q14', type: 'short_answer', stem: '請簡述光合作用的過程。', points: 1 },
    ])
  })
})

describe('importGift: text and structure', () => {
  it('keeps an escaped backslash before a real brace, and an escaped colon in a title', () => {
    expect(onlyItem('::a\\:b::Path C:\\\\ {=yes ~no}').item).toMatchObject({
      notes: 'GIFT title: a:b',
      stem: 'Path C:\\',
    })
  })

  it('turns \\n into a line break, except in [html] text, where a line break is a space as in a browser', () => {
    expect(onlyItem('[plain]Line one\\nline two {T}').item).toMatchObject({
      stem: 'Line one\nline two',
      type: 'true_false',
    })
    expect(onlyItem('[html]Line one\\nline two {T}').item).toMatchObject({ stem: 'Line one line two' })
  })

  it('reads a block that starts with the category line and continues with a question', () => {
    const result = importText('$CATEGORY: Unit 1//2\nQ? {T}')
    expect(result.bank?.sections.map((s) => [s.id, s.title])).toEqual([['unit-1-2', 'Unit 1/2']])
  })

  it('titles the default section from the options and skips empty categories with a warning', () => {
    const result = importText('Q? {T}\n\n$CATEGORY: Empty\n', 'Unit test')
    expect(result.bank?.sections.map((s) => [s.id, s.title])).toEqual([['questions', 'Unit test']])
    expect(warnings(result.diagnostics).map((d) => [where(d), d.message])).toEqual([
      ['3:1', expect.stringContaining('"Empty" holds no questions')],
    ])
  })

  it('skips a description (text without an answer block) with a located warning', () => {
    const result = importText('Read the passage below.\n\nQ? {F}')
    expect(result.bank?.sections[0]?.items).toHaveLength(1)
    expect(warnings(result.diagnostics).map((d) => [where(d), d.message])).toEqual([
      ['1:1', expect.stringContaining('description')],
    ])
  })

  it('locates errors correctly in a file with CRLF line endings', () => {
    const result = importText('// c\r\n\r\nQ? {=a\r\n~%x%b}')
    expect(errors(result.diagnostics).map(where)).toEqual(['4:2'])
  })

  it('reads a file with old-Mac CR line endings: blank lines still end questions, errors keep their lines', () => {
    const result = importText('// c\r\rQ? {=a\r~%x%b}')
    expect(errors(result.diagnostics).map(where)).toEqual(['4:2'])
    const good = importText('::T::First?\r{=a ~b}\r\rSecond? {F}\r')
    expect(good.bank?.sections[0]?.items).toMatchObject([
      { type: 'single', stem: 'First?', options: { A: 'a', B: 'b' } },
      { type: 'true_false', stem: 'Second?', key: false },
    ])
  })

  it('requires capitals for true/false, like Moodle', () => {
    expect(errors(importText('Q? {true}').diagnostics).map((d) => [where(d), d.message])).toEqual([
      ['1:5', expect.stringContaining('not marked as an answer')],
    ])
  })

  it('rejects a short answer that accepts nothing, a question without text and more than 26 options', () => {
    const many = Array.from({ length: 27 }, (_, i) => `~o${i}`).join(' ')
    const result = importText(`Q? {=%0%x}\n\n{=a ~b}\n\nQ? {=r ${many}}`)
    expect(errors(result.diagnostics).map((d) => [where(d), d.message])).toEqual([
      ['1:4', expect.stringContaining('accepts no answer')],
      ['3:1', 'question has no text'],
      ['5:4', expect.stringContaining('needs 2 to 26')],
    ])
  })

  it('reports a file without questions as a whole-file error', () => {
    const result = importText('// only a comment\n\n')
    expect(errors(result.diagnostics).map((d) => [where(d), d.message])).toEqual([
      ['0:0', 'found no questions to import'],
    ])
  })

  it('returns a bank only when no error was found', () => {
    const result = importText('Good? {T}\n\nBad? {#1}')
    expect(result.bank).toBeUndefined()
    expect(errors(result.diagnostics)).toHaveLength(1)
  })
})

describe('importGift: robustness', () => {
  it('never throws or stalls on pathological input', () => {
    const inputs = [
      '',
      '\\',
      '{',
      '}',
      '::',
      '::::',
      '{}',
      '{{{{{{',
      '$CATEGORY:',
      '$CATEGORY:\n{T}',
      '####',
      '{####}',
      '{~}',
      '{=}',
      '{%}',
      `Q? {${'~a'.repeat(5000)}}`,
      `${'\\'.repeat(10001)}{T}`,
      `Q? {${'%'.repeat(10000)}}`,
      `::${':'.repeat(20001)}`,
      `Q {${'#'.repeat(20000)}}`,
      '\u0000{T}',
      '\uD800 {=\uD800 ~x}',
      'a {~%100.5%x ~y}',
    ]
    const started = Date.now()
    for (const input of inputs) {
      const result = importText(input)
      expect(result.diagnostics.every((d) => d.message.length > 0 && d.line >= 0 && d.column >= 0)).toBe(true)
      if (result.bank) expect(() => bankSchema.parse(result.bank)).not.toThrow()
    }
    expect(Date.now() - started).toBeLessThan(2000)
  })
})

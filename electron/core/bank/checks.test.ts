import { describe, expect, it } from 'vitest'
import { checkBank } from './checks'
import { formatPath } from './diagnostics'
import type { BankProblem } from './locate'
import { bankSchema } from './schema'

// Banks are built as plain data and parsed, so every case starts from something the schema accepts.
const single = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'single',
  stem: 'Pick one.',
  points: 1,
  options: { A: 'a', B: 'b' },
  key: 'A',
  ...extra,
})
const multiple = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'multiple',
  stem: 'Pick some.',
  points: 2,
  options: { A: 'a', B: 'b', C: 'c' },
  key: ['A', 'C'],
  ...extra,
})
const short = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'short_answer',
  stem: 'Explain.',
  points: 5,
  ...extra,
})
const scenario = (id: string, parts: unknown[], extra: Record<string, unknown> = {}) => ({
  id,
  type: 'scenario',
  stem: 'A case.',
  points: 10,
  parts,
  ...extra,
})
const section = (id: string, items: unknown[], extra: Record<string, unknown> = {}) => ({
  id,
  title: `Section ${id}`,
  items,
  ...extra,
})

function check(sections: unknown[], extra: Record<string, unknown> = {}): BankProblem[] {
  return checkBank(
    bankSchema.parse({
      format: 'invigil-bank/1',
      id: 'b',
      title: 'B',
      language: 'en',
      duration_minutes: 10,
      sections,
      ...extra,
    }),
  )
}

/** "error sections[0].items[1].id: duplicate id …": severity, where and what, as an author would read it. */
const lines = (problems: BankProblem[]): string[] =>
  problems.map((p) => `${p.severity} ${formatPath(p.path)}: ${p.message}`)

describe('checkBank', () => {
  it('finds nothing wrong in a consistent bank', () => {
    const items = [single('q1'), multiple('q2'), short('q3'), scenario('q4', [short('q4a'), short('q4b')])]
    expect(check([section('s1', items, { declared: { count: 4, total: 18 } })], { pass_mark: 18 })).toEqual([])
  })

  describe('ids', () => {
    it('reports an item id used again in another section, at the second use', () => {
      const problems = check([section('s1', [single('q1')]), section('s2', [single('q1')])])
      expect(lines(problems)).toEqual(['error sections[1].items[0].id: duplicate id "q1"'])
      expect(problems[0]?.hint).toContain('first used at sections[0].items[0].id')
    })

    it('treats scenario parts and items as one id space', () => {
      expect(lines(check([section('s1', [short('q1'), scenario('q2', [short('q1'), short('q2b')])])]))).toEqual([
        'error sections[0].items[1].parts[0].id: duplicate id "q1"',
      ])
    })

    it('reports duplicate part ids within a scenario', () => {
      expect(lines(check([section('s1', [scenario('q1', [short('p'), short('p')])])]))).toEqual([
        'error sections[0].items[0].parts[1].id: duplicate id "p"',
      ])
    })

    it('reports duplicate section ids, but a section may share an id with an item', () => {
      expect(lines(check([section('s1', [single('q1')]), section('s1', [single('s1')])]))).toEqual([
        'error sections[1].id: duplicate section id "s1"',
      ])
    })
  })

  describe('keys and options', () => {
    it('reports a single-choice key naming an absent option', () => {
      expect(lines(check([section('s1', [single('q1', { key: 'C' })])]))).toEqual([
        'error sections[0].items[0].key: the key "C" names no option of item q1 (options: A, B)',
      ])
    })

    it('reports each absent letter of a multiple-choice key at that letter', () => {
      expect(lines(check([section('s1', [multiple('q1', { key: ['A', 'D', 'E'] })])]))).toEqual([
        'error sections[0].items[0].key[1]: the key "D" names no option of item q1 (options: A, B, C)',
        'error sections[0].items[0].key[2]: the key "E" names no option of item q1 (options: A, B, C)',
      ])
    })

    it('checks keys inside scenario parts too', () => {
      const parts = [single('p1', { key: 'Z' }), multiple('p2', { key: ['A', 'Y'] })]
      expect(lines(check([section('s1', [scenario('q1', parts, { points: 3 })])]))).toEqual([
        'error sections[0].items[0].parts[0].key: the key "Z" names no option of part p1 (options: A, B)',
        'error sections[0].items[0].parts[1].key[1]: the key "Y" names no option of part p2 (options: A, B, C)',
      ])
    })

    it('reports a multiple-choice key with one letter and suggests type single', () => {
      const problems = check([section('s1', [multiple('q1', { key: ['B'] })])])
      expect(lines(problems)).toEqual([
        'error sections[0].items[0].key: item q1 is multiple choice but its key names only "B"',
      ])
      expect(problems[0]?.hint).toContain('type: single')
    })

    it('reports a letter listed twice in a key, once', () => {
      expect(lines(check([section('s1', [multiple('q1', { key: ['A', 'C', 'A', 'A'] })])]))).toEqual([
        'error sections[0].items[0].key[2]: "A" appears more than once in the key of item q1',
        'error sections[0].items[0].key[3]: "A" appears more than once in the key of item q1',
      ])
    })

    it('reports a choice item with fewer than two options, using the printed number when there is one', () => {
      expect(lines(check([section('s1', [single('q1', { number: '7', options: { A: 'only' } })])]))).toEqual([
        'error sections[0].items[0].options: item 7 (q1) has 1 option; a choice item needs at least 2',
      ])
      expect(lines(check([section('s1', [multiple('q1', { options: {}, key: ['A', 'B'] })])]))).toEqual([
        'error sections[0].items[0].options: item q1 has 0 options; a choice item needs at least 2',
        'error sections[0].items[0].key[0]: the key "A" names no option of item q1 (options: none)',
        'error sections[0].items[0].key[1]: the key "B" names no option of item q1 (options: none)',
      ])
    })

    it('warns when option letters skip a letter or do not start at A, whatever their order in the file', () => {
      expect(lines(check([section('s1', [single('q1', { options: { A: 'a', B: 'b', D: 'd' } })])]))).toEqual([
        'warning sections[0].items[0].options: item q1 has options A, B, D; expected A, B, C',
      ])
      expect(lines(check([section('s1', [single('q1', { options: { C: 'c', B: 'b' }, key: 'B' })])]))).toEqual([
        'warning sections[0].items[0].options: item q1 has options B, C; expected A, B',
      ])
      expect(check([section('s1', [single('q1', { options: { B: 'b', A: 'a', C: 'c' } })])])).toEqual([])
    })
  })

  describe('points', () => {
    it('reports a pass mark above the total, counting scenario parts rather than the scenario points', () => {
      const items = [single('q1'), scenario('q2', [short('a'), short('b'), short('c')])] // 1 + 15
      expect(lines(check([section('s1', items)], { pass_mark: 16.5 })).filter((l) => l.startsWith('error'))).toEqual([
        "error pass_mark: pass_mark 16.5 is above the bank's total of 16 points",
      ])
      expect(lines(check([section('s1', items)], { pass_mark: 16 })).filter((l) => l.startsWith('error'))).toEqual([])
    })

    it('warns when a scenario declares other points than its parts add up to, in the wording the paper review needs', () => {
      const problems = check([section('s1', [scenario('scenario-1', [short('a'), short('b'), short('c')])])])
      expect(lines(problems)).toEqual([
        "warning sections[0].items[0].points: scenario scenario-1 declares 10 points but its parts add up to 15; grading uses the parts' points — the paper may really say so; change the parts if it does not",
      ])
    })

    it('warns on a declared count that differs from the items', () => {
      expect(lines(check([section('s1', [single('q1'), single('q2')], { declared: { count: 3 } })]))).toEqual([
        'warning sections[0].declared.count: section s1 declares 3 items but has 2',
      ])
    })

    it('warns at each item whose points differ from the declared points_each', () => {
      const items = [
        single('q1', { points: 2 }),
        single('q2'),
        single('q3', { points: 2 }),
        single('q4', { points: 3 }),
      ]
      expect(lines(check([section('s1', items, { declared: { points_each: 2 } })]))).toEqual([
        'warning sections[0].items[1].points: item q2 is worth 1 point but section s1 declares 2 points each',
        'warning sections[0].items[3].points: item q4 is worth 3 points but section s1 declares 2 points each',
      ])
    })

    it('warns on a declared total that differs from the points as graded', () => {
      const items = [single('q1'), scenario('q2', [short('a'), short('b')])] // 1 + 10
      expect(lines(check([section('s1', items, { declared: { total: 12 } })]))).toEqual([
        'warning sections[0].declared.total: section s1 declares a total of 12 points but its items add up to 11',
      ])
    })

    it('compares fractional points without floating-point noise', () => {
      const items = [single('q1', { points: 0.1 }), single('q2', { points: 0.2 })]
      expect(check([section('s1', items, { declared: { total: 0.3 } })], { pass_mark: 0.3 })).toEqual([])
    })
  })

  it('warns once for every item and part cut off in the source', () => {
    const items = [
      short('q1', { truncated: true }),
      scenario('q2', [short('a'), short('b', { truncated: true })], { truncated: true }),
    ]
    const truncated = lines(check([section('s1', items)])).filter((l) => l.includes('cut off'))
    expect(truncated).toEqual([
      'warning sections[0].items[0]: item q1 was cut off in the source; it holds only what was there',
      'warning sections[0].items[1]: item q2 was cut off in the source; it holds only what was there',
      'warning sections[0].items[1].parts[1]: part b was cut off in the source; it holds only what was there',
    ])
  })
})

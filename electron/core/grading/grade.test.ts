import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadBankFile } from '../bank/loadBank'
import { answerableUnits } from '../delivery/answerableUnits'
import { bankSchema } from '../bank/schema'
import type { Bank } from '../bank/schema'
import { generateBank } from '../delivery/testing/generatedBanks'
import { gradeResponses, GradingError, roundPoints } from './grade'
import { gradingResultSchema } from './gradingTypes'
import type { ManualScore, ResponseValue } from './gradingTypes'

const opts = { A: 'a', B: 'b', C: 'c', D: 'd' }
const manual = (score: number): ManualScore => ({ score, grader: 'g1', at: '2026-11-23T10:00:00.000Z' })

function bankOf(items: unknown[], extra: Record<string, unknown> = {}): Bank {
  return bankSchema.parse({
    format: 'invigil-bank/1',
    id: 'b',
    title: 'B',
    language: 'en',
    duration_minutes: 10,
    ...extra,
    sections: [{ id: 's', title: 'S', items }],
  })
}
const unitOf = (bank: Bank, responses: Record<string, ResponseValue>, scores: Record<string, ManualScore> = {}) =>
  gradeResponses(bank, responses, scores).units[0]

describe('single and true/false: exact match', () => {
  const single = bankOf([{ id: 'q', type: 'single', stem: 's', points: 2, options: opts, key: 'B' }])
  const trueFalse = bankOf([{ id: 'q', type: 'true_false', stem: 's', points: 1, key: false }])
  it.each([
    ['single right', single, 'B', 2, 'scored'],
    ['single wrong', single, 'A', 0, 'scored'],
    ['single not an option', single, 'Z', 0, 'scored'],
    ['single lower case is not the key', single, 'b', 0, 'scored'],
    ['single cleared', single, null, 0, 'unanswered'],
    ['single empty', single, '', 0, 'unanswered'],
    ['true/false right', trueFalse, false, 1, 'scored'],
    ['true/false wrong', trueFalse, true, 0, 'scored'],
    ['true/false cleared', trueFalse, null, 0, 'unanswered'],
  ] as const)('%s', (_, bank, value, points, status) => {
    expect(unitOf(bank, { q: value })).toEqual({
      id: 'q',
      points,
      max: bank.sections[0]?.items[0]?.points,
      method: 'auto',
      status,
    })
  })
  it('counts a missing response as unanswered', () => {
    expect(unitOf(single, {})).toMatchObject({ points: 0, status: 'unanswered' })
  })
})

describe('multiple: item scoring, else bank scoring, else all or nothing', () => {
  const item = (scoring?: string) => ({
    id: 'q',
    type: 'multiple',
    stem: 's',
    points: 3,
    options: opts,
    key: ['A', 'B', 'D'],
    ...(scoring ? { scoring } : {}),
  })
  const allOrNothing = bankOf([item()])
  const bankPartial = bankOf([item()], { multiple_scoring: 'partial' })
  const itemPartial = bankOf([item('partial')], { multiple_scoring: 'all_or_nothing' })
  const itemStrict = bankOf([item('all_or_nothing')], { multiple_scoring: 'partial' })
  it.each([
    ['default exact key', allOrNothing, ['A', 'B', 'D'], 3, 'scored'],
    ['default exact key in any order, duplicates ignored', allOrNothing, ['D', 'A', 'B', 'A'], 3, 'scored'],
    ['default subset', allOrNothing, ['A', 'B'], 0, 'scored'],
    ['default superset', allOrNothing, ['A', 'B', 'C', 'D'], 0, 'scored'],
    ['default empty', allOrNothing, [], 0, 'unanswered'],
    ['bank partial: 2 of 3', bankPartial, ['A', 'D'], 2, 'scored'],
    ['bank partial: 1 of 3', bankPartial, ['B'], 1, 'scored'],
    ['bank partial: all', bankPartial, ['A', 'B', 'D'], 3, 'scored'],
    ['bank partial: a wrong option is zero', bankPartial, ['A', 'B', 'C'], 0, 'scored'],
    ['bank partial: only wrong', bankPartial, ['C'], 0, 'scored'],
    ['bank partial: empty', bankPartial, [], 0, 'unanswered'],
    ['bank partial: cleared', bankPartial, null, 0, 'unanswered'],
    ['item partial beats bank all-or-nothing', itemPartial, ['A'], 1, 'scored'],
    ['item all-or-nothing beats bank partial', itemStrict, ['A', 'B'], 0, 'scored'],
    ['item all-or-nothing exact', itemStrict, ['A', 'B', 'D'], 3, 'scored'],
  ] as const)('%s', (_, bank, value, points, status) => {
    expect(unitOf(bank, { q: value === null ? null : [...value] })).toEqual({
      id: 'q',
      points,
      max: 3,
      method: 'auto',
      status,
    })
  })

  it('keeps two decimals: 2 of 3 keys on a 2-point item is 1.33', () => {
    const bank = bankOf([{ ...item('partial'), points: 2 }])
    expect(unitOf(bank, { q: ['A', 'B'] })?.points).toBe(1.33)
    expect(unitOf(bank, { q: ['A'] })?.points).toBe(0.67)
  })
})

describe('short answers: pending until a grader marks them', () => {
  const bank = bankOf([{ id: 'q', type: 'short_answer', stem: 's', points: 6, reference_answer: 'r' }], {
    pass_mark: 3,
  })
  it.each([
    ['answered, unmarked', 'my answer', undefined, 0, 'pending_manual'],
    ['answered, marked', 'my answer', manual(4.5), 4.5, 'scored'],
    ['answered, marked zero', 'my answer', manual(0), 0, 'scored'],
    ['answered, marked full', 'my answer', manual(6), 6, 'scored'],
    ['blank: nothing to mark', '   ', undefined, 0, 'unanswered'],
    ['cleared', null, undefined, 0, 'unanswered'],
    ['blank but marked anyway', '', manual(0), 0, 'scored'],
  ] as const)('%s', (_, value, score, points, status) => {
    const scores: Record<string, ManualScore> = score ? { q: score } : {}
    expect(unitOf(bank, { q: value }, scores)).toEqual({ id: 'q', points, max: 6, method: 'manual', status })
  })

  it('gives pass/fail only once nothing is pending', () => {
    expect(gradeResponses(bank, { q: 'x' })).toMatchObject({ pending: 1, passed: null, pass_mark: 3 })
    expect(gradeResponses(bank, { q: 'x' }, { q: manual(3) })).toMatchObject({ pending: 0, total: 3, passed: true })
    expect(gradeResponses(bank, { q: 'x' }, { q: manual(2.99) })).toMatchObject({ pending: 0, passed: false })
    expect(gradeResponses(bank, {})).toMatchObject({ pending: 0, total: 0, passed: false })
  })

  it('has no verdict when the bank has no pass mark', () => {
    const noMark = bankOf([{ id: 'q', type: 'true_false', stem: 's', points: 1, key: true }])
    expect(gradeResponses(noMark, { q: true })).toMatchObject({ pending: 0, total: 1, pass_mark: null, passed: null })
  })
})

describe('the certification paper scenario: parts 5 + 5 + 5, declared 10', () => {
  const scenario = {
    id: 'sc1',
    type: 'scenario',
    stem: 'VPN is slow',
    points: 10,
    parts: [
      { id: 'sc1-1', type: 'short_answer', stem: 'Reply?', points: 5 },
      { id: 'sc1-2', type: 'short_answer', stem: 'Follow up?', points: 5 },
      { id: 'sc1-3', type: 'short_answer', stem: 'Key points?', points: 5 },
    ],
  }
  const bank = bankOf([scenario], { pass_mark: 9 })

  it('is worth the sum of its parts, each part its own pending unit', () => {
    const result = gradeResponses(bank, { 'sc1-1': 'a', 'sc1-2': 'b', 'sc1-3': 'c' })
    expect(result.max).toBe(15)
    expect(result.sections).toEqual([{ id: 's', points: 0, max: 15, pending: 3 }])
    expect(result.units.map((unit) => [unit.id, unit.status])).toEqual([
      ['sc1-1', 'pending_manual'],
      ['sc1-2', 'pending_manual'],
      ['sc1-3', 'pending_manual'],
    ])
    expect(result.passed).toBeNull()
  })

  it('adds the parts once marked, and decides pass/fail only then', () => {
    const responses = { 'sc1-1': 'a', 'sc1-2': 'b', 'sc1-3': 'c' }
    const partial = gradeResponses(bank, responses, { 'sc1-1': manual(5), 'sc1-2': manual(3.5) })
    expect(partial).toMatchObject({ total: 8.5, pending: 1, passed: null })
    const all = gradeResponses(bank, responses, { 'sc1-1': manual(5), 'sc1-2': manual(3.5), 'sc1-3': manual(1) })
    expect(all).toMatchObject({ total: 9.5, max: 15, pending: 0, passed: true })
  })

  it('auto-scores choice parts alongside the pending short-answer part', () => {
    const mixed = bankOf([
      {
        ...scenario,
        parts: [
          { id: 'p1', type: 'single', stem: 's', points: 5, options: opts, key: 'C' },
          { id: 'p2', type: 'true_false', stem: 's', points: 5, key: true },
          { id: 'p3', type: 'short_answer', stem: 's', points: 5 },
        ],
      },
    ])
    const result = gradeResponses(mixed, { p1: 'C', p2: false, p3: 'text' })
    expect(result.units).toEqual([
      { id: 'p1', points: 5, max: 5, method: 'auto', status: 'scored' },
      { id: 'p2', points: 0, max: 5, method: 'auto', status: 'scored' },
      { id: 'p3', points: 0, max: 5, method: 'manual', status: 'pending_manual' },
    ])
    expect(result).toMatchObject({ total: 5, max: 15, pending: 1 })
  })
})

describe('totals and rounding', () => {
  it('sums per section and overall without binary-fraction noise', () => {
    const bank = bankSchema.parse({
      format: 'invigil-bank/1',
      id: 'b',
      title: 'B',
      language: 'en',
      duration_minutes: 10,
      sections: [
        {
          id: 'a',
          title: 'A',
          items: [0, 1, 2].map((n) => ({ id: `a${n}`, type: 'true_false', stem: 's', points: 0.1, key: true })),
        },
        { id: 'b', title: 'B', items: [{ id: 'b1', type: 'true_false', stem: 's', points: 0.2, key: true }] },
      ],
    })
    const result = gradeResponses(bank, { a0: true, a1: true, a2: true, b1: true })
    expect(result.sections).toEqual([
      { id: 'a', points: 0.3, max: 0.3, pending: 0 },
      { id: 'b', points: 0.2, max: 0.2, pending: 0 },
    ])
    expect(result).toMatchObject({ total: 0.5, max: 0.5 })
  })
  it.each([
    [1.005, 1.01],
    [2 / 3, 0.67],
    [1 / 3, 0.33],
    [0.125, 0.13],
    [4, 4],
  ])('rounds %d to %d', (value, rounded) => {
    expect(roundPoints(value)).toBe(rounded)
  })
})

describe('refuses what does not belong to the bank', () => {
  const bank = bankOf([
    { id: 'constructor', type: 'single', stem: 's', points: 1, options: opts, key: 'A' },
    { id: 'tf', type: 'true_false', stem: 's', points: 1, key: true },
    { id: 'sa', type: 'short_answer', stem: 's', points: 2 },
    { id: 'm', type: 'multiple', stem: 's', points: 2, options: opts, key: ['A'] },
  ])
  it.each([
    ['an unknown id', { nope: 'A' }, {}, 'UNKNOWN_UNIT'],
    ['a manual score for an unknown id', {}, { nope: manual(1) }, 'UNKNOWN_UNIT'],
    ['a boolean for a single', { constructor: true }, {}, 'RESPONSE_TYPE_MISMATCH'],
    ['letters for a true/false', { tf: 'A' }, {}, 'RESPONSE_TYPE_MISMATCH'],
    ['a letter for a multiple', { m: 'A' }, {}, 'RESPONSE_TYPE_MISMATCH'],
    ['letters for a short answer', { sa: ['A'] }, {}, 'RESPONSE_TYPE_MISMATCH'],
    ['a manual score for an auto item', { tf: true }, { tf: manual(1) }, 'MANUAL_SCORE_NOT_APPLICABLE'],
    ['a manual score above the max', { sa: 'x' }, { sa: manual(2.5) }, 'MANUAL_SCORE_OUT_OF_RANGE'],
    ['a negative manual score', { sa: 'x' }, { sa: manual(-1) }, 'MANUAL_SCORE_OUT_OF_RANGE'],
  ] as const)('%s', (_, responses, scores, code) => {
    expect(() => gradeResponses(bank, responses as Record<string, ResponseValue>, scores)).toThrow(
      expect.objectContaining({ name: 'GradingError', code }),
    )
  })
  it('reads only own keys, so an item called "constructor" is simply unanswered', () => {
    expect(gradeResponses(bank, {}).units[0]).toMatchObject({ id: 'constructor', status: 'unanswered' })
    expect(new GradingError('UNKNOWN_UNIT', 'x')).toBeInstanceOf(Error)
  })
})

/** The key of every choice unit and some text for every short answer: a candidate who knows it all. */
function perfectResponses(bank: Bank, shortAnswer = 'answer'): Record<string, ResponseValue> {
  const responses: Record<string, ResponseValue> = {}
  for (const unit of bank.sections.flatMap((section) => section.items.flatMap(answerableUnits))) {
    responses[unit.id] = unit.type === 'short_answer' ? shortAnswer : unit.key
  }
  return responses
}

describe('the certification seed bank (banks/it-customer-service-certification-2026.yaml)', () => {
  it('grades the scenarios by their parts: 2 x (5 + 5 + 5) = 30, though the paper declares 2 x 10', async () => {
    const { bank } = await loadBankFile(
      resolve(import.meta.dirname, '../../../banks/it-customer-service-certification-2026.yaml'),
    )
    if (!bank) throw new Error('the certification bank does not load')
    const result = gradeResponses(bank, perfectResponses(bank))
    expect(result.sections).toEqual([
      { id: 'single', points: 20, max: 20, pending: 0 },
      { id: 'multiple', points: 24, max: 24, pending: 0 },
      { id: 'true_false', points: 10, max: 10, pending: 0 },
      { id: 'short_answer', points: 0, max: 30, pending: 5 },
      { id: 'scenario', points: 0, max: 30, pending: 6 },
    ])
    expect(result).toMatchObject({ total: 54, max: 114, pending: 11, passed: null })
    expect(result.units.filter((unit) => unit.id.startsWith('scenario-')).map((unit) => unit.max)).toEqual([
      5, 5, 5, 5, 5, 5,
    ])
  })
})

describe('generated banks', () => {
  it('always give a schema-valid result whose totals add up and stay within the max', () => {
    for (let n = 0; n < 100; n++) {
      const bank = generateBank(`grade-${n}`)
      const responses = perfectResponses(bank)
      for (const unit of bank.sections.flatMap((section) => section.items.flatMap(answerableUnits))) {
        if (unit.type === 'multiple') responses[unit.id] = unit.key.slice(0, 1)
      }
      const result = gradingResultSchema.parse(gradeResponses(bank, responses))
      expect(result.total).toBeLessThanOrEqual(result.max)
      expect(result.units.every((unit) => unit.points <= unit.max)).toBe(true)
      expect(result.total).toBe(roundPoints(result.sections.reduce((total, section) => total + section.points, 0)))
      expect(result.pending).toBe(result.units.filter((unit) => unit.status === 'pending_manual').length)
    }
  })
})

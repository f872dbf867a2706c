import { describe, expect, it } from 'vitest'
import { errors, importText, onlyItem, warnings, where } from './testing/giftKit'

// How GIFT answer weights become item types and keys (giftItem.ts), following Moodle's single/multiple rule.
describe('importGift: weights', () => {
  it('maps answers all marked ~ to multiple choice, as Moodle does, even when one option carries 100%', () => {
    const { item, diagnostics } = onlyItem('Q? {~%100%a ~%50%b ~c}')
    expect(item).toMatchObject({ type: 'multiple', key: ['A', 'B'], scoring: 'partial' })
    expect(warnings(diagnostics).map((d) => d.message)).toEqual([expect.stringContaining('100% + 50%')])
    // One = answer is what makes a question single choice in Moodle: the partial credit is then dropped.
    expect(onlyItem('Q? {=a ~%50%b ~c}').item).toMatchObject({ type: 'single', key: 'A' })
  })

  it('keeps a multiple-answer question with one creditable option single choice, warning that Moodle differs', () => {
    // Multiple-answer in Moodle (no =); invigil-bank/1 multiple choice keys at least two options.
    const { item, diagnostics } = onlyItem("What's between orange and green? {~%100%yellow ~%-50%red ~%-50%blue}")
    expect(item).toMatchObject({ type: 'single', key: 'A' })
    expect(warnings(diagnostics).map((d) => [where(d), d.message])).toEqual([
      ['1:34', expect.stringContaining('Moodle reads this as multiple-answer (no answer is marked =)')],
    ])
    expect(warnings(onlyItem('Q? {=yellow ~%-50%red ~blue}').diagnostics)).toEqual([])
  })

  it('maps several fully right options to all-or-nothing multiple choice, warning that all must be chosen', () => {
    const { item, diagnostics } = onlyItem('Q? {=a =b ~c}')
    expect(item).toMatchObject({ type: 'multiple', key: ['A', 'B'], scoring: 'all_or_nothing' })
    expect(warnings(diagnostics).map((d) => [where(d), d.message, d.hint])).toEqual([
      [
        '1:4',
        expect.stringContaining('only when all of them are chosen'),
        expect.stringContaining('Moodle accepts any one'),
      ],
    ])
  })

  it('keeps a 100% option beside partial-credit ones single choice, as Moodle does, warning that the credit is dropped', () => {
    const { item, diagnostics } = onlyItem('Q? {~%50%near =exact ~far}')
    expect(item).toMatchObject({ type: 'single', key: 'B' })
    expect(warnings(diagnostics).map((d) => [where(d), d.message])).toEqual([
      ['1:5', 'partial credit for A is dropped: a single-choice item scores only its key'],
    ])
  })

  it('warns when partial weights are unequal, since invigil splits the points evenly', () => {
    const { item, diagnostics } = onlyItem('Q? {~%70%a ~%30%b ~c}')
    expect(item).toMatchObject({ type: 'multiple', key: ['A', 'B'], scoring: 'partial' })
    expect(warnings(diagnostics).map((d) => d.message)).toEqual([expect.stringContaining('70% + 30%')])
  })

  it('accepts thirds that add up to 100% within rounding', () => {
    const { item, diagnostics } = onlyItem('Q? {~%33.33333%a ~%33.33333%b ~%33.33333%c ~%-100%d}')
    expect(item).toMatchObject({ type: 'multiple', key: ['A', 'B', 'C'], scoring: 'partial' })
    expect(warnings(diagnostics)).toEqual([])
  })

  it('warns when the only right option carries less than 100%', () => {
    const { item, diagnostics } = onlyItem('Q? {~%50%a ~b}')
    expect(item).toMatchObject({ type: 'single', key: 'A' })
    expect(warnings(diagnostics).map((d) => [where(d), d.message])).toEqual([
      ['1:4', expect.stringContaining('Moodle reads this as multiple-answer')],
      ['1:5', expect.stringContaining('carries 50%')],
    ])
  })

  it('rejects a weight above 100%', () => {
    const result = importText('Q? {~%150%a =b}')
    expect(errors(result.diagnostics).map(where)).toEqual(['1:6'])
  })
})

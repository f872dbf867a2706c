import { describe, expect, it } from 'vitest'
import { bankItemCount, bankTotal, itemMaxPoints, questionsOf, sectionTotal, sumPoints } from './bankTotals'
import { formatPath } from './diagnostics'
import { bankSchema } from './schema'
import type { Item } from './schema'

const short = (id: string, points: number) => ({ id, type: 'short_answer', stem: 'Explain.', points })
const bank = bankSchema.parse({
  format: 'invigil-bank/1',
  id: 'b',
  title: 'B',
  language: 'en',
  duration_minutes: 10,
  sections: [
    { id: 's1', title: 'One', items: [short('q1', 2), short('q2', 3)] },
    {
      id: 's2',
      title: 'Two',
      items: [
        { id: 'q3', type: 'scenario', stem: 'Case', points: 10, parts: [short('a', 5), short('b', 5), short('c', 5)] },
      ],
    },
  ],
})

describe('bank totals', () => {
  it('values a scenario at the sum of its parts, not its declared points', () => {
    const scenario = bank.sections[1]?.items[0] as Item
    expect(itemMaxPoints(scenario)).toBe(15)
    expect(itemMaxPoints(bank.sections[0]?.items[0] as Item)).toBe(2)
  })

  it('totals sections and the bank as grading will', () => {
    expect(bank.sections.map(sectionTotal)).toEqual([5, 15])
    expect(bankTotal(bank)).toBe(20)
  })

  it('counts top-level items; a scenario counts once', () => {
    expect(bankItemCount(bank)).toBe(3)
  })

  it('sums fractional points without binary noise', () => {
    expect(sumPoints([0.1, 0.2])).toBe(0.3)
    expect(sumPoints([])).toBe(0)
  })

  it('lists every item and part in paper order with its path', () => {
    expect(questionsOf(bank).map(({ value, path }) => `${value.id}@${formatPath(path)}`)).toEqual([
      'q1@sections[0].items[0]',
      'q2@sections[0].items[1]',
      'q3@sections[1].items[0]',
      'a@sections[1].items[0].parts[0]',
      'b@sections[1].items[0].parts[1]',
      'c@sections[1].items[0].parts[2]',
    ])
  })
})

import { describe, expect, it } from 'vitest'
import { bankSchema } from '../bank/schema'
import type { Bank } from '../bank/schema'
import { generateBank } from './testing/generatedBanks'
import { buildDeliveryForm } from './deliveryForm'
import { seededShuffle, seededUint32, uniformBelow } from './seededShuffle'

const options = { A: 'a', B: 'b', C: 'c', D: 'd', E: 'e' }
function bankWith(shuffle?: { items?: boolean; options?: boolean }): Bank {
  const items = Array.from({ length: 8 }, (_, i) => ({
    id: `q${i + 1}`,
    type: 'single',
    stem: `q${i + 1}`,
    points: 1,
    options,
    key: 'A',
  }))
  return bankSchema.parse({
    format: 'invigil-bank/1',
    id: 'b',
    title: 'B',
    language: 'en',
    duration_minutes: 10,
    sections: [
      { id: 's1', title: 'S1', ...(shuffle ? { shuffle } : {}), items },
      {
        id: 's2',
        title: 'S2',
        items: [
          {
            id: 'sc',
            type: 'scenario',
            stem: 'sc',
            points: 2,
            parts: [{ id: 'p1', type: 'multiple', stem: 'p', points: 2, options, key: ['A'] }],
          },
        ],
      },
    ],
  })
}
const bankOrder = Array.from({ length: 8 }, (_, i) => `q${i + 1}`)
const alphabetical = ['A', 'B', 'C', 'D', 'E']

describe('seeded random source', () => {
  it('is SHA-256 in counter mode over (seed, scope), pinned so forms never change between versions', () => {
    const next = seededUint32('session-1', 'x')
    expect([next(), next()]).toEqual([2859772532, 1594825470])
    expect(seededShuffle(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], 'session-1', 'items:s1')).toEqual([
      'a',
      'e',
      'g',
      'c',
      'b',
      'f',
      'd',
      'h',
    ])
  })

  it('rejects instead of folding, so every value below n is equally likely', () => {
    const values = [2 ** 32 - 1, 2 ** 32 - 2, 7]
    const next = (): number => values.shift() ?? 0
    // 2^32 mod 3 = 1: the value 2^32 - 1 lies in the incomplete last block, so it is drawn again.
    expect(uniformBelow(next, 3)).toBe((2 ** 32 - 2) % 3)
    expect(() => uniformBelow(next, 0)).toThrow(RangeError)
  })

  it('gives each permutation of three about equally often', () => {
    const counts = new Map<string, number>()
    for (let s = 0; s < 6000; s++) {
      const key = seededShuffle(['a', 'b', 'c'], `seed-${s}`, 'scope').join('')
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
    expect(counts.size).toBe(6)
    for (const count of counts.values()) expect(Math.abs(count - 1000)).toBeLessThan(150)
  })

  it('leaves its input alone', () => {
    const input = ['a', 'b', 'c']
    seededShuffle(input, 's', 'x')
    expect(input).toEqual(['a', 'b', 'c'])
  })
})

describe('delivery form', () => {
  it('keeps the paper order when the bank sets no shuffle policy, whatever the seed', () => {
    for (const seed of ['a', 'b', 'c']) {
      const form = buildDeliveryForm(bankWith(), seed)
      expect(form.sections).toEqual([
        { id: 's1', items: bankOrder },
        { id: 's2', items: ['sc'] },
      ])
      expect(Object.values(form.options).every((letters) => letters.join() === alphabetical.join())).toBe(true)
      expect(Object.keys(form.options)).toEqual([...bankOrder, 'p1'])
    }
  })

  it('is the same form for the same seed and differs across seeds', () => {
    const bank = bankWith({ items: true, options: true })
    expect(buildDeliveryForm(bank, 'session-7')).toEqual(buildDeliveryForm(bank, 'session-7'))
    const orders = new Set(
      ['1', '2', '3', '4', '5'].map((seed) => buildDeliveryForm(bank, seed).sections[0]?.items.join()),
    )
    expect(orders.size).toBeGreaterThan(1)
  })

  it('shuffles only what the section policy names, and only in that section', () => {
    const itemsOnly = buildDeliveryForm(bankWith({ items: true }), 'seed')
    expect(itemsOnly.sections[0]?.items).not.toEqual(bankOrder)
    expect([...(itemsOnly.sections[0]?.items ?? [])].sort()).toEqual([...bankOrder].sort())
    expect(Object.values(itemsOnly.options).every((letters) => letters.join() === alphabetical.join())).toBe(true)

    const optionsOnly = buildDeliveryForm(bankWith({ options: true }), 'seed')
    expect(optionsOnly.sections[0]?.items).toEqual(bankOrder)
    const shuffled = bankOrder.map((id) => optionsOnly.options[id]?.join())
    expect(shuffled.some((letters) => letters !== alphabetical.join())).toBe(true)
    expect(optionsOnly.options.p1).toEqual(alphabetical) // section s2 has no policy
  })

  it('records a permutation of the original letters for every unit with options, on generated banks', () => {
    for (let n = 0; n < 50; n++) {
      const bank = generateBank(`perm-${n}`)
      const form = buildDeliveryForm(bank, `seed-${n}`)
      for (const [s, section] of bank.sections.entries()) {
        expect([...(form.sections[s]?.items ?? [])].sort()).toEqual(section.items.map((item) => item.id).sort())
        const units = section.items.flatMap((item) => (item.type === 'scenario' ? item.parts : [item]))
        for (const unit of units) {
          if (unit.type === 'single' || unit.type === 'multiple') {
            expect([...(form.options[unit.id] ?? [])].sort()).toEqual(Object.keys(unit.options).sort())
          } else {
            expect(form.options[unit.id]).toBeUndefined()
          }
        }
      }
    }
  })
})

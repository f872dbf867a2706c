import { readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadBankFile } from '../bank/loadBank'
import { bankSchema } from '../bank/schema'
import type { Bank } from '../bank/schema'
import { generateBank } from './testing/generatedBanks'
import { answerableUnits } from './answerableUnits'
import { fieldNames, HIDDEN_FIELDS, hiddenTexts } from './testing/hiddenBankContent'
import { buildCandidateView, candidateExamSchema, CandidateViewError } from './candidateView'
import { buildDeliveryForm } from './deliveryForm'

const FORBIDDEN_FIELDS = new Set([...HIDDEN_FIELDS, 'declared'])

/** The same bank with every key changed: a view that differs would be leaking the key through its shape. */
function withOtherKeys(bank: Bank): Bank {
  const copy = structuredClone(bank)
  for (const unit of copy.sections.flatMap((section) => section.items.flatMap(answerableUnits))) {
    if (unit.type === 'true_false') unit.key = !unit.key
    if (unit.type === 'single' || unit.type === 'multiple') {
      const letters = Object.keys(unit.options).sort()
      if (unit.type === 'single') unit.key = letters.find((letter) => letter !== unit.key) ?? unit.key
      else {
        const others = letters.filter((letter) => !unit.key.includes(letter))
        unit.key = others.length > 0 ? others : letters.slice(0, 1)
      }
    }
  }
  return copy
}

function expectCandidateSafe(bank: Bank, seed: string): void {
  const view = buildCandidateView(bank, buildDeliveryForm(bank, seed))
  const json = JSON.stringify(view)
  for (const text of hiddenTexts(bank)) expect(json, `leaks "${text}"`).not.toContain(text)
  expect([...fieldNames(view)].filter((name) => FORBIDDEN_FIELDS.has(name))).toEqual([])
  expect(buildCandidateView(withOtherKeys(bank), buildDeliveryForm(bank, seed))).toEqual(view)
}

const bank = bankSchema.parse({
  format: 'invigil-bank/1',
  id: 'cert',
  title: 'Certification',
  language: 'zh-Hant',
  duration_minutes: 90,
  pass_mark: 10,
  instructions: 'Answer every question.',
  source: { file: 'paper.txt', notes: 'scraped from a site' },
  sections: [
    {
      id: 'single',
      title: 'Single choice',
      items: [
        {
          id: 's1',
          number: '1',
          type: 'single',
          stem: 'Pick one',
          points: 2,
          options: { A: 'one', B: 'two' },
          key: 'B',
          explanation: 'because two',
        },
      ],
    },
    {
      id: 'scenario',
      title: 'Scenarios',
      items: [
        {
          id: 'sc1',
          type: 'scenario',
          stem: 'A customer calls',
          points: 10,
          notes: 'declared 10, parts say 15',
          parts: [
            { id: 'sc1-1', type: 'short_answer', stem: 'Reply?', points: 5, reference_answer: 'Say sorry' },
            { id: 'sc1-2', type: 'true_false', stem: 'Escalate?', points: 5, key: true },
            {
              id: 'sc1-3',
              type: 'multiple',
              stem: 'Which?',
              points: 5,
              options: { A: 'x', B: 'y', C: 'z' },
              key: ['A', 'C'],
            },
          ],
        },
      ],
    },
  ],
})

describe('candidate view', () => {
  it('picks exactly the candidate fields, in the form order, with scenario points from the parts', () => {
    const view = buildCandidateView(bank, buildDeliveryForm(bank, 'seed'))
    expect(view).toEqual({
      id: 'cert',
      title: 'Certification',
      language: 'zh-Hant',
      duration_minutes: 90,
      instructions: 'Answer every question.',
      sections: [
        {
          id: 'single',
          title: 'Single choice',
          items: [
            {
              id: 's1',
              number: 1,
              type: 'single',
              stem: 'Pick one',
              points: 2,
              options: [
                { letter: 'A', text: 'one' },
                { letter: 'B', text: 'two' },
              ],
              parts: [],
            },
          ],
        },
        {
          id: 'scenario',
          title: 'Scenarios',
          items: [
            {
              id: 'sc1',
              number: 1,
              type: 'scenario',
              stem: 'A customer calls',
              points: 15,
              options: [],
              parts: [
                { id: 'sc1-1', type: 'short_answer', stem: 'Reply?', points: 5, options: [] },
                { id: 'sc1-2', type: 'true_false', stem: 'Escalate?', points: 5, options: [] },
                {
                  id: 'sc1-3',
                  type: 'multiple',
                  stem: 'Which?',
                  points: 5,
                  options: [
                    { letter: 'A', text: 'x' },
                    { letter: 'B', text: 'y' },
                    { letter: 'C', text: 'z' },
                  ],
                },
              ],
            },
          ],
        },
      ],
    })
  })

  it('carries no key, explanation, reference answer, note or source', () => {
    expectCandidateSafe(bank, 'seed')
  })

  it('carries none on generated banks either, shuffled or not', () => {
    for (let n = 0; n < 100; n++) expectCandidateSafe(generateBank(`leak-${n}`), `seed-${n}`)
  })

  it('lists options in the form order under their original letters', () => {
    const form = buildDeliveryForm(bank, 'seed')
    form.options['sc1-3'] = ['C', 'A', 'B']
    const part = buildCandidateView(bank, form).sections[1]?.items[0]?.parts[2]
    expect(part?.options.map((option) => option.letter)).toEqual(['C', 'A', 'B'])
    expect(part?.options[0]).toEqual({ letter: 'C', text: 'z' })
  })

  it('refuses a form that is not this bank', () => {
    const form = buildDeliveryForm(bank, 'seed')
    expect(() => buildCandidateView(bank, { ...form, sections: form.sections.slice(1) })).toThrow(CandidateViewError)
    expect(() => buildCandidateView(bank, { ...form, options: { ...form.options, s1: ['A', 'Z'] } })).toThrow(
      /no option Z/,
    )
    expect(() => buildCandidateView(bank, { ...form, options: {} })).toThrow(/no option order/)
  })

  it('has a strict schema: a stray field is an error, not a pass-through', () => {
    const view = buildCandidateView(bank, buildDeliveryForm(bank, 'seed'))
    const tampered = structuredClone(view) as { sections: { items: Record<string, unknown>[] }[] }
    const first = tampered.sections[0]?.items[0]
    if (first) first.key = 'B'
    expect(candidateExamSchema.safeParse(tampered).success).toBe(false)
    expect(candidateExamSchema.safeParse({ ...view, notes: 'x' }).success).toBe(false)
  })
})

describe('the seed banks (banks/*.yaml)', () => {
  const dir = resolve(import.meta.dirname, '../../../banks')
  const files = readdirSync(dir).filter((name) => name.endsWith('.yaml'))

  it('include both seed papers', () => {
    expect(files).toEqual(
      expect.arrayContaining(['it-customer-service-certification-2026.yaml', 'customer-service-interview-2026.yaml']),
    )
  })

  it.each(files)('%s reaches the candidate without any hidden text, shuffled or not', async (name) => {
    const { bank: seedBank, diagnostics } = await loadBankFile(join(dir, name))
    if (!seedBank) throw new Error(`${name} does not load: ${diagnostics.map((d) => d.message).join('; ')}`)
    // The seeds carry keys, explanations, reference answers and notes: the search below has plenty to find.
    expect(hiddenTexts(seedBank).length).toBeGreaterThan(20)
    const shuffled = {
      ...seedBank,
      sections: seedBank.sections.map((section) => ({ ...section, shuffle: { items: true, options: true } })),
    }
    for (const seed of ['seat-1', 'seat-2', 'seat-3']) {
      expectCandidateSafe(seedBank, seed)
      expectCandidateSafe(shuffled, seed)
    }
  })
})

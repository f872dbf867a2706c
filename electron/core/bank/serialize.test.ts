import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { bankSchema } from './schema'
import type { Bank } from './schema'
import { BANK_SCHEMA_COMMENT, bankToYaml } from './serialize'

const LONG = '客戶服務的核心是傾聽與同理心。'.repeat(20)

// Keys deliberately out of reading order, to show the serializer orders them.
const bank: Bank = bankSchema.parse({
  sections: [
    {
      items: [
        {
          type: 'single',
          points: 2,
          key: 'B',
          options: { A: '甲', B: '乙' },
          stem: '哪項?',
          number: '1',
          id: 'single-1',
          explanation: LONG,
        },
        {
          key: ['A', 'C'],
          type: 'multiple',
          id: 'multiple-2',
          stem: '哪些?',
          points: 3,
          options: { A: 'a: b', B: '#x', C: '- y' },
          scoring: 'partial',
        },
        {
          id: 'tf-3',
          type: 'true_false',
          stem: 'true',
          points: 1,
          key: false,
          notes: 'Hand edit: one.\nHand edit: two.',
        },
        {
          parts: [
            {
              stem: '如何回應?',
              id: 's-4.1',
              type: 'short_answer',
              points: 5,
              reference_answer: '“王總您好”',
              truncated: true,
            },
          ],
          id: 's-4',
          type: 'scenario',
          stem: '情景',
          points: 10,
          number: '4',
          truncated: true,
        },
      ],
      declared: { total: 16, count: 4 },
      title: '題目',
      id: 'main',
    },
  ],
  source: { notes: 'cut', file: 'paper.txt', truncated: true },
  duration_minutes: 90,
  multiple_scoring: 'partial',
  language: 'zh-Hant',
  title: '測驗',
  id: 'quiz',
  format: 'invigil-bank/1',
})

describe('bankToYaml', () => {
  const yaml = bankToYaml(bank)

  it('round-trips: parsing the YAML gives the same bank', () => {
    expect(bankSchema.parse(parse(yaml))).toEqual(bank)
  })

  it('starts with the schema hint comment and writes no $schema key', () => {
    expect(yaml.split('\n')[0]).toBe(BANK_SCHEMA_COMMENT)
    expect(yaml).not.toMatch(/^\$schema:/m)
  })

  it('orders keys for reading: bank, section and item keys in the documented order', () => {
    const topLevel = yaml
      .split('\n')
      .filter((line) => /^[a-z_]+:/.test(line))
      .map((line) => line.split(':')[0])
    expect(topLevel).toEqual([
      'format',
      'id',
      'title',
      'language',
      'duration_minutes',
      'multiple_scoring',
      'source',
      'sections',
    ])
    const keysOf = (value: unknown): string[] => Object.keys(value as object)
    const parsed = parse(yaml) as { source: unknown; sections: { items: { parts?: unknown[] }[] }[] }
    expect(keysOf(parsed.source)).toEqual(['file', 'truncated', 'notes'])
    expect(keysOf(parsed.sections[0])).toEqual(['id', 'title', 'declared', 'items'])
    expect(parsed.sections[0]?.items.map(keysOf)).toEqual([
      ['id', 'number', 'type', 'stem', 'points', 'options', 'key', 'explanation'],
      ['id', 'type', 'stem', 'points', 'options', 'key', 'scoring'],
      ['id', 'type', 'stem', 'points', 'key', 'notes'],
      ['id', 'number', 'type', 'stem', 'points', 'parts', 'truncated'],
    ])
    expect(keysOf(parsed.sections[0]?.items[3]?.parts?.[0])).toEqual([
      'id',
      'type',
      'stem',
      'points',
      'reference_answer',
      'truncated',
    ])
  })

  it('keeps long lines whole', () => {
    expect(yaml.split('\n').some((line) => line.includes(LONG))).toBe(true)
  })
})

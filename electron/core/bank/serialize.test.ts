import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { bankSchema } from './schema'
import type { Bank } from './schema'
import { BANK_SCHEMA_COMMENT, bankToYaml, misreadByYaml11 } from './serialize'

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

describe('bankToYaml for YAML 1.1 readers', () => {
  // Each is a string in our YAML 1.2 reader but a boolean, null, number, date or special key to PyYAML and other
  // YAML 1.1 readers when written unquoted. Options run A to Y so the option letters N and Y are keys too.
  const misread = ['Y', 'N', 'yes', 'No', 'on', 'OFF', '~', 'null', '', '0777', '0b101', '0x1F', '1_000', '1:20']
  const more = ['1:20:30.5', '3.', '.5', '.inf', '.NaN', '2001-12-14', '2001-12-14 21:59:43.10 -5', '<<', '=']
  const texts = [...misread, ...more].filter((text) => text !== '')
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXY'.split('')
  const options = Object.fromEntries(letters.map((letter, index) => [letter, texts[index] ?? `option ${letter}`]))
  const tricky: Bank = bankSchema.parse({
    format: 'invigil-bank/1',
    id: 'yaml11',
    title: 'yes',
    language: 'en',
    duration_minutes: 30,
    sections: [
      {
        id: 'on',
        title: 'off',
        items: [
          { id: 'n', type: 'multiple', stem: 'Y', points: 1, options, key: ['N', 'Y'], explanation: '1:20' },
          { id: 'y', type: 'short_answer', stem: 'null', points: 1, reference_answer: '0777', notes: '~' },
        ],
      },
    ],
  })
  const yaml = bankToYaml(tricky)

  it('knows which plain scalars a YAML 1.1 reader misreads, and leaves ordinary text alone', () => {
    for (const text of [...misread, ...more]) expect(misreadByYaml11(text), text).toBe(true)
    for (const text of ['Paris', 'A', 'yesterday', 'Noon', '1:2:3 ratio', '12:60', 'v1.2', 'x=1', '北京', '2001-12'])
      expect(misreadByYaml11(text), text).toBe(false)
  })

  it('quotes every such string, keys (the option letters N and Y) included, and still round-trips', () => {
    expect(bankSchema.parse(parse(yaml))).toEqual(tricky)
    for (const text of texts) expect(yaml, text).toContain(`: ${JSON.stringify(text)}\n`)
    expect(yaml).toMatch(/^ {10}"N": "/m)
    // Ordinary text stays unquoted, so the file reads as before; its key is quoted all the same.
    expect(yaml).toMatch(/^ {10}"Y": option Y$/m)
    for (const line of ['title: "yes"', 'id: "on"', 'title: "off"', 'id: "n"', 'stem: "Y"', 'id: "y"', 'notes: "~"'])
      expect(yaml).toContain(line)
    expect(yaml).toContain('\nformat: invigil-bank/1\n')
  })

  // Optional cross-check with a real YAML 1.1 reader; the assertions above stand on our output alone.
  const pyyaml = spawnSync('python3', ['-c', 'import yaml'], { encoding: 'utf8' }).status === 0
  it.skipIf(!pyyaml)('reads back unchanged in PyYAML (YAML 1.1), when python3 with PyYAML is installed', () => {
    const script = 'import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin.read())))'
    const run = spawnSync('python3', ['-c', script], { input: yaml, encoding: 'utf8' })
    expect(run.status, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(JSON.stringify(tricky)))
  })
})

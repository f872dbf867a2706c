import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { strToU8, unzipSync, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { importQti } from '../../import/qti'
import { loadBankText } from '../../loadBank'
import type { Bank } from '../../schema'
import { bankToYaml } from '../../serialize'
import { exportQti } from '.'

const root = resolve(import.meta.dirname, '../../../../..')
const seedBank = (name: string): Bank => {
  const file = join(root, 'banks', name)
  const loaded = loadBankText(readFileSync(file, 'utf8'), file)
  if (!loaded.bank) throw new Error(`${name} does not load`)
  return loaded.bank
}

/** Loaded through the validator, as a bank file is, so defaults are filled exactly as in real use. */
const validated = (bank: Bank): Bank => {
  const loaded = loadBankText(bankToYaml(bank), 'bank.yaml')
  if (!loaded.bank) throw new Error(loaded.diagnostics.map((d) => d.message).join('; '))
  return loaded.bank
}

function roundTrip(bank: Bank): { back: Bank; zip: Uint8Array } {
  const exported = exportQti(bank)
  if (!exported.ok) throw new Error(exported.message)
  const imported = importQti(exported.zip, { file: 'out.zip' })
  expect(imported.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  if (!imported.bank) throw new Error('no bank')
  return { back: imported.bank, zip: exported.zip }
}

/** Every feature the bank format has, with the text shapes that need care in XHTML. */
const everything: Bank = validated({
  format: 'invigil-bank/1',
  id: '2026-net',
  title: 'Network\t<basics> & "more"',
  language: 'en',
  duration_minutes: 45,
  pass_mark: 7,
  multiple_scoring: 'all_or_nothing',
  instructions: 'Answer every question.\nNo notes.',
  sections: [
    {
      id: '1st',
      title: 'Choice',
      declared: { count: 5, points_each: 2 },
      shuffle: { items: false, options: false },
      items: [
        {
          id: '1',
          number: '1',
          type: 'single',
          stem: 'Pick *one* - or <b>two</b>?',
          points: 2,
          options: { A: 'a & b', B: 'x  y', C: '  lead' },
          key: 'C',
          explanation: 'Line one\nline two\n\nNew paragraph.',
        },
        {
          id: 'm-aon',
          number: '2',
          type: 'multiple',
          stem: 'All or nothing, 3 points',
          points: 3,
          options: { A: 'one', B: 'two', C: 'three' },
          key: ['A', 'C'],
        },
        {
          id: 'm-one',
          number: '3',
          type: 'multiple',
          stem: 'One point',
          points: 1,
          options: { A: 'one', B: 'two' },
          key: ['A', 'B'],
        },
        {
          id: 'm-part',
          number: '4',
          type: 'multiple',
          stem: 'Partial, thirds',
          points: 2,
          options: { A: 'a', B: 'b', C: 'c', D: 'd' },
          key: ['A', 'B', 'D'],
          scoring: 'partial',
        },
        {
          id: 'tf-yes',
          number: '5',
          type: 'true_false',
          stem: 'True?',
          points: 1,
          key: true,
          truncated: true,
          notes: 'cut here',
        },
        { id: 'tf-no', type: 'true_false', stem: 'False?', points: 0.5, key: false },
        { id: 'gap', type: 'single', stem: 'Options with a gap', points: 1, options: { A: 'a', C: 'c' }, key: 'C' },
      ],
    },
    {
      id: 'written',
      title: 'Written',
      shuffle: { items: true, options: true },
      items: [
        {
          id: 'code',
          type: 'short_answer',
          stem: 'Explain:\n\n    if (a) {\n\treturn b\n    }\n\n\nthree blank lines above',
          points: 4,
          reference_answer: 'It returns b.',
        },
        { id: 'open', type: 'short_answer', stem: 'No reference answer here.', points: 2 },
        {
          id: 'pipes',
          type: 'short_answer',
          stem: '| not | a table |\nplain',
          points: 1,
          reference_answer: 'line\r\nwindows',
        },
        {
          id: 'case',
          number: '9',
          type: 'scenario',
          stem: 'A customer calls.\n\nThe line is bad.',
          points: 5,
          explanation: 'Scenario explanation.',
          notes: 'Scenario note.',
          parts: [
            { id: 'case.1', type: 'single', stem: 'First?', points: 2, options: { A: 'x', B: 'y' }, key: 'A' },
            {
              id: 'case.2',
              type: 'multiple',
              stem: 'Then?',
              points: 2,
              options: { A: 'x', B: 'y', C: 'z' },
              key: ['B', 'C'],
              scoring: 'partial',
              explanation: 'Part explanation.',
            },
            { id: 'case.3', type: 'true_false', stem: 'Right?', points: 1, key: false },
            {
              id: 'case.4',
              type: 'short_answer',
              stem: 'Why?',
              points: 2,
              reference_answer: 'Because.',
              truncated: true,
            },
          ],
        },
        {
          id: 'case-2',
          type: 'scenario',
          stem: 'Second case.',
          points: 3,
          parts: [{ id: 'case-2.1', type: 'short_answer', stem: 'What now?', points: 3 }],
        },
      ],
    },
  ],
})

describe('bank -> QTI 3.0 -> bank', () => {
  for (const name of ['it-customer-service-certification-2026.yaml', 'customer-service-interview-2026.yaml']) {
    it(`gives back the seed bank ${name} unchanged`, () => {
      const bank = seedBank(name)
      const { back } = roundTrip(bank)
      expect(back).toStrictEqual(bank)
      expect(bankToYaml(back)).toBe(bankToYaml(bank))
    })
  }

  it('gives back a bank using every feature unchanged (ids starting with digits, spacing, markup characters)', () => {
    const { back } = roundTrip(everything)
    expect(back).toStrictEqual(everything)
    expect(bankToYaml(back)).toBe(bankToYaml(everything))
  })

  it('gives back a markdown bank as markdown: its texts, formulas, code and tables as written', () => {
    const rich = validated({
      ...everything,
      pass_mark: 1,
      text_format: 'markdown',
      sections: [
        {
          id: 'rich',
          title: 'Rich',
          items: [
            {
              id: 'r1',
              number: '1',
              type: 'single',
              stem: 'Which port? $2^{10}$ hosts\n\n| proto | port |\n|---|---:|\n| ssh | 22 |\n\n```bash\nssh -p 22 host\n```',
              points: 2,
              options: { A: '**22**', B: '`80`' },
              key: 'A',
            },
          ],
        },
      ],
    })
    const { back } = roundTrip(rich)
    expect(back.text_format).toBe('markdown')
    expect(back).toStrictEqual(rich)
  })

  it('exports the same bytes twice', () => {
    const a = exportQti(everything)
    const b = exportQti(everything)
    expect(a.ok && b.ok && Buffer.from(a.zip).equals(Buffer.from(b.zip))).toBe(true)
  })

  it('carries text, keys, points, order and scoring in QTI itself: without the Invigil facts only those facts are lost', () => {
    const { zip } = roundTrip(everything)
    const files = unzipSync(zip)
    const manifest = new TextDecoder().decode(files['imsmanifest.xml'])
    const stripped = manifest.replace(/<invigil:bank-facts[^>]*>[^<]*<\/invigil:bank-facts>/, '')
    expect(stripped).not.toBe(manifest)
    const result = importQti(zipSync({ ...files, 'imsmanifest.xml': strToU8(stripped) }), { file: 'plain.zip' })
    const plainItems = result.bank?.sections.flatMap((s) => s.items) ?? []
    const originalItems = everything.sections.flatMap((s) => s.items)
    // Facts only: notes, truncation marks, a scenario's own points and explanation (QTI stimuli have no score).
    const essentials = (item: object): Record<string, unknown> => {
      const rest: Record<string, unknown> = { ...item }
      delete rest.notes
      delete rest.truncated
      delete rest.scoring
      if (!Array.isArray(rest.parts)) return rest
      delete rest.explanation
      delete rest.points
      return { ...rest, parts: rest.parts.map((part: object) => essentials(part)) }
    }
    expect(plainItems.map(essentials)).toEqual(originalItems.map(essentials))
    expect(plainItems.find((i) => i.id === 'm-part')).toMatchObject({ scoring: 'partial' })
    expect(plainItems.find((i) => i.id === 'm-aon')).not.toHaveProperty('scoring')
    expect(result.bank).toMatchObject({ id: '2026-net', title: everything.title, language: 'en', duration_minutes: 45 })
  })

  it('refuses a bank holding a character XML cannot carry, naming it', () => {
    const bad = structuredClone(everything)
    const first = bad.sections[0]?.items[0]
    if (first) first.stem = 'bell \u0007'
    expect(exportQti(bad)).toEqual({ ok: false, message: expect.stringContaining('U+0007') as unknown as string })
  })
})

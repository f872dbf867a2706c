import { describe, expect, it } from 'vitest'
import { importQti } from '../../import/qti'
import type { Bank } from '../../schema'
import { exportQti } from '.'

// Seeded, so a failure replays exactly: the seed and case are in the message.
function prng(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Pieces that stress the XHTML mapping: spacing, line breaks, markup and Markdown characters, CJK, entities. */
const PIECES = [
  'word',
  ' ',
  '  ',
  '\t',
  '\n',
  '\n\n',
  '\n\n\n',
  '\r\n',
  '*',
  '**',
  '_',
  '`',
  '<b>',
  '</p>',
  '&amp;',
  '&',
  '<',
  '>',
  '"',
  "'",
  '|',
  '- ',
  '1. ',
  '#',
  '\u00a0',
  '客戶',
  '，',
  '（',
  '）',
  'A.',
  '____',
  '\\',
  '{',
  '}',
  '$x$',
  '[img]',
]

function randomText(next: () => number): string {
  let text = ''
  const length = 1 + Math.floor(next() * 12)
  for (let i = 0; i < length; i++) text += PIECES[Math.floor(next() * PIECES.length)] ?? ''
  const trimmed = text.trim()
  return trimmed === '' ? 'x' : trimmed
}

const bankWith = (stem: string, option: string, explanation: string, answer: string): Bank => ({
  format: 'invigil-bank/1',
  id: 'fuzz',
  title: 'Fuzz',
  language: 'en',
  duration_minutes: 10,
  sections: [
    {
      id: 's',
      title: 'S',
      items: [
        { id: 'q1', type: 'single', stem, points: 1, options: { A: option, B: 'other' }, key: 'A', explanation },
        { id: 'q2', type: 'short_answer', stem: explanation, points: 2, reference_answer: answer },
      ],
    },
  ],
})

describe('bank text through QTI XHTML', () => {
  it('comes back unchanged for random text with spacing, breaks and markup characters', () => {
    const seed = 20261206
    const next = prng(seed)
    for (let n = 0; n < 120; n++) {
      const bank = bankWith(randomText(next), randomText(next), randomText(next), randomText(next))
      const exported = exportQti(bank)
      if (!exported.ok) throw new Error(exported.message)
      const back = importQti(exported.zip, { file: 'f.zip' }).bank
      expect(back, `seed ${seed} case ${n}: ${JSON.stringify(bank.sections[0]?.items)}`).toStrictEqual(bank)
    }
  })
})

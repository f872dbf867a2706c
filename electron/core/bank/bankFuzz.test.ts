import { readFileSync, readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadBankText } from './loadBank'
import { importers } from './import'
import type { Diagnostic } from './diagnostics'
import { bankSchema } from './schema'
import type { ImportFormat } from './import/types'

// Seeded so a failure replays exactly: the seed and case number are in every assertion message.
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

const NOISE = [
  '',
  ' ',
  '\t',
  '\n',
  ':',
  '-',
  '#',
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  '&',
  '*',
  '!',
  '|',
  '>',
  '?',
  ',',
  '%',
  '@',
  '1',
  '-3',
  '1e309',
  'null',
  'true',
  'A',
  'Z',
  'a.',
  '(',
  ')',
  '（',
  '）',
  '一、',
  '二、單選題',
  '1.',
  '答:',
  '參考答案:',
  '(√)',
  '(×)',
  '=',
  '~',
  '\\',
  '::',
  '$CATEGORY:',
  'ANSWER:',
  '\u0000',
  '\uFFFD',
  '\uD800',
  '業(yè)',
  '😀',
  'type: scenario',
  'key: [A]',
]

function mutate(text: string, random: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
  const at = () => Math.floor(random() * (text.length + 1))
  let out = text
  const rounds = 1 + Math.floor(random() * 4)
  for (let round = 0; round < rounds; round++) {
    const i = at()
    const j = Math.min(out.length, i + Math.floor(random() * 40))
    const lines = out.split('\n')
    switch (Math.floor(random() * 7)) {
      case 0:
        out = out.slice(0, i) + out.slice(j)
        break
      case 1:
        out = out.slice(0, i) + pick(NOISE) + out.slice(i)
        break
      case 2:
        out = out.slice(0, i) + pick(NOISE) + out.slice(j)
        break
      case 3:
        out = out.slice(0, i)
        break
      case 4: {
        const a = Math.floor(random() * lines.length)
        const b = Math.floor(random() * lines.length)
        ;[lines[a], lines[b]] = [lines[b] ?? '', lines[a] ?? '']
        out = lines.join('\n')
        break
      }
      case 5: {
        const a = Math.floor(random() * lines.length)
        lines.splice(a, 0, lines[a] ?? '')
        out = lines.join('\n')
        break
      }
      default:
        out = out.replace(/\d+/, () => pick(['-1', '0', '999999999', '2.5', 'x']))
    }
  }
  return out
}

function expectClearFailure(diagnostics: Diagnostic[], label: string): void {
  for (const d of diagnostics) {
    expect(d.message.trim().length, label).toBeGreaterThan(0)
    expect(Number.isInteger(d.line) && d.line >= 0, label).toBe(true)
    expect(Number.isInteger(d.column) && d.column >= 0, label).toBe(true)
  }
}

const root = resolve(import.meta.dirname, '../../..')
const banks = readdirSync(resolve(root, 'banks'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => ({ name: f, text: readFileSync(resolve(root, 'banks', f), 'utf8') }))
const papers: { name: string; format: ImportFormat; text: string }[] = [
  ...['it-customer-service-certification-2026.txt', 'customer-service-interview-2026.txt'].map((f) => ({
    name: f,
    format: 'text' as const,
    text: readFileSync(resolve(root, '../shared/seeds', f), 'utf8'),
  })),
  ...readdirSync(resolve(root, 'test/fixtures/import'))
    .filter((f) => /\.(gift|aiken\.txt)$/.test(f))
    .map((f) => ({
      name: f,
      format: (f.endsWith('.gift') ? 'gift' : 'aiken') as ImportFormat,
      text: readFileSync(resolve(root, 'test/fixtures/import', f), 'utf8'),
    })),
]

describe('fuzz', () => {
  it('feeds 1000 mutated banks to the validator: no crash, every failure a located, worded error', () => {
    expect(banks.length).toBeGreaterThan(0)
    const random = prng(20261123)
    let rejected = 0
    for (let n = 0; n < 1000; n++) {
      const source = banks[n % banks.length]
      if (!source) throw new Error('no bank')
      const label = `bank case ${n} (${source.name}, seed 20261123)`
      const result = loadBankText(mutate(source.text, random), `fuzz-${n}.yaml`)
      expectClearFailure(result.diagnostics, label)
      if (result.bank) expect(() => bankSchema.parse(result.bank), label).not.toThrow()
      else rejected++
    }
    // Mutations must really exercise the error paths, not just whitespace.
    expect(rejected).toBeGreaterThan(200)
  })

  it('feeds 1000 mutated papers to the importers: no crash, every failure a located, worded error', () => {
    expect(papers.length).toBeGreaterThan(2)
    const random = prng(42)
    let rejected = 0
    for (let n = 0; n < 1000; n++) {
      const source = papers[n % papers.length]
      if (!source) throw new Error('no paper')
      const label = `paper case ${n} (${source.name}, seed 42)`
      const result = importers[source.format](mutate(source.text, random), { file: `fuzz-${n}` })
      expectClearFailure(result.diagnostics, label)
      if (result.bank) expect(() => bankSchema.parse(result.bank), label).not.toThrow()
      else {
        rejected++
        expect(
          result.diagnostics.some((d) => d.severity === 'error'),
          label,
        ).toBe(true)
      }
    }
    expect(rejected).toBeGreaterThan(50)
  })
})

import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bankSize, describeBank } from './bankSummary'
import { loadBankText } from './loadBank'

const fixture = (name: string) => {
  const file = resolve(import.meta.dirname, '../../../test/fixtures/banks', name)
  const { bank } = loadBankText(readFileSync(file, 'utf8'), file)
  if (!bank) throw new Error(`${name} should be a valid bank`)
  return bank
}

describe('describeBank', () => {
  it('summarizes sections, totals, item types and scenarios', () => {
    const bank = fixture('valid/minimal.yaml')
    expect(bankSize(bank)).toBe('5 items, 10 points')
    expect(describeBank(bank)).toBe(
      [
        'Minimal bank (minimal)',
        'language en, 30 minutes, pass mark 6',
        'sections:',
        '  choice (Choice): 3 items, 4 points (paper says 3 items, 4 in total)',
        '  written (Written): 2 items, 6 points',
        'total: 5 items, 10 points',
        'item types: single 1, multiple 1, true_false 1, short_answer 1, scenario 1',
        '  scenario q5: 2 parts, 4 points',
        'truncated: none',
        '',
      ].join('\n'),
    )
  })

  it('lists what was cut off in the source, so a proctor knows before the exam', () => {
    expect(describeBank(fixture('warnings/scenario-parts-sum.yaml'))).toContain(
      'truncated: scenario-1c (sections[0].items[0].parts[2])',
    )
  })
})

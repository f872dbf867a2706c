import { readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadBankFile } from './loadBank'

const dir = resolve(import.meta.dirname, '../../../test/fixtures/banks/malformed')

/** One fixture, one problem: where an author is sent (line:column, 0:0 for the whole file), how bad, and what it says. */
const cases: [file: string, at: string, severity: 'error' | 'warning', fragment: string][] = [
  [
    'yaml-syntax-error.yaml',
    '15:9',
    'error',
    'Flow map in block collection must be sufficiently indented and end with a }',
  ],
  ['duplicate-key.yaml', '4:1', 'error', 'duplicate key "title"'],
  ['wrong-format.yaml', '1:9', 'error', 'format must be "invigil-bank/1" (found "invigil-bank/2")'],
  ['missing-title.yaml', '1:1', 'error', 'missing required key "title"'],
  ['unknown-key-typo.yaml', '16:9', 'error', 'unknown key "expalnation"'],
  ['bad-item-type.yaml', '11:15', 'error', 'unknown type "singel"'],
  ['missing-item-type.yaml', '10:9', 'error', 'missing required key "type"'],
  ['single-key-absent-option.yaml', '15:14', 'error', 'the key "E" names no option of item q1 (options: A, B)'],
  ['single-key-is-a-list.yaml', '15:14', 'error', 'key must be text, but found a list'],
  ['multiple-key-one-letter.yaml', '15:14', 'error', 'its key names only "B"'],
  ['duplicate-key-letter.yaml', '15:21', 'error', '"A" appears more than once in the key'],
  ['duplicate-item-ids.yaml', '16:13', 'error', 'duplicate id "q1"'],
  ['duplicate-part-ids.yaml', '19:17', 'error', 'duplicate id "q1a"'],
  ['one-option.yaml', '14:18', 'error', 'has 1 option; a choice item needs at least 2'],
  ['empty-stem.yaml', '12:15', 'error', 'stem must not be empty'],
  ['negative-points.yaml', '13:17', 'error', 'points must be zero or more'],
  ['bad-language-tag.yaml', '4:11', 'error', 'language must be a BCP 47 tag'],
  ['lowercase-option-letter.yaml', '14:30', 'error', '"b" is not an option letter'],
  ['zero-duration.yaml', '5:19', 'error', 'duration_minutes must be a whole number above zero'],
  ['pass-mark-above-total.yaml', '6:12', 'error', "pass_mark 5 is above the bank's total of 1 point"],
  ['tab-indentation.yaml', '12:1', 'error', 'Tabs are not allowed as indentation'],
  [
    'json-syntax-error.json',
    '13:7',
    'error',
    'Flow map in block collection must be sufficiently indented and end with a }',
  ],
  ['json-wrong-type.json', '12:83', 'error', 'points must be a number, but found "1"'],
  ['not-a-bank-list.yaml', '0:0', 'error', 'a list or a single value, not a bank'],
  ['empty.yaml', '0:0', 'error', 'the file is empty'],
]

describe('malformed banks', () => {
  it('every fixture in the folder has a case below', () => {
    expect(readdirSync(dir).sort()).toEqual(cases.map(([file]) => file).sort())
  })

  it.each(cases)('%s: %s %s', async (file, at, severity, fragment) => {
    const { bank, diagnostics } = await loadBankFile(resolve(dir, file))
    expect(bank).toBeUndefined()
    expect(diagnostics).toHaveLength(1)
    const [d] = diagnostics
    expect(`${d?.line}:${d?.column}`).toBe(at)
    expect(d?.severity).toBe(severity)
    expect(d?.message).toContain(fragment)
  })
})

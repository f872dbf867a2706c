import { describe, expect, it } from 'vitest'
import { importGift } from '../gift'
import { errors, fixture, importText, where } from './testing/giftKit'

// Questions GIFT cannot read (giftQuestion.ts, giftAnswers.ts): each error at its line:column, and no bank.
describe('importGift: malformed samples', () => {
  it('reports every broken question in malformed-syntax.gift at its line:column, and returns no bank', () => {
    const result = importGift(fixture('malformed-syntax.gift'), { file: 'malformed-syntax.gift', durationMinutes: 30 })
    expect(result.bank).toBeUndefined()
    expect(errors(result.diagnostics).map((d) => [where(d), d.message])).toEqual([
      ['3:1', expect.stringContaining('title "::" is not closed')],
      ['5:27', expect.stringContaining('a second answer block')],
      ['7:9', expect.stringContaining('"}" without a matching "{"')],
      ['9:27', expect.stringContaining('weight is not a percentage')],
      ['11:16', expect.stringContaining('not marked as an answer')],
      ['13:46', expect.stringContaining('answer after "~" has no text')],
      ['15:24', expect.stringContaining('no option is marked right')],
      ['17:25', expect.stringContaining('"{" is not closed')],
    ])
    expect(errors(result.diagnostics).every((d) => d.file === 'malformed-syntax.gift' && d.hint)).toBe(true)
  })

  it('rejects numeric and matching questions as unsupported, at their brace, with a hint to convert them', () => {
    const result = importGift(fixture('malformed-unsupported.gift'), {
      file: 'malformed-unsupported.gift',
      durationMinutes: 30,
    })
    expect(result.bank).toBeUndefined()
    const found = errors(result.diagnostics)
    expect(found.map((d) => [where(d), d.message])).toEqual([
      ['3:35', 'numeric questions ({#...}) are not supported by invigil-bank/1'],
      ['5:30', 'matching questions (=item -> match) are not supported by invigil-bank/1'],
    ])
    expect(found.every((d) => d.hint?.includes('convert it by hand'))).toBe(true)
  })

  it('reports a Cloze (embedded answers) question at its first gap, not as a second answer block', () => {
    const result = importText(
      'Berlin is the capital of {1:SHORTANSWER:=Germany}; Paris of {1:MULTICHOICE:~Spain~=France}.\n\n' +
        '::Cloze::Pick {:MCV:=a~b}\n\nFine? {T}',
    )
    expect(result.bank).toBeUndefined()
    expect(errors(result.diagnostics).map((d) => [where(d), d.message])).toEqual([
      ['1:26', 'Cloze (embedded answers) is not supported by invigil-bank/1'],
      ['3:15', 'Cloze (embedded answers) is not supported by invigil-bank/1'],
    ])
  })
})

import { describe, expect, it } from 'vitest'
import { offsetToLineColumn } from '../diagnostics'
import type { Diagnostic } from '../diagnostics'
import { createImportReporter, createInputLocator } from './importReporter'

describe('createInputLocator', () => {
  it('agrees with offsetToLineColumn at every offset, including line breaks, CRLF and past the end', () => {
    for (const input of ['', 'a', '\n', 'ab\ncd\r\n\nef', '\n\nx\n']) {
      const locate = createInputLocator(input)
      for (let offset = -1; offset <= input.length + 2; offset++) {
        expect(locate(offset), `${JSON.stringify(input)} @ ${offset}`).toEqual(
          offsetToLineColumn(input, Math.max(0, offset)),
        )
      }
    }
  })
})

describe('createImportReporter', () => {
  it('records located diagnostics and leaves out an absent hint', () => {
    const diagnostics: Diagnostic[] = []
    const report = createImportReporter('one\ntwo', 'p.gift', diagnostics)
    report('error', 5, 'bad', 'fix it')
    report('warning', 0, 'odd')
    expect(diagnostics).toEqual([
      { severity: 'error', file: 'p.gift', line: 2, column: 2, path: '', message: 'bad', hint: 'fix it' },
      { severity: 'warning', file: 'p.gift', line: 1, column: 1, path: '', message: 'odd' },
    ])
  })
})

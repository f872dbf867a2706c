import { describe, expect, it } from 'vitest'
import { forTerminal } from './terminalText'

describe('forTerminal', () => {
  it('shows control characters and bidirectional overrides as escapes', () => {
    expect(forTerminal('王小明\u001b[2J')).toBe('王小明\\x1b[2J')
    expect(forTerminal('a\nb\tc\r\u0007\u007f\u009b')).toBe('a\\x0ab\\x09c\\x0d\\x07\\x7f\\x9b')
    expect(forTerminal('\u202eevil\u2066')).toBe('\\u202eevil\\u2066')
  })

  it('leaves printable text, CJK and backslashes as they are', () => {
    expect(forTerminal('C:\\results\\王 小明 (A-01) é')).toBe('C:\\results\\王 小明 (A-01) é')
  })
})

import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadBankText } from '../electron/core/bank/loadBank'

const readme = readFileSync(resolve(import.meta.dirname, '../README.md'), 'utf8')

describe('README', () => {
  it('shows a bank example that validates without errors or warnings', () => {
    const section = readme.slice(readme.indexOf('## Bank format'))
    const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1]
    expect(example).toBeDefined()
    const result = loadBankText(example ?? '', 'README.md')
    expect(result.diagnostics).toEqual([])
    expect(result.bank?.sections.flatMap((s) => s.items.map((i) => i.type)).sort()).toEqual(
      ['multiple', 'scenario', 'short_answer', 'single', 'true_false'],
    )
  })

  it('gives the two commands and the offline variant', () => {
    expect(readme).toContain('npm install && npm start')
    expect(readme).toContain('npm test')
    expect(readme).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci && npm test')
  })
})

import { readdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadBankText } from '../electron/core/bank/loadBank'
import { CORE_FLOORS } from '../eslint/floors.js'

const readme = readFileSync(resolve(import.meta.dirname, '../README.md'), 'utf8')

describe('README', () => {
  it('shows a bank example that validates without errors or warnings', () => {
    const section = readme.slice(readme.indexOf('## Bank format'))
    const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1]
    expect(example).toBeDefined()
    const result = loadBankText(example ?? '', 'README.md')
    expect(result.diagnostics).toEqual([])
    expect(result.bank?.sections.flatMap((s) => s.items.map((i) => i.type)).sort()).toEqual([
      'multiple',
      'scenario',
      'short_answer',
      'single',
      'true_false',
    ])
  })

  it('gives the two commands and the offline variant', () => {
    expect(readme).toContain('npm install && npm start')
    expect(readme).toContain('npm test')
    expect(readme).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci && npm test')
  })

  it('draws the floors of the core as the lint rule enforces them, with every folder of core on one', () => {
    const section = readme.slice(readme.indexOf('### The floors of the core'))
    const drawing = /```\n([\s\S]*?)```/.exec(section)?.[1] ?? ''
    // Drawn top floor first: a numbered line opens a floor, the unnumbered lines under it add folders to it.
    const drawn: string[][] = []
    let floor: string[] = []
    for (const line of drawing.split('\n')) {
      const row = /^(?: (\d)| {2}) {2}([A-Za-z]+)\s/.exec(line)
      if (!row?.[2]) continue
      if (row[1] !== undefined) drawn[Number(row[1])] = floor = []
      floor.push(row[2])
    }
    expect(drawn.map((names) => [...names].sort())).toEqual(CORE_FLOORS.map((names) => [...names].sort()))
    const folders = readdirSync(resolve(import.meta.dirname, '../electron/core'), { withFileTypes: true }).filter((e) =>
      e.isDirectory(),
    )
    expect(folders.map((e) => e.name).sort()).toEqual(CORE_FLOORS.flat().sort())
  })
})

import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadBankFile } from '../bank/loadBank'
import type { Bank } from '../bank/schema'
import { buildCandidateView } from './candidateView'
import { buildDeliveryForm } from './deliveryForm'
import { fieldNames, HIDDEN_FIELDS, hiddenTexts } from './testing/hiddenBankContent'

const richBankFile = resolve(import.meta.dirname, '../../../test/fixtures/banks/rich/rich-items.yaml')

async function richBank(): Promise<Bank> {
  const { bank, diagnostics } = await loadBankFile(richBankFile)
  if (!bank) throw new Error(JSON.stringify(diagnostics))
  return bank
}

describe('the candidate view of a markdown bank', () => {
  it('carries each stem, case text, part and option rendered beside its text', async () => {
    const bank = await richBank()
    const view = buildCandidateView(bank, buildDeliveryForm(bank, 'seed'))
    const items = view.sections.flatMap((section) => section.items)
    const table = items.find((item) => item.id === 'rich-table')
    expect(table?.stemHtml).toContain('<th class="rich-align-left">服務</th>')
    expect(table?.stem).toContain('| HTTP | TCP | 80 |')
    const code = items.find((item) => item.id === 'rich-code')
    expect(code?.stemHtml).toContain('<span class="hljs-keyword">def</span>')
    const optionHtml = new Set(code?.options.map((option) => option.html))
    expect(optionHtml).toEqual(new Set(['<code>6</code>', '<code>12</code>', '<code>123123</code>']))
    expect(items.find((item) => item.id === 'rich-math')?.stemHtml).toContain('<mfrac>')
    const scenario = items.find((item) => item.id === 'rich-scenario')
    expect(scenario?.stemHtml).toContain('<ol>')
    expect(scenario?.parts[0]?.stemHtml).toBe('<p>問題最可能出在 <em>DNS</em> 解析。</p>\n')
  })

  it('carries no key, explanation or reference answer, rendered or not', async () => {
    const bank = await richBank()
    const json = JSON.stringify(buildCandidateView(bank, buildDeliveryForm(bank, 'seed')))
    const hidden = hiddenTexts(bank, 4)
    expect(hidden.length).toBeGreaterThanOrEqual(5)
    for (const text of hidden) expect(json, `leaks "${text}"`).not.toContain(text)
    // The explanation of rich-math is a formula: its typeset form must not appear either.
    expect(json).not.toContain('0.048$ 秒')
    expect(json).not.toContain('12000')
    const names = fieldNames(JSON.parse(json))
    expect([...names].filter((name) => HIDDEN_FIELDS.includes(name))).toEqual([])
  })

  it('leaves a plain bank exactly as before: no HTML, Markdown characters shown as written', async () => {
    const bank: Bank = { ...(await richBank()), text_format: 'plain' }
    const view = buildCandidateView(bank, buildDeliveryForm(bank, 'seed'))
    const names = fieldNames(view)
    expect(names.has('stemHtml')).toBe(false)
    expect(names.has('html')).toBe(false)
    const unmarked: Bank = { ...bank }
    delete unmarked.text_format
    expect(buildCandidateView(unmarked, buildDeliveryForm(unmarked, 'seed'))).toEqual(view)
  })
})

import { readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadBankFile } from '../bank/loadBank'
import { fieldNames, HIDDEN_FIELDS, hiddenTexts } from '../delivery/testing/hiddenBankContent'
import { installBankFile } from '../runtime/installBankFile'
import { runtimeDir } from '../runtime/testing/runtimeFixture'
import type { RuntimeDir } from '../runtime/testing/runtimeFixture'
import type { CandidateItem, CandidatePart, CandidateResponse, SessionView } from './contract'
import { createApiHandlers, createDispatch } from './handlers'

// The no-key guarantee over the real seed papers: every API response of a whole sitting, successes and failures,
// carries none of the bank's hidden texts and none of its hidden fields.
const banksDir = resolve(import.meta.dirname, '../../../banks')
const seedFiles = readdirSync(banksDir).filter((name) => name.endsWith('.yaml'))
// The markdown sample too: its stems and options cross as HTML, which must carry no more than the text did.
const richBankFile = resolve(import.meta.dirname, '../../../test/fixtures/banks/rich/rich-items.yaml')
const bankFiles = [...seedFiles.map((name) => join(banksDir, name)), richBankFile]

/** A well-formed answer of the unit's kind (right or wrong does not matter here). */
function someResponse(unit: CandidateItem | CandidatePart): CandidateResponse {
  if (unit.type === 'single') return unit.options[0]?.letter ?? 'A'
  if (unit.type === 'multiple') return unit.options.slice(0, 2).map((option) => option.letter)
  if (unit.type === 'true_false') return false
  return '我會先傾聽客戶的問題。'
}

const homes: RuntimeDir[] = []
afterAll(() => {
  for (const home of homes) home.cleanup()
})

describe.each(bankFiles)('every API response for the bank %s', (file) => {
  it('carries no key, explanation, reference answer or note', async () => {
    const { bank } = await loadBankFile(file)
    if (!bank) throw new Error(`${file} does not load`)
    const hidden = hiddenTexts(bank, 4)
    expect(hidden.length).toBeGreaterThanOrEqual(5)

    const home = runtimeDir()
    homes.push(home)
    const runtime = await home.open()
    try {
      await installBankFile(runtime, file)
      const dispatch = createDispatch(
        createApiHandlers(runtime, { transport: 'browser-host', appVersion: 'test', log: () => undefined }),
      )
      const responses: unknown[] = []
      const call = async (method: string, input: unknown): Promise<unknown> => {
        const result = await dispatch(method, input)
        responses.push(result)
        return result.ok ? result.value : undefined
      }

      await call('station.status', {})
      const view = (await call('session.checkIn', { candidateId: 'S-1', name: '測試考生' })) as SessionView
      await call('session.acknowledgeRules', {})
      for (const item of view.exam.sections.flatMap((section) => section.items)) {
        await call('session.navigate', { unitId: item.id })
        await call('session.setFlag', { unitId: item.id, flagged: true })
        // The scenario item itself takes no answer: its failure message is collected too.
        for (const unit of item.type === 'scenario' ? [item, ...item.parts] : [item]) {
          await call('session.saveAnswer', { unitId: unit.id, response: someResponse(unit) })
          await call('session.setStruckOptions', {
            unitId: unit.id,
            letters: unit.options.slice(-1).map((option) => option.letter),
          })
        }
      }
      home.clock.advance(view.time.allowedMs - 30_000)
      await call('session.tick', {})
      await call('session.current', {})
      await call('session.submit', {})
      await call('session.current', {})
      await call('station.status', {})

      expect(responses.filter((r) => (r as { ok: boolean }).ok).length).toBeGreaterThan(20)
      const json = JSON.stringify(responses)
      for (const text of hidden) expect(json, `leaks "${text.slice(0, 40)}"`).not.toContain(text)
      expect([...fieldNames(responses)].filter((name) => HIDDEN_FIELDS.includes(name))).toEqual([])
    } finally {
      await runtime.close()
    }
  })
})

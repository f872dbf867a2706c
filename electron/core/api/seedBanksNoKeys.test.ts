import { readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadBankFile } from '../bank/loadBank'
import type { Bank } from '../bank/schema'
import { answerableUnits } from '../delivery/answerableUnits'
import { installBankFile } from '../runtime/installBankFile'
import { runtimeDir } from '../runtime/testing/runtimeFixture'
import type { RuntimeDir } from '../runtime/testing/runtimeFixture'
import type { CandidateItem, CandidatePart, CandidateResponse, SessionView } from './contract'
import { createApiHandlers, createDispatch } from './handlers'

// The no-key guarantee over the real seed papers: every API response of a whole sitting, successes and failures,
// carries none of the bank's hidden texts and none of its hidden fields.
const banksDir = resolve(import.meta.dirname, '../../../banks')
const seedFiles = readdirSync(banksDir).filter((name) => name.endsWith('.yaml'))
const HIDDEN_FIELDS = ['key', 'explanation', 'reference_answer', 'notes', 'source', 'scoring', 'pass_mark', 'shuffle']

/** Texts a candidate must never see, minus any the paper itself shows them (a stem may quote a note). */
function hiddenTexts(bank: Bank): string[] {
  const hidden = [bank.source?.file, bank.source?.description, bank.source?.notes]
  const shown: (string | undefined)[] = [bank.title, bank.instructions]
  for (const section of bank.sections) {
    shown.push(section.title)
    for (const item of section.items) {
      hidden.push(item.explanation, item.notes)
      shown.push(item.stem)
      for (const unit of answerableUnits(item)) {
        hidden.push(unit.explanation, unit.notes, unit.type === 'short_answer' ? unit.reference_answer : undefined)
        shown.push(unit.stem, ...(unit.type === 'single' || unit.type === 'multiple' ? Object.values(unit.options) : []))
      }
    }
  }
  return hidden.filter((text): text is string => text !== undefined && text.length > 3 && !shown.some((visible) => visible?.includes(text)))
}

function fieldNames(value: unknown, names = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const entry of value) fieldNames(entry, names)
  else if (value !== null && typeof value === 'object') {
    for (const [name, entry] of Object.entries(value)) {
      names.add(name)
      fieldNames(entry, names)
    }
  }
  return names
}

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

describe.each(seedFiles)('every API response for the seed bank %s', (file) => {
  it('carries no key, explanation, reference answer or note', async () => {
    const { bank } = await loadBankFile(join(banksDir, file))
    if (!bank) throw new Error(`${file} does not load`)
    const hidden = hiddenTexts(bank)
    expect(hidden.length).toBeGreaterThan(10)

    const home = runtimeDir()
    homes.push(home)
    const runtime = await home.open()
    try {
      await installBankFile(runtime, join(banksDir, file))
      const dispatch = createDispatch(createApiHandlers(runtime, { transport: 'browser-host', appVersion: 'test', log: () => undefined }))
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
        for (const unit of item.type === 'scenario' ? [item, ...item.parts] : [item]) await call('session.saveAnswer', { unitId: unit.id, response: someResponse(unit) })
      }
      home.clock.advance(view.time.allowedMs - 30_000)
      await call('session.tick', {})
      await call('session.current', {})
      await call('session.submit', {})
      await call('session.current', {})
      await call('station.status', {})

      expect(responses.filter((r) => (r as { ok: boolean }).ok).length).toBeGreaterThan(30)
      const json = JSON.stringify(responses)
      for (const text of hidden) expect(json, `leaks "${text.slice(0, 40)}"`).not.toContain(text)
      expect([...fieldNames(responses)].filter((name) => HIDDEN_FIELDS.includes(name))).toEqual([])
    } finally {
      await runtime.close()
    }
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import { bankSchema } from '../bank/schema'
import type { Bank } from '../bank/schema'
import type { GradingItemView } from './adminContract'
import { installInput, runtimeBank } from '../runtime/testing/runtimeFixture'
import { openStaffStation } from './testing/staffFixture'
import type { StaffStation } from './testing/staffFixture'

/** admin.gradingItem for a markdown bank: the grader sees the reference answer and explanation as the author wrote them. */
let station: StaffStation | undefined
afterEach(async () => {
  await station?.close()
  station = undefined
})

function markdownBank(): Bank {
  const raw = structuredClone(runtimeBank) as unknown as {
    sections: { items: Record<string, unknown>[] }[]
  }
  const q4 = raw.sections[1]?.items.find((item) => item.id === 'q4')
  if (!q4) throw new Error('runtimeBank has no q4')
  Object.assign(q4, {
    stem: '說明 **DNS** 的埠號。',
    reference_answer: '| 協定 | 埠 |\n|---|---|\n| DNS | 53 |',
    explanation: '查詢用 *UDP*,$2^{16}$ 個埠。',
  })
  return bankSchema.parse({ ...raw, id: 'runtime-markdown', text_format: 'markdown' })
}

async function gradingItem(bank: Bank): Promise<GradingItemView> {
  station = await openStaffStation()
  await station.setUp()
  station.runtime.installExam(installInput(bank))
  const [admin, proctor] = [await station.adminToken(), await station.proctorToken()]
  const started = await station.ok('proctor.startSession', { token: proctor, candidateId: 'C-1', name: 'A' })
  await station.ok('session.acknowledgeRules', {})
  await station.ok('session.saveAnswer', { unitId: 'q4', response: '*53*' })
  await station.ok('session.submit', {})
  const sessionId = started.session?.sessionId ?? ''
  return station.ok('admin.gradingItem', { token: admin, sessionId, unitId: 'q4' })
}

describe('grading a markdown bank', () => {
  it('renders the stem, reference answer and explanation; the response stays the candidate’s plain text', async () => {
    const item = await gradingItem(markdownBank())
    expect(item.html?.stem).toContain('<strong>DNS</strong>')
    expect(item.html?.referenceAnswer).toContain('<th')
    expect(item.html?.referenceAnswer).toContain('<td')
    expect(item.html?.explanation).toContain('<em>UDP</em>')
    expect(item.html?.explanation).toContain('<math')
    // What the candidate typed is never read as Markdown.
    expect(item.response).toBe('*53*')
    expect(JSON.stringify(item.html)).not.toContain('<em>53</em>')
  })

  it('leaves a plain bank’s texts as written, with no HTML', async () => {
    const bank = { ...markdownBank(), id: 'runtime-plain', text_format: 'plain' as const }
    const item = await gradingItem(bank)
    expect(item.html).toBeUndefined()
    expect(item.explanation).toBe('查詢用 *UDP*,$2^{16}$ 個埠。')
  })
})

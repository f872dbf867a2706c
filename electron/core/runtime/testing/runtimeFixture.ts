import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bankSchema } from '../../bank/schema'
import type { Bank } from '../../bank/schema'
import { passphraseProtector } from '../../crypto/passphraseProtector'
import type { KeyProtector } from '../../crypto/keyProtector'
import { resolveDeliverySettings } from '../../package/packageSettings'
import { ManualClock } from '../../base/clock'
import { openStationRuntime } from '../stationRuntime'
import type { InstallExamInput } from '../../exam/examCatalog'
import type { StationRuntime } from '../stationRuntime'

/** Test support: a small bank of every unit type, whose hidden texts are distinctive enough to search raw bytes for. */
export const SECRET_EXPLANATION = 'EXPLANATION-ONLY-GRADERS-SEE-7f3a'
export const SECRET_REFERENCE = 'REFERENCE-ANSWER-9c1e'

export const runtimeBank: Bank = bankSchema.parse({
  format: 'invigil-bank/1',
  id: 'runtime-demo',
  title: '模擬考試',
  language: 'zh-Hant',
  duration_minutes: 30,
  pass_mark: 5,
  sections: [
    {
      id: 'objective',
      title: '選擇題',
      shuffle: { items: true, options: true },
      items: [
        {
          id: 'q1',
          type: 'single',
          stem: '一加一?',
          points: 2,
          options: { A: '一', B: '二', C: '三' },
          key: 'B',
          explanation: SECRET_EXPLANATION,
        },
        { id: 'q2', type: 'multiple', stem: '偶數?', points: 3, options: { A: '2', B: '3', C: '4' }, key: ['A', 'C'] },
        { id: 'q3', type: 'true_false', stem: '地球是圓的。', points: 1, key: true },
      ],
    },
    {
      id: 'written',
      title: '問答題',
      items: [
        { id: 'q4', type: 'short_answer', stem: '請說明。', points: 4, reference_answer: SECRET_REFERENCE },
        {
          id: 'case',
          type: 'scenario',
          stem: '情景',
          points: 5,
          parts: [
            { id: 'case.1', type: 'single', stem: '先做什麼?', points: 2, options: { A: '傾聽', B: '反駁' }, key: 'A' },
            { id: 'case.2', type: 'short_answer', stem: '為什麼?', points: 3 },
          ],
        },
      ],
    },
  ],
})

/** Points for answering every objective unit with its key. */
export const RUNTIME_BANK_OBJECTIVE_MAX = 2 + 3 + 1 + 2

export const fakePackageHash = (text: string): string => createHash('sha256').update(text).digest('hex')

export const installInput = (bank: Bank = runtimeBank, source = 'test'): InstallExamInput => ({
  bank,
  settings: resolveDeliverySettings(bank, {}).settings,
  packageHash: fakePackageHash(JSON.stringify(bank)),
  source,
})

/** scrypt at its cheapest allowed cost: tests open stations often. */
export const FAST_SCRYPT = { N: 1024, r: 8, p: 1 }
export const testProtector = (passphrase = 'test passphrase'): KeyProtector =>
  passphraseProtector(passphrase, FAST_SCRYPT)
export const FAST_PIN = { N: 1024, r: 8, p: 1, keyLength: 32 }

export interface RuntimeDir {
  dir: string
  clock: ManualClock
  open(protector?: KeyProtector): Promise<StationRuntime>
  cleanup(): void
}

export function runtimeDir(): RuntimeDir {
  const dir = mkdtempSync(join(tmpdir(), 'invigil-runtime-'))
  const clock = new ManualClock()
  return {
    dir,
    clock,
    open: (protector = testProtector()) =>
      openStationRuntime({ dataDir: join(dir, 'station'), protector, clock, pinParams: FAST_PIN }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  }
}

import { join } from 'node:path'
import { loadBankFile } from '../electron/core/bank/loadBank'
import type { Bank } from '../electron/core/bank/schema'
import { masterKeyKeyring } from '../electron/core/crypto/keyring'
import { defaultRandom } from '../electron/core/crypto/randomSource'
import { StationSeal } from '../electron/core/db/stationSeal'
import { answerableUnits, originalLetters, type AnswerableUnit } from '../electron/core/delivery/answerableUnits'
import { uniformBelow } from '../electron/core/delivery/seededShuffle'
import type { Clock } from '../electron/core/base/clock'
import type { CandidateResponse, ResponseKind } from '../electron/core/base/responseSchema'
import { SessionService } from '../electron/core/session/sessionService'
import type { CandidateIdentity } from '../electron/core/session/sessionTypes'
import { openStationDatabase, type StationDatabase } from '../electron/core/db/database'
import { REPO_ROOT } from '../electron/core/session/testing/crashProtocol'
import { FAST_PIN_PARAMS, MASTER_KEY_HEX, PACKAGE_HASH, TEST_PIN } from '../electron/core/session/testing/tempStation'

/**
 * What the save and verify benchmarks run on: a seed paper (single, multiple, true/false and short-answer items),
 * a station on a real database file, and the answers a candidate would give.
 */
const BENCH_BANK = join(REPO_ROOT, 'banks', 'it-customer-service-certification-2026.yaml')

export interface BenchExam {
  bank: Bank
  units: AnswerableUnit[]
  kindOf: (itemId: string) => ResponseKind | undefined
}

export async function loadBenchExam(): Promise<BenchExam> {
  const { bank, diagnostics } = await loadBankFile(BENCH_BANK)
  if (!bank) throw new Error(`the bench bank does not load: ${diagnostics.map((d) => d.message).join('; ')}`)
  const units = bank.sections.flatMap((section) => section.items.flatMap(answerableUnits))
  const kinds = new Map(units.map((unit) => [unit.id, unit.type]))
  return { bank, units, kindOf: (itemId) => kinds.get(itemId) }
}

// Common characters of customer-service answers, so the UTF-8 size (3 bytes each) is that of a real answer.
const HANZI =
  '我們應該先傾聽客戶的問題並確認需求然後提供清楚的解決方案如果無法立即處理要說明原因與後續時間同時記錄在系統中以便追蹤服務品質改善流程'

/** About 200 characters of Chinese prose with punctuation, as a short answer would be. */
export function chineseAnswer(next: () => number): string {
  const length = 180 + uniformBelow(next, 41)
  let text = ''
  for (let i = 1; i < length; i++) {
    text += i % 17 === 0 ? '，' : (HANZI[uniformBelow(next, HANZI.length)] ?? '')
  }
  return `${text}。`
}

/** A response of the unit's kind: a letter, a set of letters, true/false, or a Chinese paragraph. */
export function candidateResponse(unit: AnswerableUnit, next: () => number): CandidateResponse {
  const letters = originalLetters(unit)
  const pick = (): string => letters[uniformBelow(next, letters.length)] ?? 'A'
  switch (unit.type) {
    case 'single':
      return pick()
    case 'multiple':
      return [...new Set([pick(), pick()])]
    case 'true_false':
      return uniformBelow(next, 2) === 0
    default:
      return chineseAnswer(next)
  }
}

export interface BenchStation {
  db: StationDatabase
  service: SessionService
}

/**
 * A station on `path`; the benches pass each save the bench bank's unit kind, as the app checks saves against the form.
 * Its station seal is attached as StationRuntime attaches it, so every save reseals as it does in the app.
 */
export function openBenchStation(path: string, exam: BenchExam, clock: Clock): BenchStation {
  const db = openStationDatabase(path)
  const keyring = masterKeyKeyring(Buffer.from(MASTER_KEY_HEX, 'hex'))
  const seal = new StationSeal(db, keyring, defaultRandom)
  seal.verify()
  seal.attach()
  const service = new SessionService({ db, keyring, clock, pinParams: FAST_PIN_PARAMS })
  return { db, service }
}

/** Creates, checks in and starts a session of the bench exam (for candidate C-0042 unless another is given). */
export async function startBenchSession(
  service: SessionService,
  exam: BenchExam,
  durationMs: number,
  candidate: CandidateIdentity = { candidateId: 'C-0042', name: '陳大文' },
): Promise<string> {
  if (!service.hasProctorPin()) await service.setProctorPin(TEST_PIN)
  const { sessionId } = service.createSession({
    examId: exam.bank.id,
    packageHash: PACKAGE_HASH,
    formSeed: 'bench',
    durationMs,
  })
  service.checkIn(sessionId, candidate)
  service.start(sessionId)
  return sessionId
}

/**
 * Sessions a station already holds when a candidate sits down: earlier sittings, each with every unit answered and
 * submitted, kept until the admin purges exported sessions. A bench on a fresh station would flatter every cost
 * that grows with them.
 */
export const EARLIER_SESSIONS = 30

/** Sits `count` whole sessions on the station (saves of `answers`, in order), each submitted by its candidate. */
export async function sitEarlierSessions(
  service: SessionService,
  exam: BenchExam,
  answers: readonly { itemId: string; response: CandidateResponse }[],
  count = EARLIER_SESSIONS,
): Promise<void> {
  for (let s = 0; s < count; s++) {
    const sessionId = await startBenchSession(service, exam, 24 * 60 * 60_000)
    for (const unit of exam.units) {
      const answer = answers.find((candidate) => candidate.itemId === unit.id)
      if (answer) service.saveAnswer(sessionId, unit.id, answer.response, unit.type)
    }
    service.submit(sessionId, 'candidate')
  }
}

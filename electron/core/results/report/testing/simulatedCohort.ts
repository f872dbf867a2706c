import type { Bank } from '../../../bank/schema'
import { answerableUnits } from '../../../delivery/answerableUnits'
import type { AnswerableUnit } from '../../../delivery/answerableUnits'
import { gradeResponses, roundPoints } from '../../../grading/grade'
import type { ManualScore, ResponseValue } from '../../../grading/gradingTypes'
import type { AnalyzedResult } from '../../analysis/analyzedResult'

/**
 * Test support: a cohort of candidates answering a real bank, graded by the real grader, from a seeded random
 * source, so a report can be looked at with realistic spread (abilities, item difficulties, omissions, pending).
 */

/** mulberry32: a tiny, well-mixed seeded generator; the same seed always gives the same cohort. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const logistic = (x: number): number => 1 / (1 + Math.exp(-x))
const pick = <T>(values: readonly T[], random: () => number): T | undefined =>
  values[Math.floor(random() * values.length)]

function answer(unit: AnswerableUnit, correct: boolean, random: () => number): ResponseValue {
  switch (unit.type) {
    case 'single': {
      const wrong = Object.keys(unit.options).filter((letter) => letter !== unit.key)
      return correct ? unit.key : (pick(wrong, random) ?? unit.key)
    }
    case 'multiple': {
      if (correct) return [...unit.key].sort()
      const letters = Object.keys(unit.options).filter(() => random() < 0.5)
      return letters.length > 0 ? letters.sort() : [Object.keys(unit.options)[0] ?? 'A']
    }
    case 'true_false':
      return correct ? unit.key : !unit.key
    case 'short_answer':
      return correct ? '完整的回答' : '簡短的回答'
  }
}

export interface CohortOptions {
  candidates: number
  seed: number
  /** Share of short answers left for a grader. */
  pendingRate?: number
  /** Names to use first (e.g. a hostile one for an injection test); the rest are generated. */
  names?: string[]
}

export function simulatedCohort(bank: Bank, options: CohortOptions): AnalyzedResult[] {
  const random = seededRandom(options.seed)
  const units = bank.sections.flatMap((section) => section.items.flatMap(answerableUnits))
  const difficulty = new Map(units.map((unit) => [unit.id, random() * 3 - 1.5]))
  const at = '2026-11-23T09:00:00.000Z'
  return Array.from({ length: options.candidates }, (_, i) => {
    const ability = (random() + random() + random() - 1.5) * 2
    const responses: Record<string, ResponseValue> = {}
    const manual: Record<string, ManualScore> = {}
    for (const unit of units) {
      if (random() < 0.04) continue
      const correct = random() < logistic(ability - (difficulty.get(unit.id) ?? 0))
      responses[unit.id] = answer(unit, correct, random)
      if (unit.type === 'short_answer' && random() >= (options.pendingRate ?? 0.05)) {
        const share = Math.min(1, Math.max(0, logistic(ability) + (random() - 0.5) * 0.4))
        manual[unit.id] = { score: roundPoints(Math.round(unit.points * share)), grader: 'grader-1', at }
      }
    }
    const allowed = bank.duration_minutes * 60_000
    const id = `C-${String(i + 1).padStart(3, '0')}`
    return {
      exam: { id: bank.id, title: bank.title, package_hash: 'ab'.repeat(32) },
      candidate: { id, name: options.names?.[i] ?? `考生 ${String(i + 1)}` },
      station: { id: (i % 3).toString(16).repeat(16) },
      session: {
        id: `sess-${String(i + 1)}`,
        created_at: at,
        started_at: at,
        submitted_at: at,
        submit_reason: 'candidate',
      },
      timing: {
        allowed_ms: allowed,
        elapsed_ms: Math.round(allowed * Math.min(1, 0.45 + random() * 0.6)),
        extensions: [],
        accommodations: {},
      },
      responses: Object.entries(responses).map(([item, value]) => ({ item, value, revision: 1, saved_at: at })),
      flags: units.filter(() => random() < 0.05).map((unit) => unit.id),
      scores: gradeResponses(bank, responses, manual),
    }
  })
}

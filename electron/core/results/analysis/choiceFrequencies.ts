import { originalLetters } from '../../delivery/answerableUnits'
import type { AnswerableUnit } from '../../delivery/answerableUnits'
import type { UnitScore } from '../../grading/gradingTypes'
import type { CandidateResponse } from '../../base/responseSchema'
import type { ChoiceCount, KeySource, UnitKind } from './analysisTypes'

/** One result's view of one unit: its score, the candidate's last response, and the result's total. */
export interface UnitObservation {
  score: UnitScore
  response: CandidateResponse | undefined
  total: number
  flagged: boolean
}

const LETTER = /^[A-Z]$/

/** The unit's kind: the bank says it; without the bank, manual scoring means text and the response shape tells the rest. */
export function unitKind(observations: readonly UnitObservation[], bankUnit: AnswerableUnit | undefined): UnitKind {
  if (bankUnit) return bankUnit.type === 'short_answer' ? 'text' : bankUnit.type
  if (observations.some((o) => o.score.method === 'manual')) return 'text'
  for (const { response } of observations) {
    if (typeof response === 'boolean') return 'true_false'
    if (Array.isArray(response)) return 'multiple'
    if (typeof response === 'string' && LETTER.test(response)) return 'single'
  }
  return 'unknown'
}

/** The choices a response makes: letters, or "true"/"false"; nothing for text or no answer. */
function chosen(response: CandidateResponse | undefined, kind: UnitKind): string[] {
  if (kind === 'true_false') return typeof response === 'boolean' ? [String(response)] : []
  if (kind === 'multiple') return Array.isArray(response) ? response : []
  if (kind === 'single') return typeof response === 'string' && LETTER.test(response) ? [response] : []
  return []
}

function bankKey(unit: AnswerableUnit): string[] {
  switch (unit.type) {
    case 'single':
      return [unit.key]
    case 'multiple':
      return unit.key
    case 'true_false':
      return [String(unit.key)]
    case 'short_answer':
      return []
  }
}

/** Without the bank, the choices of full-point answers stand in for the key: exact for single and true/false. */
function fullPointsKey(observations: readonly UnitObservation[], kind: UnitKind): string[] {
  const full = observations.filter(
    ({ score }) => score.status === 'scored' && score.max > 0 && score.points === score.max,
  )
  return [...new Set(full.flatMap((o) => chosen(o.response, kind)))]
}

const byChoice = (a: string, b: string): number => (a === 'true' ? -1 : b === 'true' ? 1 : a < b ? -1 : a > b ? 1 : 0)

/**
 * How often each option was chosen, by ORIGINAL letter (true before false), with the key marked. Options in the
 * bank are listed even when nobody chose them; letters outside the bank (which a verified bundle should never
 * carry) are listed too rather than hidden. Empty for text units.
 */
export function choiceFrequencies(
  observations: readonly UnitObservation[],
  kind: UnitKind,
  bankUnit: AnswerableUnit | undefined,
): { choices: ChoiceCount[]; keySource: KeySource } {
  if (kind === 'text' || kind === 'unknown') return { choices: [], keySource: 'none' }
  const counts = new Map<string, number>()
  const known = bankUnit ? originalLetters(bankUnit) : []
  for (const choice of kind === 'true_false' ? ['true', 'false'] : known) counts.set(choice, 0)
  for (const { response } of observations) {
    for (const choice of chosen(response, kind)) counts.set(choice, (counts.get(choice) ?? 0) + 1)
  }
  const key = new Set(bankUnit ? bankKey(bankUnit) : fullPointsKey(observations, kind))
  const keySource: KeySource = bankUnit ? 'bank' : key.size > 0 ? 'full_points' : 'none'
  const n = observations.length
  const choices = [...counts.keys()].sort(byChoice).map((choice) => {
    const count = counts.get(choice) ?? 0
    return { choice, count, rate: n > 0 ? count / n : 0, key: key.has(choice) }
  })
  return { choices, keySource }
}

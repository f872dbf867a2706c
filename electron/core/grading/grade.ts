import type { Bank, MultipleScoring } from '../bank/schema'
import { answerableUnits } from '../delivery/answerableUnits'
import type { AnswerableUnit } from '../delivery/answerableUnits'
import type { GradingResult, ManualScore, ResponseValue, SectionScore, UnitScore } from './gradingTypes'

export type GradingErrorCode =
  'UNKNOWN_UNIT' | 'RESPONSE_TYPE_MISMATCH' | 'MANUAL_SCORE_NOT_APPLICABLE' | 'MANUAL_SCORE_OUT_OF_RANGE'

export class GradingError extends Error {
  override readonly name = 'GradingError'
  constructor(
    readonly code: GradingErrorCode,
    message: string,
  ) {
    super(message)
  }
}

/** Scores keep two decimals. toPrecision first, so 1.005 rounds up as a person expects, not down as 100.4999... would. */
export const roundPoints = (value: number): number => Math.round(Number((value * 100).toPrecision(12))) / 100

const sum = (values: readonly number[]): number => roundPoints(values.reduce((total, value) => total + value, 0))

/** Own keys only: an item may legitimately be called "constructor". */
const lookup = <T>(record: Readonly<Record<string, T>>, id: string): T | undefined =>
  Object.hasOwn(record, id) ? record[id] : undefined

function mismatch(unit: AnswerableUnit, expected: string): GradingError {
  return new GradingError('RESPONSE_TYPE_MISMATCH', `the response to ${unit.id} (${unit.type}) must be ${expected}`)
}

/** A choice unit's points, or undefined when unanswered. Throws on a value of the wrong shape (corrupt data). */
function autoPoints(
  unit: Exclude<AnswerableUnit, { type: 'short_answer' }>,
  value: ResponseValue | undefined,
  bankRule: MultipleScoring,
): number | undefined {
  if (value === null || value === undefined) return undefined
  switch (unit.type) {
    case 'single':
      if (typeof value !== 'string') throw mismatch(unit, 'an option letter')
      return value === '' ? undefined : value === unit.key ? unit.points : 0
    case 'true_false':
      if (typeof value !== 'boolean') throw mismatch(unit, 'true or false')
      return value === unit.key ? unit.points : 0
    case 'multiple': {
      if (!Array.isArray(value)) throw mismatch(unit, 'a list of option letters')
      const selected = new Set(value)
      if (selected.size === 0) return undefined
      const key = new Set(unit.key)
      if ([...selected].some((letter) => !key.has(letter))) return 0
      const rule = unit.scoring ?? bankRule
      if (rule === 'partial') return roundPoints((unit.points * selected.size) / key.size)
      return selected.size === key.size ? unit.points : 0
    }
  }
}

function manualUnit(
  unit: AnswerableUnit,
  value: ResponseValue | undefined,
  manual: ManualScore | undefined,
): UnitScore {
  if (value !== null && value !== undefined && typeof value !== 'string') throw mismatch(unit, 'text')
  const base = { id: unit.id, max: unit.points, method: 'manual' as const }
  if (manual) {
    if (!Number.isFinite(manual.score) || manual.score < 0 || manual.score > unit.points) {
      throw new GradingError(
        'MANUAL_SCORE_OUT_OF_RANGE',
        `the manual score for ${unit.id} must be between 0 and ${unit.points}`,
      )
    }
    return { ...base, points: roundPoints(manual.score), status: 'scored' }
  }
  // Nothing written means nothing to mark: zero, without waiting for a grader.
  const answered = typeof value === 'string' && value.trim() !== ''
  return { ...base, points: 0, status: answered ? 'pending_manual' : 'unanswered' }
}

function gradeUnit(
  unit: AnswerableUnit,
  value: ResponseValue | undefined,
  manual: ManualScore | undefined,
  bankRule: MultipleScoring,
): UnitScore {
  if (unit.type === 'short_answer') return manualUnit(unit, value, manual)
  if (manual)
    throw new GradingError(
      'MANUAL_SCORE_NOT_APPLICABLE',
      `${unit.id} is a ${unit.type} item and is scored automatically`,
    )
  const points = autoPoints(unit, value, bankRule)
  return {
    id: unit.id,
    points: points ?? 0,
    max: unit.points,
    method: 'auto',
    status: points === undefined ? 'unanswered' : 'scored',
  }
}

/**
 * Grades a session's responses against its bank. Pure: the same bank, responses and manual scores always give the
 * same result. Responses and manual scores are keyed by unit id (item id, or part id for scenario parts). A
 * scenario is worth the sum of its parts. Throws GradingError for ids the bank lacks or values of the wrong shape.
 */
export function gradeResponses(
  bank: Bank,
  responses: Readonly<Record<string, ResponseValue>>,
  manualScores: Readonly<Record<string, ManualScore>> = {},
): GradingResult {
  const bankRule = bank.multiple_scoring ?? 'all_or_nothing'
  const units: UnitScore[] = []
  const sections: SectionScore[] = bank.sections.map((section) => {
    const scored = section.items
      .flatMap(answerableUnits)
      .map((unit) => gradeUnit(unit, lookup(responses, unit.id), lookup(manualScores, unit.id), bankRule))
    units.push(...scored)
    return {
      id: section.id,
      points: sum(scored.map((unit) => unit.points)),
      max: sum(scored.map((unit) => unit.max)),
      pending: scored.filter((unit) => unit.status === 'pending_manual').length,
    }
  })
  const known = new Set(units.map((unit) => unit.id))
  for (const id of [...Object.keys(responses), ...Object.keys(manualScores)]) {
    if (!known.has(id)) throw new GradingError('UNKNOWN_UNIT', `the bank has no item or scenario part ${id}`)
  }
  const total = sum(sections.map((section) => section.points))
  const pending = sections.reduce((count, section) => count + section.pending, 0)
  const passMark = bank.pass_mark ?? null
  return {
    units,
    sections,
    total,
    max: sum(sections.map((section) => section.max)),
    pending,
    pass_mark: passMark,
    passed: pending > 0 || passMark === null ? null : total >= passMark,
  }
}

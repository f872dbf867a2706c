import type { Bank } from '../bank/schema'
import type { GradingResult } from '../grading/gradingTypes'
import { AdminError } from './adminError'

/**
 * What a human grades: every short answer, whether an item of its own or a part of a scenario, with what the grader
 * needs beside the candidate's response (the question, the reference answer, the explanation). Pure reads of the
 * delivered bank: this holds reference answers, so it is for the authenticated admin console only.
 */
export interface ManualUnit {
  unitId: string
  /** The item the score is recorded against; for a scenario part, the scenario. */
  itemId: string
  /** Set for a scenario part: the unit id. */
  partId?: string
  sectionTitle: string
  /** The item's position in its section, from 1 (bank order, not the candidate's shuffled order). */
  itemNumber: number
  /** The scenario's stem, when the unit is one of its parts: the context the candidate answered in. */
  context?: string
  stem: string
  maxPoints: number
  referenceAnswer?: string
  explanation?: string
}

export function manualUnitsOf(bank: Bank): ManualUnit[] {
  const units: ManualUnit[] = []
  for (const section of bank.sections) {
    for (const [index, item] of section.items.entries()) {
      const place = { sectionTitle: section.title, itemNumber: index + 1 }
      if (item.type === 'short_answer') {
        units.push({
          unitId: item.id,
          itemId: item.id,
          ...place,
          stem: item.stem,
          maxPoints: item.points,
          ...(item.reference_answer === undefined ? {} : { referenceAnswer: item.reference_answer }),
          ...(item.explanation === undefined ? {} : { explanation: item.explanation }),
        })
      } else if (item.type === 'scenario') {
        for (const part of item.parts) {
          if (part.type !== 'short_answer') continue
          const explanation = part.explanation ?? item.explanation
          units.push({
            unitId: part.id,
            itemId: item.id,
            partId: part.id,
            ...place,
            context: item.stem,
            stem: part.stem,
            maxPoints: part.points,
            ...(part.reference_answer === undefined ? {} : { referenceAnswer: part.reference_answer }),
            ...(explanation === undefined ? {} : { explanation }),
          })
        }
      }
    }
  }
  return units
}

/** The manual unit with this id, or NOT_GRADABLE: an objective question is scored by the key, not by a person. */
export function manualUnit(bank: Bank, unitId: string): ManualUnit {
  const unit = manualUnitsOf(bank).find((candidate) => candidate.unitId === unitId)
  if (!unit) throw new AdminError('NOT_GRADABLE', `${unitId} is not a short answer of this exam`, { unitId })
  return unit
}

export type GradingStatus = 'pending' | 'scored'

/** The units of one graded session that a person grades or has graded; unanswered ones score zero by themselves. */
export function gradableUnitsOf(
  grading: GradingResult,
): { unitId: string; status: GradingStatus; points: number; max: number }[] {
  return grading.units
    .filter((unit) => unit.method === 'manual' && unit.status !== 'unanswered')
    .map((unit) => ({
      unitId: unit.id,
      status: unit.status === 'scored' ? 'scored' : 'pending',
      points: unit.points,
      max: unit.max,
    }))
}

export function assertScoreInRange(score: number, unit: ManualUnit): void {
  if (!(score >= 0 && score <= unit.maxPoints)) {
    throw new AdminError('SCORE_OUT_OF_RANGE', `a score for ${unit.unitId} is from 0 to ${String(unit.maxPoints)}`, {
      max: unit.maxPoints,
    })
  }
}

import type { ResponseKind } from '../base/responseSchema'
import { SessionError } from '../base/sessionErrors'
import type { CandidateExam, CandidateItem } from './candidateView'

/**
 * The one place that says whether a unit id names something on a session's form, and what it is. Every candidate
 * action that names a unit (an answer, a flag, struck options, a move) resolves it here first, so they all refuse
 * the same ids with the same VALIDATION_FAILED message. A unit is what a candidate acts on: an item, or a scenario
 * part by its own id; a scenario item itself can be flagged or visited but not answered.
 */
export interface FormUnit {
  id: string
  type: CandidateItem['type']
  /** Its option letters as the candidate sees them (original letters, display order); empty for non-choice units. */
  letters: readonly string[]
}

/** Every unit on a form, by id: built once per session's form. */
export function formUnitsOf(exam: CandidateExam): ReadonlyMap<string, FormUnit> {
  const units = new Map<string, FormUnit>()
  const add = (unit: Pick<CandidateItem, 'id' | 'type' | 'options'>): void => {
    units.set(unit.id, { id: unit.id, type: unit.type, letters: unit.options.map((option) => option.letter) })
  }
  for (const item of exam.sections.flatMap((section) => section.items)) {
    add(item)
    item.parts.forEach(add)
  }
  return units
}

/** The unit `unitId` names on the form, or VALIDATION_FAILED. */
export function requireFormUnit(units: ReadonlyMap<string, FormUnit>, unitId: string): FormUnit {
  const unit = units.get(unitId)
  if (!unit) throw new SessionError('VALIDATION_FAILED', `unitId: ${unitId} is not a question of this exam`, { unitId })
  return unit
}

/** The kind of response a unit takes; a scenario is answered part by part, never whole. */
export function answerKindOf(unit: FormUnit): ResponseKind {
  if (unit.type === 'scenario')
    throw new SessionError('VALIDATION_FAILED', `item ${unit.id} is not on this session's form`, { unitId: unit.id })
  return unit.type
}

/** Struck letters must be options the unit shows, and only choice units have options to strike. */
export function checkStruckLetters(unit: FormUnit, letters: readonly string[]): void {
  const index = letters.findIndex((letter) => !unit.letters.includes(letter))
  if (index >= 0) {
    const shown = unit.letters.length > 0 ? [...unit.letters].sort().join(', ') : 'none'
    throw new SessionError(
      'VALIDATION_FAILED',
      `letters.${String(index)}: ${String(letters[index])} is not an option of ${unit.id} (options: ${shown})`,
      {
        unitId: unit.id,
      },
    )
  }
  if (unit.type !== 'single' && unit.type !== 'multiple') {
    throw new SessionError('VALIDATION_FAILED', `item ${unit.id} is not a choice question on this session's form`, {
      unitId: unit.id,
    })
  }
}

import { roundPoints } from '../grading/grade'
import type { GradingResult } from '../grading/gradingTypes'

/**
 * The scores a manifest states must add up: a station grades with gradeResponses, which derives every figure from
 * the unit scores, so a total, maximum, pending count or verdict that does not follow from them was written by
 * something else. The writer refuses to sign such scores and the verifier refuses to accept them (INCONSISTENT).
 * Sums are compared after the grader's own two-decimal rounding.
 */
export function scoreProblem(scores: GradingResult): string | undefined {
  const { units, sections } = scores
  // Plain loops, adding in list order as the grader does: this runs on every bundle a verifier checks.
  let unitPoints = 0
  let unitMax = 0
  let unitPending = 0
  for (const unit of units) {
    if (unit.points > unit.max) return `unit ${unit.id} scores ${String(unit.points)} of at most ${String(unit.max)}`
    unitPoints += unit.points
    unitMax += unit.max
    if (unit.status === 'pending_manual') unitPending++
  }
  let sectionPoints = 0
  let sectionMax = 0
  let sectionPending = 0
  for (const section of sections) {
    sectionPoints += section.points
    sectionMax += section.max
    sectionPending += section.pending
  }
  const figures: [string, number, number, number][] = [
    ['total', scores.total, roundPoints(unitPoints), roundPoints(sectionPoints)],
    ['max', scores.max, roundPoints(unitMax), roundPoints(sectionMax)],
    ['pending', scores.pending, unitPending, sectionPending],
  ]
  for (const [name, stated, byUnits, bySections] of figures) {
    if (stated !== byUnits) return `the ${name} is ${String(stated)} but the unit scores give ${String(byUnits)}`
    if (stated !== bySections)
      return `the ${name} is ${String(stated)} but the section scores give ${String(bySections)}`
  }
  const passed = scores.pending > 0 || scores.pass_mark === null ? null : scores.total >= scores.pass_mark
  if (scores.passed !== passed)
    return `the verdict passed=${String(scores.passed)} does not follow from the total, the pass mark and pending units`
  return undefined
}

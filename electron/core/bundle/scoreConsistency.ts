import { roundPoints } from '../grading/grade'
import type { GradingResult } from '../grading/gradingTypes'

/**
 * The scores a manifest states must add up: a station grades with gradeResponses, which derives every figure from
 * the unit scores, so a total, maximum, pending count or verdict that does not follow from them was written by
 * something else. The writer refuses to sign such scores and the verifier refuses to accept them (INCONSISTENT).
 * Sums are compared after the grader's own two-decimal rounding.
 */
const sum = (values: readonly number[]): number => roundPoints(values.reduce((total, value) => total + value, 0))

export function scoreProblem(scores: GradingResult): string | undefined {
  const { units, sections } = scores
  const over = units.find((unit) => unit.points > unit.max)
  if (over) return `unit ${over.id} scores ${String(over.points)} of at most ${String(over.max)}`
  const figures: [string, number, number, number][] = [
    ['total', scores.total, sum(units.map((unit) => unit.points)), sum(sections.map((section) => section.points))],
    ['max', scores.max, sum(units.map((unit) => unit.max)), sum(sections.map((section) => section.max))],
    [
      'pending',
      scores.pending,
      units.filter((unit) => unit.status === 'pending_manual').length,
      sections.reduce((count, section) => count + section.pending, 0),
    ],
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

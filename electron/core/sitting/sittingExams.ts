import { closestName } from '../bank/schemaKeys'
import type { SittingProblem } from './sittingProblem'
import type { SittingCandidate, SittingPayload } from './sittingSchema'

/**
 * Which exam each candidate of a sitting sits. A room may seat candidates of different exams side by side, so a
 * sitting of several packages names each candidate's exam (`exam_id` on the roster); a sitting of one package may
 * leave it out, and every candidate then sits that one, as sitting files did before the field existed.
 */

/** The exam id the candidate sits: their own, or the sitting's only package's. */
export function candidateExamId(payload: Pick<SittingPayload, 'packages'>, candidate: SittingCandidate): string {
  const sole = payload.packages.length === 1 ? payload.packages[0]?.exam_id : undefined
  const examId = candidate.exam_id ?? sole
  // sittingProblems refuses a sitting where this happens; reaching it means a payload was used unchecked.
  if (examId === undefined) throw new Error(`candidate ${candidate.candidate_id} has no exam in the sitting`)
  return examId
}

/** Every exam_id names one of the sitting's packages, and a sitting of several packages names one for everyone. */
export function examProblems(payload: SittingPayload): SittingProblem[] {
  const examIds = payload.packages.map((pkg) => pkg.exam_id)
  const listed = examIds.join(', ')
  const several = examIds.length > 1
  if (several && payload.roster.every((candidate) => candidate.exam_id === undefined))
    return [
      {
        path: ['roster'],
        message: `the sitting has ${String(examIds.length)} exams (${listed}) and its roster names no candidate's exam`,
        hint: "add an exam_id column to the roster CSV giving each candidate's exam, one of: " + listed,
      },
    ]
  return payload.roster.flatMap((candidate, index): SittingProblem[] => {
    const examId = candidate.exam_id
    if (examId === undefined)
      return several
        ? [
            {
              path: ['roster', index, 'exam_id'],
              message: `candidate ${candidate.candidate_id} has no exam_id, and the sitting has ${String(examIds.length)} exams`,
              hint: `give the candidate's exam in the exam_id column, one of: ${listed}`,
            },
          ]
        : []
    if (examIds.includes(examId)) return []
    const guess = closestName(examId, examIds)
    return [
      {
        path: ['roster', index, 'exam_id'],
        message: `candidate ${candidate.candidate_id} is given exam ${examId}, which is not one of the sitting's packages`,
        hint: guess ? `did you mean "${guess}"? (the sitting's exams: ${listed})` : `use one of: ${listed}`,
      },
    ]
  })
}

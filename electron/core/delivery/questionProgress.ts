import type { CandidateExam } from './candidateView'

/** Questions answered of questions in the exam: the one count the candidate, the proctor and the room all show. */
export interface QuestionCount {
  answered: number
  total: number
}

/**
 * Counts questions as the candidate sees them on screen: a scenario is one question, answered once every one of its
 * parts is. `isAnswered` says whether a unit (a plain item, or a scenario part) holds an answer.
 */
export function countAnsweredQuestions(exam: CandidateExam, isAnswered: (unitId: string) => boolean): QuestionCount {
  const items = exam.sections.flatMap((section) => section.items)
  const answered = items.filter((item) => {
    const units = item.type === 'scenario' ? item.parts.map((part) => part.id) : [item.id]
    return units.length > 0 && units.every(isAnswered)
  }).length
  return { answered, total: items.length }
}

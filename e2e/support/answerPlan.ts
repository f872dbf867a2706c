import type {
  CandidateExam,
  CandidateItem,
  CandidateOption,
  CandidateResponse,
  CandidateUnitType,
} from '../../electron/core/api/contract'
import type { Bank } from '../../electron/core/bank/schema'
import { answerableUnits, type AnswerableUnit } from '../../electron/core/delivery/answerableUnits'

/** One step of typing through an input method: what the IME shows while composing, then what it commits. */
export interface ImeSegment {
  composing: string[]
  commit: string
}

/** Chosen by ORIGINAL letters; `options` in the order the form displays them. */
interface ChoiceAnswer<T extends 'single' | 'multiple'> {
  unitId: string
  type: T
  letters: string[]
  options: CandidateOption[]
}

export type UnitAnswer =
  | ChoiceAnswer<'single'>
  | ChoiceAnswer<'multiple'>
  | { unitId: string; type: 'true_false'; value: boolean }
  | { unitId: string; type: 'short_answer'; text: string; ime?: ImeSegment[] }

/** What the candidate does on one question, in the order the exam delivers it. */
export interface ItemStep {
  item: CandidateItem
  sectionTitle: string
  sectionSize: number
  /** Scenario parts answered one by one; an empty list leaves the question unanswered. */
  answers: UnitAnswer[]
  flag?: 'button' | 'shortcut'
  /** An option letter to strike out (never the chosen one). */
  strikeOut?: string
}

export interface SittingPlan {
  steps: ItemStep[]
  /** Exactly what the core should hold afterwards, by unit id and ORIGINAL option letters. */
  responses: Record<string, CandidateResponse>
  flagged: ItemStep[]
  unanswered: ItemStep[]
}

/**
 * Zhuyin input of 我會先傾聽客戶的問題 (the keys shown while composing, then the characters picked), followed by a
 * full stop typed directly: the text a short answer must end up with, character for character.
 */
export const IME_SEGMENTS: ImeSegment[] = [
  { composing: ['ㄨ', 'ㄨㄛ', 'ㄨㄛˇ', 'ㄨㄛˇㄏㄨㄟˋ'], commit: '我會' },
  { composing: ['ㄒㄧㄢ', 'ㄒㄧㄢㄑㄧㄥ', 'ㄒㄧㄢㄑㄧㄥㄊㄧㄥ'], commit: '先傾聽' },
  { composing: ['ㄎㄜˋ', 'ㄎㄜˋㄏㄨˋ'], commit: '客戶' },
  { composing: ['ㄉㄜ˙', 'ㄉㄜ˙ㄨㄣˋㄊㄧˊ'], commit: '的問題' },
]
export const IME_TAIL = '。'
export const IME_TEXT = `${IME_SEGMENTS.map((segment) => segment.commit).join('')}${IME_TAIL}`

function bankUnits(bank: Bank): Map<string, AnswerableUnit> {
  return new Map(
    bank.sections.flatMap((section) => section.items.flatMap(answerableUnits)).map((unit) => [unit.id, unit]),
  )
}

/**
 * A deterministic sitting with a mix of right, partly right and wrong answers, built from the bank's keys and the
 * form as delivered (order and options): the first single-choice question gets an option struck out, the first
 * multiple-choice question is flagged with the button and the first scenario with Alt+F, the last single-choice
 * and the last short-answer questions are left unanswered, and the first written answer is typed through an IME.
 */
export function planSitting(bank: Bank, exam: CandidateExam): SittingPlan {
  const units = bankUnits(bank)
  const seen: Record<CandidateUnitType, number> = { single: 0, multiple: 0, true_false: 0, short_answer: 0 }
  const all = exam.sections.flatMap((section) => section.items.map((item) => ({ item, section })))
  const lastOf = (type: CandidateItem['type']): string | undefined =>
    all.findLast(({ item }) => item.type === type)?.item.id
  const skipped = new Set([lastOf('single'), lastOf('short_answer')])
  const firstOf = (type: CandidateItem['type']): string | undefined =>
    all.find(({ item }) => item.type === type)?.item.id

  function answerFor(unitId: string, options: CandidateOption[]): UnitAnswer {
    const unit = units.get(unitId)
    if (!unit) throw new Error(`the delivered unit ${unitId} is not in the bank`)
    const n = seen[unit.type]++
    const delivered = options.map((option) => option.letter)
    switch (unit.type) {
      case 'single': {
        const wrong = delivered.find((letter) => letter !== unit.key) ?? unit.key
        return { unitId, type: 'single', letters: [n % 3 === 1 ? wrong : unit.key], options }
      }
      case 'multiple': {
        const key = delivered.filter((letter) => unit.key.includes(letter))
        const extra = delivered.find((letter) => !unit.key.includes(letter))
        const letters = n % 3 === 0 ? key : n % 3 === 1 ? key.slice(0, 1) : [...key, ...(extra ? [extra] : [])]
        return { unitId, type: 'multiple', letters, options }
      }
      case 'true_false':
        return { unitId, type: 'true_false', value: n % 2 === 0 ? unit.key : !unit.key }
      case 'short_answer':
        return n === 0
          ? { unitId, type: 'short_answer', text: IME_TEXT, ime: IME_SEGMENTS }
          : { unitId, type: 'short_answer', text: `第${String(n + 1)}份作答：先確認客戶需求，再說明處理進度。` }
    }
  }

  const steps = all.map(({ item, section }): ItemStep => {
    const step: ItemStep = { item, sectionTitle: section.title, sectionSize: section.items.length, answers: [] }
    if (!skipped.has(item.id)) {
      const parts = item.type === 'scenario' ? item.parts : [{ id: item.id, options: item.options }]
      step.answers = parts.map((part) => answerFor(part.id, part.options))
    }
    if (item.id === firstOf('multiple')) step.flag = 'button'
    if (item.id === firstOf('scenario')) step.flag = 'shortcut'
    const first = step.answers[0]
    if (item.id === firstOf('single') && first?.type === 'single')
      step.strikeOut = item.options.find((option) => !first.letters.includes(option.letter))?.letter
    return step
  })

  return {
    steps,
    responses: plannedResponses(steps),
    flagged: steps.filter((step) => step.flag !== undefined),
    unanswered: steps.filter((step) => step.answers.length === 0),
  }
}

/** What the core should hold after these steps: by unit id and ORIGINAL option letters. */
export function plannedResponses(steps: readonly ItemStep[]): Record<string, CandidateResponse> {
  const value = (answer: UnitAnswer): CandidateResponse =>
    answer.type === 'single'
      ? (answer.letters[0] ?? null)
      : answer.type === 'multiple'
        ? answer.letters
        : answer.type === 'true_false'
          ? answer.value
          : answer.text
  return Object.fromEntries(steps.flatMap((step) => step.answers).map((answer) => [answer.unitId, value(answer)]))
}

/** The first answered question of each item type, in exam order: a short tour that still meets every type. */
export function firstAnsweredOfEachType(plan: SittingPlan): ItemStep[] {
  const seen = new Set<string>()
  return plan.steps.filter((step) => {
    if (step.answers.length === 0 || seen.has(step.item.type)) return false
    seen.add(step.item.type)
    return true
  })
}

import { z } from 'zod'
import { itemMaxPoints } from '../bank/bankTotals'
import type { Bank, Item } from '../bank/schema'
import type { AnswerableUnit } from './answerableUnits'
import type { DeliveryForm } from './deliveryForm'

/**
 * The candidate-safe view of an exam: the ONLY exam data the renderer ever receives. It is built by picking the
 * allowed fields, never by deleting forbidden ones, so a field added to the bank later (a key, a note) stays out
 * unless someone adds it here on purpose. The strict schema turns any stray field into an error.
 */
const candidateOptionSchema = z.strictObject({
  /** The ORIGINAL option letter: what a response stores. The UI labels options by position (A, B, C...). */
  letter: z.string().regex(/^[A-Z]$/),
  text: z.string(),
})

const unitShape = {
  id: z.string().min(1),
  stem: z.string(),
  points: z.number().nonnegative(),
  /** In display order; empty for true/false and short answers. */
  options: z.array(candidateOptionSchema),
}

export const candidatePartSchema = z.strictObject({
  ...unitShape,
  type: z.enum(['single', 'multiple', 'true_false', 'short_answer']),
})

export const candidateItemSchema = z.strictObject({
  ...unitShape,
  type: z.enum(['single', 'multiple', 'true_false', 'short_answer', 'scenario']),
  /** Position within the section as delivered, from 1 (the papers number each section from 1). */
  number: z.number().int().positive(),
  /** A scenario's points are the sum of its parts. */
  parts: z.array(candidatePartSchema),
})

export const candidateSectionSchema = z.strictObject({
  id: z.string().min(1),
  title: z.string(),
  items: z.array(candidateItemSchema),
})

export const candidateExamSchema = z.strictObject({
  id: z.string().min(1),
  title: z.string(),
  language: z.string(),
  duration_minutes: z.number().int().positive(),
  instructions: z.string().optional(),
  sections: z.array(candidateSectionSchema),
})

export type CandidateExam = z.infer<typeof candidateExamSchema>
export type CandidateItem = z.infer<typeof candidateItemSchema>
export type CandidatePart = z.infer<typeof candidatePartSchema>

export class CandidateViewError extends Error {
  override readonly name = 'CandidateViewError'
  readonly code = 'FORM_DOES_NOT_MATCH_BANK'
}

function optionsOf(unit: AnswerableUnit, form: DeliveryForm): CandidatePart['options'] {
  if (unit.type !== 'single' && unit.type !== 'multiple') return []
  const order = form.options[unit.id]
  if (!order) throw new CandidateViewError(`the form has no option order for ${unit.id}`)
  return order.map((letter) => {
    const text = Object.hasOwn(unit.options, letter) ? unit.options[letter] : undefined
    if (text === undefined) throw new CandidateViewError(`${unit.id} has no option ${letter}`)
    return { letter, text }
  })
}

const partView = (part: AnswerableUnit, form: DeliveryForm): CandidatePart => ({
  id: part.id,
  type: part.type,
  stem: part.stem,
  points: part.points,
  options: optionsOf(part, form),
})

function itemView(item: Item, number: number, form: DeliveryForm): CandidateItem {
  const common = { id: item.id, number, stem: item.stem, points: itemMaxPoints(item) }
  if (item.type === 'scenario') {
    return { ...common, type: item.type, options: [], parts: item.parts.map((part) => partView(part, form)) }
  }
  return { ...common, type: item.type, options: optionsOf(item, form), parts: [] }
}

/** The exam as the candidate sees it, in the form's order. Throws CandidateViewError if the form is not this bank's. */
export function buildCandidateView(bank: Bank, form: DeliveryForm): CandidateExam {
  if (form.sections.length !== bank.sections.length)
    throw new CandidateViewError('the form does not cover every section of the bank')
  const sections = form.sections.map((formSection) => {
    const section = bank.sections.find((candidate) => candidate.id === formSection.id)
    if (!section || section.items.length !== formSection.items.length) {
      throw new CandidateViewError(`the form's section ${formSection.id} does not match the bank`)
    }
    const items = formSection.items.map((itemId, index) => {
      const item = section.items.find((candidate) => candidate.id === itemId)
      if (!item) throw new CandidateViewError(`section ${section.id} has no item ${itemId}`)
      return itemView(item, index + 1, form)
    })
    return { id: section.id, title: section.title, items }
  })
  const view = {
    id: bank.id,
    title: bank.title,
    language: bank.language,
    duration_minutes: bank.duration_minutes,
    ...(bank.instructions === undefined ? {} : { instructions: bank.instructions }),
    sections,
  }
  return candidateExamSchema.parse(view)
}

import { z } from 'zod'
import { itemMaxPoints } from '../bank/bankTotals'
import type { Bank, Item } from '../bank/schema'
import { renderRichBlock, renderRichInline } from '../bank/richText/richMarkdown'
import type { ImageSource } from '../bank/richText/richMarkdown'
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
  /** The text rendered from Markdown by the core (markdown banks only); the renderer shows it instead of text. */
  html: z.string().optional(),
})

const unitShape = {
  id: z.string().min(1),
  stem: z.string(),
  /** The stem rendered from Markdown by the core (markdown banks only); the renderer shows it instead of stem. */
  stemHtml: z.string().optional(),
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

/** How texts become HTML: undefined for a plain bank, whose texts are never read as Markdown. */
interface RichText {
  block: (source: string) => string
  inline: (source: string) => string
}

function richTextOf(bank: Bank, imageSource: ImageSource | undefined): RichText | undefined {
  if (bank.text_format !== 'markdown') return undefined
  const options = imageSource ? { imageSource } : {}
  return { block: (source) => renderRichBlock(source, options), inline: (source) => renderRichInline(source, options) }
}

const stemOf = (stem: string, rich: RichText | undefined): { stem: string; stemHtml?: string } =>
  rich ? { stem, stemHtml: rich.block(stem) } : { stem }

function optionsOf(unit: AnswerableUnit, form: DeliveryForm, rich?: RichText): CandidatePart['options'] {
  if (unit.type !== 'single' && unit.type !== 'multiple') return []
  const order = form.options[unit.id]
  if (!order) throw new CandidateViewError(`the form has no option order for ${unit.id}`)
  return order.map((letter) => {
    const text = Object.hasOwn(unit.options, letter) ? unit.options[letter] : undefined
    if (text === undefined) throw new CandidateViewError(`${unit.id} has no option ${letter}`)
    return rich ? { letter, text, html: rich.inline(text) } : { letter, text }
  })
}

const partView = (part: AnswerableUnit, form: DeliveryForm, rich: RichText | undefined): CandidatePart => ({
  id: part.id,
  type: part.type,
  ...stemOf(part.stem, rich),
  points: part.points,
  options: optionsOf(part, form, rich),
})

function itemView(item: Item, number: number, form: DeliveryForm, rich: RichText | undefined): CandidateItem {
  const common = { id: item.id, number, ...stemOf(item.stem, rich), points: itemMaxPoints(item) }
  if (item.type === 'scenario') {
    return { ...common, type: item.type, options: [], parts: item.parts.map((part) => partView(part, form, rich)) }
  }
  return { ...common, type: item.type, options: optionsOf(item, form, rich), parts: [] }
}

/**
 * The exam as the candidate sees it, in the form's order. Throws CandidateViewError if the form is not this bank's.
 * A markdown bank's texts are rendered here, from the stem and option texts only (never keys or explanations);
 * `imageSource` says where the station serves each image the bank refers to.
 */
export function buildCandidateView(bank: Bank, form: DeliveryForm, imageSource?: ImageSource): CandidateExam {
  const rich = richTextOf(bank, imageSource)
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
      return itemView(item, index + 1, form, rich)
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

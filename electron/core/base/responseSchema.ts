import { z } from 'zod'

/**
 * What a candidate's answer may look like. Scenario parts are answered by their own part ids, so there is no scenario
 * shape. `null` clears an answer (a revision that says "no answer", which is not the same as never answering).
 */
export const MAX_TEXT_RESPONSE_CHARS = 20_000

const letter = z.string().regex(/^[A-Z]$/, 'option letters are single capitals A-Z')

/** A set of option letters: a multiple-choice answer, or the options a candidate struck out. */
export const optionLettersSchema = z
  .array(letter)
  .max(26)
  .refine((letters) => new Set(letters).size === letters.length, 'each option may be listed once')

const shapes = {
  single: letter,
  multiple: optionLettersSchema,
  true_false: z.boolean(),
  short_answer: z
    .string()
    .max(MAX_TEXT_RESPONSE_CHARS, `answers are at most ${String(MAX_TEXT_RESPONSE_CHARS)} characters`),
}
export type ResponseKind = keyof typeof shapes

export const RESPONSE_KINDS = Object.keys(shapes) as ResponseKind[]

/** Any well-formed response, when the item's kind is not known to the caller. */
export const responseSchema = z.union([shapes.true_false, shapes.multiple, shapes.short_answer, z.null()])
export type CandidateResponse = z.infer<typeof responseSchema>

// Built once: the save path asks for one of these on every answer.
const nullableShapes = {
  single: shapes.single.nullable(),
  multiple: shapes.multiple.nullable(),
  true_false: shapes.true_false.nullable(),
  short_answer: shapes.short_answer.nullable(),
}
export const responseSchemaFor = (kind: ResponseKind) => nullableShapes[kind]

/** Multiple-choice answers are stored in letter order, so the same choice always has the same bytes. */
export const normalizeResponse = (response: CandidateResponse): CandidateResponse =>
  Array.isArray(response) ? [...response].sort() : response

/** Ids in a bank (the bank's own, its items' and its scenario parts') follow one pattern. */
export const bankIdSchema = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'item ids use letters, digits, ".", "_" and "-"')

/** An answerable unit's id: a plain item's, or a scenario part's (what the API and the renderer call `unitId`). */
export const unitIdSchema = bankIdSchema

import { z } from 'zod'
import type { CandidateResponse } from '../base/responseSchema'

/**
 * What grading reads and writes. Responses are the session's own shape (session/responseSchema): by ORIGINAL option
 * letters, a letter (single), letters (multiple), a boolean (true/false) or text (short answer); null when cleared.
 */
export type ResponseValue = CandidateResponse

/** A grader's mark for a short answer (or a short-answer scenario part). */
export const manualScoreSchema = z.strictObject({
  score: z.number().finite().nonnegative(),
  grader: z.string().trim().min(1),
  at: z.iso.datetime(),
  comment: z.string().optional(),
})
export type ManualScore = z.infer<typeof manualScoreSchema>

const pointsSchema = z.number().finite().nonnegative()

/** One answerable unit: a plain item, or one part of a scenario. */
export const unitScoreSchema = z.strictObject({
  id: z.string().min(1),
  points: pointsSchema,
  max: pointsSchema,
  method: z.enum(['auto', 'manual']),
  status: z.enum(['scored', 'pending_manual', 'unanswered']),
})
export type UnitScore = z.infer<typeof unitScoreSchema>

export const sectionScoreSchema = z.strictObject({
  id: z.string().min(1),
  points: pointsSchema,
  max: pointsSchema,
  pending: z.number().int().nonnegative(),
})
export type SectionScore = z.infer<typeof sectionScoreSchema>

export const gradingResultSchema = z.strictObject({
  units: z.array(unitScoreSchema),
  sections: z.array(sectionScoreSchema),
  total: pointsSchema,
  max: pointsSchema,
  /** Units still waiting for a grader. */
  pending: z.number().int().nonnegative(),
  /** From the bank; null when the bank sets none. */
  pass_mark: pointsSchema.nullable(),
  /** Null while anything is pending or when there is no pass mark: a verdict on a partial score would mislead. */
  passed: z.boolean().nullable(),
})
export type GradingResult = z.infer<typeof gradingResultSchema>

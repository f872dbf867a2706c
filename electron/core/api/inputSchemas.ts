import { z } from 'zod'
import { optionLettersSchema, unitIdSchema } from '../base/responseSchema'
import { candidateSchema } from '../session/sessionInputs'
import type { ApiMethod } from './contract'
import type { BoundaryInput } from './handlerContext'
import { ApiFailure } from './apiErrors'
import { adminSchemas, proctorSchemas } from './staffSchemas'

/**
 * What each API method accepts: the one parse of each input. Everything arriving over IPC or HTTP is untrusted:
 * objects are strict (a stray field is an error, not ignored), ids follow the bank's id pattern and text has a
 * length limit. An answer's response is the one exception: its shape depends on the unit's kind, which only the
 * session's form knows, so the saveAnswer handler parses it there, once.
 */
const noInput = z.strictObject({})

export const inputSchemas: { readonly [M in ApiMethod]: z.ZodType<BoundaryInput<M>> } = {
  'station.status': noInput,
  'station.roomNotices': noInput,
  'session.checkIn': candidateSchema,
  'session.current': noInput,
  'session.acknowledgeRules': noInput,
  'session.saveAnswer': z.strictObject({ unitId: unitIdSchema, response: z.unknown() }),
  'session.setFlag': z.strictObject({ unitId: unitIdSchema, flagged: z.boolean() }),
  // The handler checks the unit and its letters against the delivered form.
  'session.setStruckOptions': z.strictObject({ unitId: unitIdSchema, letters: optionLettersSchema }),
  'session.navigate': z.strictObject({ unitId: unitIdSchema }),
  'session.tick': noInput,
  'session.submit': noInput,
  ...proctorSchemas,
  ...adminSchemas,
}

export const isApiMethod = (method: string): method is ApiMethod => Object.hasOwn(inputSchemas, method)

/** zod's first issue as one line naming the field, e.g. "unitId: item ids use letters, digits...". */
export function describeIssue(error: z.ZodError, field?: string): string {
  const issue = error.issues[0]
  if (!issue) return 'the input is invalid'
  const path = field === undefined ? issue.path : [field, ...issue.path]
  const where = path.length > 0 ? path.join('.') : 'input'
  return `${where}: ${issue.message}`
}

/** Parses one field of an input the boundary left to its handler; failures read as the boundary's do. */
export function parseField<T>(field: string, schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw new ApiFailure('VALIDATION_FAILED', describeIssue(parsed.error, field))
  return parsed.data
}

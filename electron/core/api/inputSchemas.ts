import { z } from 'zod'
import { itemIdSchema, optionLettersSchema, responseSchema } from '../base/responseSchema'
import { candidateSchema } from '../session/sessionInputs'
import type { ApiInput, ApiMethod } from './contract'
import { adminSchemas, proctorSchemas } from './staffSchemas'

/**
 * What each API method accepts. Everything arriving over IPC or HTTP is untrusted: objects are strict (a stray field
 * is an error, not ignored), ids follow the bank's id pattern, text has a length limit, and responses have one of
 * the shapes a response can take. The session service re-checks a response against the item's own kind.
 */
const noInput = z.strictObject({})

export const inputSchemas: { readonly [M in ApiMethod]: z.ZodType<ApiInput<M>> } = {
  'station.status': noInput,
  'session.checkIn': candidateSchema,
  'session.current': noInput,
  'session.acknowledgeRules': noInput,
  'session.saveAnswer': z.strictObject({ unitId: itemIdSchema, response: responseSchema }),
  'session.setFlag': z.strictObject({ unitId: itemIdSchema, flagged: z.boolean() }),
  // The handler checks the unit and its letters against the delivered form.
  'session.setStruckOptions': z.strictObject({ unitId: itemIdSchema, letters: optionLettersSchema }),
  'session.navigate': z.strictObject({ unitId: itemIdSchema }),
  'session.tick': noInput,
  'session.submit': noInput,
  ...proctorSchemas,
  ...adminSchemas,
}

export const isApiMethod = (method: string): method is ApiMethod => Object.hasOwn(inputSchemas, method)

/** zod's first issue as one line naming the field, e.g. "unitId: item ids use letters, digits...". */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'the input is invalid'
  const where = issue.path.length > 0 ? issue.path.join('.') : 'input'
  return `${where}: ${issue.message}`
}

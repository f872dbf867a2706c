import { z } from 'zod'
import { canonicalJson } from '../base/canonicalJson'
import type { JsonValue } from '../base/jsonValue'
import { SessionError } from '../base/sessionErrors'

/** Validation of everything the service accepts from API handlers; failures become VALIDATION_FAILED. */
export const accommodationsSchema = z.strictObject({
  extraPercent: z.number().finite().min(0).max(400).optional(),
  extraMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .optional(),
})

export const createSessionSchema = z.strictObject({
  examId: z.string().min(1).max(200),
  packageHash: z.string().regex(/^[0-9a-f]{64}$/, 'packageHash is a SHA-256 in lower-case hex'),
  formSeed: z.string().min(1).max(200),
  durationMs: z
    .number()
    .int()
    .positive()
    .max(24 * 60 * 60_000),
  accommodations: accommodationsSchema.optional(),
})

export const candidateSchema = z.strictObject({
  candidateId: z.string().trim().min(1).max(200),
  name: z.string().trim().min(1).max(500),
})

/**
 * Proctor extensions give back time a disruption took (a fire alarm, a power cut, a station swapped): together they
 * add at most 240 minutes to one session, whoever grants them (the proctor panel or the room). Testing centers
 * reschedule a sitting disrupted for longer than that rather than keep a candidate for a second working day, and
 * extra time planned for a candidate is an accommodation set at the start (accommodationsSchema), not an extension.
 */
export const MAX_EXTENSION_MINUTES = 240

/** "extension must be 1–N minutes": the message a refusal shows beside the minutes field. */
export const extensionRangeMessage = (max: number): string => `extension must be 1–${String(max)} minutes`

/** One extension's minutes, as both the API boundary and the session service check them. */
export const extensionMinutesSchema = z
  .number()
  .int(extensionRangeMessage(MAX_EXTENSION_MINUTES))
  .min(1, extensionRangeMessage(MAX_EXTENSION_MINUTES))
  .max(MAX_EXTENSION_MINUTES, extensionRangeMessage(MAX_EXTENSION_MINUTES))

export const extensionSchema = z.strictObject({
  minutes: extensionMinutesSchema,
  reason: z.string().trim().min(1, 'an extension needs a reason').max(1000),
})

export const submitReasonSchema = z.enum(['candidate', 'proctor', 'time_up'])
export const submitNoteSchema = z.string().trim().min(1).max(1000)

const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number().finite(),
    z.boolean(),
    z.null(),
    z.array(jsonValue),
    z.record(z.string(), jsonValue),
  ]),
)
const MAX_INCIDENT_BYTES = 4096
export const incidentDataSchema = z
  .record(z.string(), jsonValue)
  .refine(
    (data) => canonicalJson(data).length <= MAX_INCIDENT_BYTES,
    `incident data is at most ${String(MAX_INCIDENT_BYTES)} characters`,
  )

export const exportedSchema = z.strictObject({
  bundleSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  /** The bundle's event count and head: what of the log it carries (session/exportCoverage). */
  events: z.number().int().positive().optional(),
  head: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
})

/** Parses or throws VALIDATION_FAILED with zod's first issue, located. */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : ''
  throw new SessionError('VALIDATION_FAILED', `${what}${where}: ${issue?.message ?? 'invalid'}`, { what })
}

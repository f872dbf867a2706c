import { z } from 'zod'
import { bankTotal } from '../bank/bankTotals'
import type { BankProblem } from '../bank/locate'
import { DURATION_TOO_LONG, MAX_DURATION_MINUTES, MAX_POINTS, multipleScoring } from '../bank/schema'
import type { Bank } from '../bank/schema'
import { parseResultEncryptionKey, RESULT_ENCRYPTION_PUBLIC_KEY_FILE } from './resultEncryptionKey'

/**
 * Delivery settings as an exam authority writes them (YAML or JSON). Every key is optional: an empty file
 * delivers the bank as it stands.
 */
export const packageSettingsSchema = z.strictObject({
  duration_minutes: z
    .number()
    .max(MAX_DURATION_MINUTES, { error: DURATION_TOO_LONG, abort: true })
    .int('duration_minutes must be a whole number of minutes')
    .positive('duration_minutes must be above zero')
    .optional()
    .describe("Exam length in minutes; default: the bank's duration_minutes."),
  accommodations_allowed: z
    .boolean()
    .optional()
    .describe('Whether a proctor may grant extra time or other accommodations; default true.'),
  shuffle: z
    .strictObject({ items: z.boolean().optional(), options: z.boolean().optional() })
    .optional()
    .describe("Overrides every section's shuffle policy; a key left out keeps each section's own setting."),
  multiple_scoring: multipleScoring.optional().describe("Overrides the bank's rule for every multiple-choice item."),
  pass_mark: z
    .number()
    .finite()
    .nonnegative('pass_mark must be zero or more')
    .max(MAX_POINTS, `pass_mark must be at most ${String(MAX_POINTS)}`)
    .optional()
    .describe("Overrides the bank's pass_mark."),
  result_encryption_key: z
    .string()
    .superRefine((pem, ctx) => {
      const parsed = parseResultEncryptionKey(pem)
      // The hint rides in params: the settings loader shows it under the located error.
      if ('problem' in parsed)
        ctx.addIssue({ code: 'custom', message: parsed.problem.message, params: { hint: parsed.problem.hint } })
    })
    .optional()
    .describe(
      `The exam authority's X25519 public key (SPKI PEM, ${RESULT_ENCRYPTION_PUBLIC_KEY_FILE}); stations export result bundles encrypted to it (.jwe).`,
    ),
})
export type PackageSettings = z.input<typeof packageSettingsSchema>

/** The settings a package carries: the two defaults filled in, the overrides present only where the authority set them. */
export const deliverySettingsSchema = packageSettingsSchema.required({
  duration_minutes: true,
  accommodations_allowed: true,
})
export type DeliverySettings = z.infer<typeof deliverySettingsSchema>

export const SETTINGS_KEYS = Object.keys(packageSettingsSchema.shape)
export const SHUFFLE_KEYS = Object.keys(packageSettingsSchema.shape.shuffle.unwrap().shape)

/**
 * Fills in the defaults from the bank and checks the settings against it. Returns problems, not exceptions, so
 * the settings loader can locate them in the file.
 */
export function resolveDeliverySettings(
  bank: Bank,
  settings: z.infer<typeof packageSettingsSchema>,
): { settings: DeliverySettings; problems: BankProblem[] } {
  const problems: BankProblem[] = []
  const total = bankTotal(bank)
  if (settings.pass_mark !== undefined && settings.pass_mark > total) {
    problems.push({
      severity: 'error',
      path: ['pass_mark'],
      message: `pass_mark ${settings.pass_mark} is more than the bank's total of ${total} points`,
      hint: `give a pass mark between 0 and ${total}`,
    })
  }
  return {
    settings: {
      ...settings,
      duration_minutes: settings.duration_minutes ?? bank.duration_minutes,
      accommodations_allowed: settings.accommodations_allowed ?? true,
    },
    problems,
  }
}

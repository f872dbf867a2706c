import { z } from 'zod'

/** The bank format identifier. A change that breaks old banks gets a new number. */
export const BANK_FORMAT = 'invigil-bank/1'

// JSON Schema cannot trim, so `minLength: 1` alone would let editors accept a title of spaces that the validator
// refuses; the pattern (at least one non-space character; JS trim() and \S agree on what a space is) closes the gap.
const text = z.string().trim().min(1, 'must not be empty').meta({ pattern: '\\S' })
const id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'ids use letters, digits, ".", "_" and "-", starting with a letter or digit')
/**
 * Bounds that keep every figure derived from a bank finite and every deadline a real date: 1e308 + 1e308 points add up
 * to Infinity, which no result bundle can carry, and 2^53 minutes is no clock time. Checked when a bank is validated
 * and installed, so an installed exam can always be exported. No paper gives a question, a section or a pass mark
 * more points, and no sitting lasts longer than a day.
 */
export const MAX_POINTS = 100_000
export const MAX_DURATION_MINUTES = 24 * 60

const points = z
  .number()
  .finite()
  .nonnegative('points must be zero or more')
  .max(MAX_POINTS, `points must be at most ${String(MAX_POINTS)}`)
/** The package settings' override of duration_minutes takes the same bound, with this wording. */
export const DURATION_TOO_LONG = `duration_minutes must be at most ${String(MAX_DURATION_MINUTES)} (24 hours)`
const optionLetter = z.string().regex(/^[A-Z]$/, 'option letters are single capitals A-Z')

/** How item texts are read; `plain` keeps every bank written before Markdown exactly as it was shown. */
export const textFormat = z.enum(['plain', 'markdown'])
export type TextFormat = z.infer<typeof textFormat>

export const multipleScoring = z
  .enum(['all_or_nothing', 'partial'])
  .describe(
    'all_or_nothing: exact key only. partial: a subset of the key earns its share; any wrong option earns zero.',
  )

const partCommon = {
  id,
  stem: text,
  points,
  explanation: text.optional(),
  truncated: z
    .literal(true)
    .optional()
    .describe('The source was cut off inside this item; the item holds only what was there.'),
  notes: text.optional().describe('Authoring notes (hand edits, source remarks). Never shown to candidates.'),
}
const itemCommon = {
  ...partCommon,
  number: z.string().min(1).optional().describe('The number printed on the paper, e.g. "11".'),
}

const options = z.record(optionLetter, text).describe('Option letter to option text.')

const singleShape = { type: z.literal('single'), options, key: optionLetter }
const multipleShape = {
  type: z.literal('multiple'),
  options,
  key: z.array(optionLetter).min(1, 'a multiple-choice key names at least one option'),
  scoring: multipleScoring.optional(),
}
const trueFalseShape = { type: z.literal('true_false'), key: z.boolean() }
const shortAnswerShape = { type: z.literal('short_answer'), reference_answer: text.optional() }

export const scenarioPartSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...partCommon, ...singleShape }),
  z.strictObject({ ...partCommon, ...multipleShape }),
  z.strictObject({ ...partCommon, ...trueFalseShape }),
  z.strictObject({ ...partCommon, ...shortAnswerShape }),
])

export const itemSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...itemCommon, ...singleShape }),
  z.strictObject({ ...itemCommon, ...multipleShape }),
  z.strictObject({ ...itemCommon, ...trueFalseShape }),
  z.strictObject({ ...itemCommon, ...shortAnswerShape }),
  z.strictObject({
    ...itemCommon,
    type: z.literal('scenario'),
    parts: z.array(scenarioPartSchema).min(1, 'a scenario has at least one part'),
  }),
])

export const sectionSchema = z.strictObject({
  id,
  title: text,
  declared: z
    .strictObject({
      count: z.number().int().nonnegative().optional(),
      points_each: points.optional(),
      total: points.optional(),
    })
    .optional()
    .describe('Counts and points as the paper states them; checked against the items, never used for grading.'),
  shuffle: z
    .strictObject({ items: z.boolean().default(false), options: z.boolean().default(false) })
    .optional()
    .describe('Shuffle policy for delivery; off unless set.'),
  items: z.array(itemSchema).min(1, 'a section has at least one item'),
})

export const bankSchema = z.strictObject({
  $schema: z.string().optional(),
  format: z.literal(BANK_FORMAT, { error: `format must be "${BANK_FORMAT}"` }),
  id,
  title: text,
  language: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'language must be a BCP 47 tag such as zh-Hant, zh-Hans or en'),
  // The bound first, and final: .int() would also report 2^53 as past the largest safe integer.
  duration_minutes: z
    .number()
    .max(MAX_DURATION_MINUTES, { error: DURATION_TOO_LONG, abort: true })
    .int()
    .positive('duration_minutes must be a whole number above zero'),
  pass_mark: points.optional().describe('Points needed to pass, out of the bank total.'),
  multiple_scoring: multipleScoring
    .optional()
    .describe('Default rule for multiple-choice items; all_or_nothing if unset.'),
  text_format: textFormat
    .optional()
    .describe(
      'plain (the default): texts are shown as written. markdown: stems, case texts, parts, options and explanations may use emphasis, lists, tables, fenced code, $math$ / $$math$$ and images ![alt](path beside the bank).',
    ),
  instructions: text.optional(),
  source: z
    .strictObject({
      file: z.string().optional(),
      description: text.optional(),
      truncated: z.boolean().optional(),
      notes: text.optional(),
    })
    .optional(),
  sections: z.array(sectionSchema).min(1, 'a bank has at least one section'),
})

export type Bank = z.infer<typeof bankSchema>
export type Section = z.infer<typeof sectionSchema>
export type Item = z.infer<typeof itemSchema>
export type ScenarioPart = z.infer<typeof scenarioPartSchema>
export type ItemType = Item['type']
export type MultipleScoring = z.infer<typeof multipleScoring>
export const ITEM_TYPES = [
  'single',
  'multiple',
  'true_false',
  'short_answer',
  'scenario',
] as const satisfies readonly ItemType[]

import { z } from 'zod'
import { bankSchema, multipleScoring, sectionSchema } from '../../schema'

/**
 * Facts of an Invigil bank that QTI has no element for (authoring notes, truncation marks, the declared counts a
 * paper prints, the pass mark, whether texts are Markdown, a scenario's own points). The export writes them as JSON in one extension element
 * of the manifest's metadata, which IMS content packaging allows and other tools ignore; the import reads them
 * back, so a bank survives bank -> QTI -> bank unchanged. Everything QTI can say (text, keys, points, shuffle,
 * duration, language) travels in QTI itself.
 */
export const FACTS_NAMESPACE = 'urn:invigil:bank-facts:1'
export const FACTS_ELEMENT = 'bank-facts'

const text = z.string().min(1)
export const bankFactsSchema = z.strictObject({
  bank: z
    .strictObject({
      $schema: z.string().optional(),
      pass_mark: bankSchema.shape.pass_mark,
      multiple_scoring: multipleScoring.optional(),
      text_format: bankSchema.shape.text_format,
      instructions: text.optional(),
      source: bankSchema.shape.source,
    })
    .optional(),
  sections: z
    .record(
      z.string(),
      z.strictObject({ declared: sectionSchema.shape.declared, shuffle: sectionSchema.shape.shuffle }),
    )
    .optional(),
  /** By QTI identifier: every exported item (and part) has an entry, so "no scoring" is known to be deliberate. */
  items: z
    .record(
      z.string(),
      z.strictObject({
        scoring: multipleScoring.optional(),
        truncated: z.literal(true).optional(),
        notes: text.optional(),
      }),
    )
    .optional(),
  /** By stimulus identifier. */
  scenarios: z
    .record(
      z.string(),
      z.strictObject({
        points: z.number().optional(),
        explanation: text.optional(),
        truncated: z.literal(true).optional(),
        notes: text.optional(),
      }),
    )
    .optional(),
})
export type BankFacts = z.infer<typeof bankFactsSchema>

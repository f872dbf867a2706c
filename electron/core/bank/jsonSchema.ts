import { z } from 'zod'
import { BANK_FORMAT, bankSchema } from './schema'

export const BANK_JSON_SCHEMA_FILE = 'banks/invigil-bank.schema.json'

/**
 * The bank format as JSON Schema, for editors (YAML language server, VS Code) to complete and check banks as they
 * are typed. Generated from the zod schema so the two never disagree; `io: 'input'` because authors write the input
 * form (defaults may be left out). The validator stays the authority: JSON Schema cannot express the semantic checks.
 */
export function bankJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(bankSchema, { io: 'input' })
  return {
    $schema,
    $id: `urn:invigil:schema:${BANK_FORMAT}`,
    title: `Invigil question bank (${BANK_FORMAT})`,
    description:
      'An exam paper for Invigil: sections of single, multiple, true_false, short_answer and scenario items. Check a bank with `invigil bank validate FILE`.',
    ...rest,
  }
}

/** The committed file's exact text: pretty-printed, newline-terminated, the same on every run. */
export const bankJsonSchemaText = (): string => `${JSON.stringify(bankJsonSchema(), null, 2)}\n`

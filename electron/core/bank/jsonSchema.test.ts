import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import Ajv2020 from 'ajv/dist/2020'
import { describe, expect, it } from 'vitest'
import { BANK_JSON_SCHEMA_FILE, bankJsonSchema, bankJsonSchemaText } from './jsonSchema'
import { bankSchema } from './schema'

describe('bank JSON Schema', () => {
  it('the committed file is what the zod schema generates now (run `npm run bank:schema` after a schema change)', () => {
    const committed = readFileSync(resolve(import.meta.dirname, '../../..', BANK_JSON_SCHEMA_FILE), 'utf8')
    expect(committed).toBe(bankJsonSchemaText())
  })

  it('describes the input form: required keys, no unknown keys, defaults optional', () => {
    const schema = bankJsonSchema() as {
      $id: string
      required: string[]
      additionalProperties: boolean
      properties: Record<string, unknown>
    }
    expect(schema.$id).toBe('urn:invigil:schema:invigil-bank/1')
    expect(schema.required).toEqual(['format', 'id', 'title', 'language', 'duration_minutes', 'sections'])
    expect(schema.additionalProperties).toBe(false)
    // shuffle.items and shuffle.options have defaults, so an author may leave them out.
    const sections = schema.properties.sections as { items: { properties: { shuffle: { required?: string[] } } } }
    expect(sections.items.properties.shuffle.required).toBeUndefined()
  })

  it('refuses a whitespace-only title or stem, as the validator does (JSON Schema cannot trim)', () => {
    const validate = new Ajv2020({ strict: false }).compile(bankJsonSchema())
    const bank = (title: string, stem: string) => ({
      format: 'invigil-bank/1',
      id: 'b',
      title,
      language: 'en',
      duration_minutes: 10,
      sections: [{ id: 's', title: 'S', items: [{ id: 'q', type: 'true_false', stem, points: 1, key: true }] }],
    })
    expect(validate(bank(' Title ', 'Stem?')), JSON.stringify(validate.errors)).toBe(true)
    for (const blank of [' ', '\t\n', '\u3000', '\u00a0']) {
      for (const candidate of [bank(blank, 'Stem?'), bank('Title', blank)]) {
        expect(bankSchema.safeParse(candidate).success).toBe(false)
        expect(validate(candidate)).toBe(false)
        expect(validate.errors?.map((e) => e.keyword)).toContain('pattern')
      }
    }
  })
})

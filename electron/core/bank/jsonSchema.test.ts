import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BANK_JSON_SCHEMA_FILE, bankJsonSchema, bankJsonSchemaText } from './jsonSchema'

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
})

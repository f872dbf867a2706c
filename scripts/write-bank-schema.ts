// Regenerates banks/invigil-bank.schema.json from the zod schema (npm run bank:schema); a test keeps it current.
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { BANK_JSON_SCHEMA_FILE, bankJsonSchemaText } from '../electron/core/bank/jsonSchema'

const target = resolve(import.meta.dirname, '..', BANK_JSON_SCHEMA_FILE)
writeFileSync(target, bankJsonSchemaText())
console.log(`wrote ${BANK_JSON_SCHEMA_FILE}`)

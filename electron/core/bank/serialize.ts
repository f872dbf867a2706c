import { stringify } from 'yaml'
import type { Bank } from './schema'

/** Points the YAML language server at the bank JSON Schema written beside the banks. */
export const BANK_SCHEMA_COMMENT = '# yaml-language-server: $schema=./invigil-bank.schema.json'

// Reading order for authors: identity first, then delivery facts, then content; within an item the question
// comes before its answer, and authoring remarks last.
const BANK_KEYS = [
  '$schema',
  'format',
  'id',
  'title',
  'language',
  'duration_minutes',
  'pass_mark',
  'multiple_scoring',
  'instructions',
  'source',
  'sections',
]
const SECTION_KEYS = ['id', 'title', 'declared', 'shuffle', 'items']
const ITEM_KEYS = [
  'id',
  'number',
  'type',
  'stem',
  'points',
  'options',
  'key',
  'scoring',
  'reference_answer',
  'explanation',
  'parts',
  'truncated',
  'notes',
]

type Plain = Record<string, unknown>

/** A copy with the listed keys first, in that order, and any other keys after them as they were. */
function ordered(value: Plain, keys: readonly string[]): Plain {
  const out: Plain = {}
  for (const key of keys) if (value[key] !== undefined) out[key] = value[key]
  for (const [key, entry] of Object.entries(value)) if (!(key in out) && entry !== undefined) out[key] = entry
  return out
}

const orderedItem = (item: object): Plain => {
  const out = ordered(item as Plain, ITEM_KEYS)
  if (Array.isArray(out.parts)) out.parts = out.parts.map((part: object) => ordered(part as Plain, ITEM_KEYS))
  return out
}

/** The bank as the YAML file an author edits: stable key order, long lines kept whole, schema hint on top. */
export function bankToYaml(bank: Bank): string {
  const plain = ordered(bank, BANK_KEYS)
  plain.sections = bank.sections.map((section) => {
    const out = ordered(section, SECTION_KEYS)
    out.items = section.items.map(orderedItem)
    return out
  })
  return `${BANK_SCHEMA_COMMENT}\n${stringify(plain, { lineWidth: 0 })}`
}

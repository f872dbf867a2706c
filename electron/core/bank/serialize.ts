import { Document, visit } from 'yaml'
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
  'text_format',
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

// Plain scalars a YAML 1.1 reader (PyYAML, and tools built on it) resolves to something other than a string: the
// 1.1 booleans (y, n, yes, on, off ...), nulls, base-2/8/16 and sexagesimal integers, floats with `_` or `:`,
// timestamps, and the merge and value keys. The writer already quotes what a YAML 1.2 reader would misread.
const YAML11_NON_STRING: readonly RegExp[] = [
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:~|null|Null|NULL|)$/,
  /^[-+]?(?:0b[01_]+|0[0-7_]+|(?:0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_.]*(?:[eE][-+]?[0-9]+)?$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$/,
  /^(?:<<|=)$/,
]

/** True when a YAML 1.1 reader would not read `text`, written unquoted, back as that string. */
export const misreadByYaml11 = (text: string): boolean => YAML11_NON_STRING.some((pattern) => pattern.test(text))

/**
 * The bank as the YAML file an author edits: stable key order, long lines kept whole, schema hint on top. Strings a
 * YAML 1.1 reader would take for a boolean, number, null or date (an option `N`, an answer `yes` or `1:20`) are
 * quoted, so a bank reads the same in every YAML tool, not only in YAML 1.2 ones like ours.
 */
export function bankToYaml(bank: Bank): string {
  const plain = ordered(bank, BANK_KEYS)
  plain.sections = bank.sections.map((section) => {
    const out = ordered(section, SECTION_KEYS)
    out.items = section.items.map(orderedItem)
    return out
  })
  const doc = new Document(plain)
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && misreadByYaml11(node.value)) node.type = 'QUOTE_DOUBLE'
    },
  })
  return `${BANK_SCHEMA_COMMENT}\n${doc.toString({ lineWidth: 0 })}`
}

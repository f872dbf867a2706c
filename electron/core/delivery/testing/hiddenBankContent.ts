import type { Bank } from '../../bank/schema'
import { answerableUnits } from '../answerableUnits'

/**
 * Test support for the no-key guarantee, shared by the candidate-view tests, the API tests over the seed banks and
 * the E2E suite: what in a bank a candidate must never receive.
 */
export const HIDDEN_FIELDS: readonly string[] = [
  'key',
  'explanation',
  'reference_answer',
  'notes',
  'source',
  'scoring',
  'pass_mark',
  'shuffle',
]

/**
 * Every explanation, reference answer and note in the bank (and its source notes) of at least `minLength`
 * characters, minus any text the paper itself shows candidates (a stem may quote a note). Short strings (option
 * letters, "true") would match innocent text; the field-name check covers those.
 */
export function hiddenTexts(bank: Bank, minLength = 1): string[] {
  const hidden = [bank.source?.file, bank.source?.description, bank.source?.notes]
  const shown: (string | undefined)[] = [bank.title, bank.instructions]
  for (const section of bank.sections) {
    shown.push(section.title)
    for (const item of section.items) {
      hidden.push(item.explanation, item.notes)
      shown.push(item.stem)
      for (const unit of answerableUnits(item)) {
        hidden.push(unit.explanation, unit.notes, unit.type === 'short_answer' ? unit.reference_answer : undefined)
        shown.push(
          unit.stem,
          ...(unit.type === 'single' || unit.type === 'multiple' ? Object.values(unit.options) : []),
        )
      }
    }
  }
  const texts = hidden.filter((text): text is string => text !== undefined && text.length >= minLength)
  return [...new Set(texts)].filter((text) => !shown.some((visible) => visible?.includes(text)))
}

/** Every property name anywhere in a JSON-like value. */
export function fieldNames(value: unknown, names = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const entry of value) fieldNames(entry, names)
  else if (value !== null && typeof value === 'object') {
    for (const [name, entry] of Object.entries(value)) {
      names.add(name)
      fieldNames(entry, names)
    }
  }
  return names
}

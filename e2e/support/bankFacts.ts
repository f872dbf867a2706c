import { loadBankFile } from '../../electron/core/bank/loadBank'
import type { Bank } from '../../electron/core/bank/schema'
import { answerableUnits } from '../../electron/core/delivery/answerableUnits'
import type { ApiExchange } from './apiLog'

/** The bank exactly as the station validates it: the source of truth for keys and expected scores. */
export async function readBank(file: string): Promise<Bank> {
  const { bank, diagnostics } = await loadBankFile(file)
  if (!bank) throw new Error(`${file} is not a valid bank: ${diagnostics.map((d) => d.message).join('; ')}`)
  return bank
}

/** Field names that carry what a candidate must never receive. */
export const HIDDEN_FIELDS = ['key', 'explanation', 'reference_answer', 'notes', 'source', 'scoring', 'pass_mark', 'shuffle'] as const

/** Shorter strings (option letters, "true") would match innocent text; the field-name check covers those. */
const MIN_HIDDEN_LENGTH = 4

/**
 * Every explanation, reference answer and note in the bank (and its source notes), minus any text the paper itself
 * shows candidates (a stem may quote a note).
 */
export function hiddenTexts(bank: Bank): string[] {
  const hidden = [bank.source?.file, bank.source?.description, bank.source?.notes]
  const shown: (string | undefined)[] = [bank.title, bank.instructions]
  for (const section of bank.sections) {
    shown.push(section.title)
    for (const item of section.items) {
      hidden.push(item.explanation, item.notes)
      shown.push(item.stem)
      for (const unit of answerableUnits(item)) {
        hidden.push(unit.explanation, unit.notes, unit.type === 'short_answer' ? unit.reference_answer : undefined)
        shown.push(unit.stem, ...(unit.type === 'single' || unit.type === 'multiple' ? Object.values(unit.options) : []))
      }
    }
  }
  const texts = hidden.filter((text): text is string => text !== undefined && text.length >= MIN_HIDDEN_LENGTH)
  return [...new Set(texts)].filter((text) => !shown.some((visible) => visible?.includes(text)))
}

function fieldNames(value: unknown, names: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const entry of value) fieldNames(entry, names)
  else if (value !== null && typeof value === 'object') {
    for (const [name, entry] of Object.entries(value)) {
      names.add(name)
      fieldNames(entry, names)
    }
  }
  return names
}

/**
 * What in the recorded API traffic would leak the bank's answers: one line per problem, empty when clean. A body
 * the browser could not give back is a problem too, since nothing can be said about it.
 */
export function leaksIn(exchanges: readonly ApiExchange[], bank: Bank): string[] {
  const texts = hiddenTexts(bank)
  const problems: string[] = []
  for (const [index, { method, body }] of exchanges.entries()) {
    const where = `response ${String(index + 1)} (${method})`
    if (body === null) {
      problems.push(`${where}: body could not be read`)
      continue
    }
    const value: unknown = JSON.parse(body)
    // Re-serialised, so text that travelled as \u escapes is compared as the characters it stands for.
    const text = JSON.stringify(value)
    const names = fieldNames(value, new Set())
    for (const field of HIDDEN_FIELDS) if (names.has(field)) problems.push(`${where}: has a field named "${field}"`)
    for (const hidden of texts) if (text.includes(hidden)) problems.push(`${where}: contains "${hidden.slice(0, 40)}…"`)
  }
  return problems
}

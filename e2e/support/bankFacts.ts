import { loadBankFile } from '../../electron/core/bank/loadBank'
import type { Bank } from '../../electron/core/bank/schema'
import { fieldNames, HIDDEN_FIELDS, hiddenTexts } from '../../electron/core/delivery/testing/hiddenBankContent'
import type { ApiExchange } from './apiLog'

/** Shorter strings (option letters, "true") would match innocent text; the field-name check covers those. */
const MIN_HIDDEN_LENGTH = 4

/** The bank's explanations, reference answers and notes long enough to search API traffic for. */
export const leakableTexts = (bank: Bank): string[] => hiddenTexts(bank, MIN_HIDDEN_LENGTH)

/** The bank exactly as the station validates it: the source of truth for keys and expected scores. */
export async function readBank(file: string): Promise<Bank> {
  const { bank, diagnostics } = await loadBankFile(file)
  if (!bank) throw new Error(`${file} is not a valid bank: ${diagnostics.map((d) => d.message).join('; ')}`)
  return bank
}

/**
 * What in the recorded API traffic would leak the bank's answers: one line per problem, empty when clean. A body
 * the browser could not give back is a problem too, since nothing can be said about it.
 */
export function leaksIn(exchanges: readonly ApiExchange[], bank: Bank): string[] {
  const texts = leakableTexts(bank)
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
    const names = fieldNames(value)
    for (const field of HIDDEN_FIELDS) if (names.has(field)) problems.push(`${where}: has a field named "${field}"`)
    for (const hidden of texts) if (text.includes(hidden)) problems.push(`${where}: contains "${hidden.slice(0, 40)}…"`)
  }
  return problems
}

import type { Bank } from '../bank/schema'
import { answerableUnits, originalLetters } from './answerableUnits'
import { seededShuffle } from './seededShuffle'

/**
 * The candidate's form: item order per section and option order per unit, derived only from the bank and a seed,
 * so a recovered session rebuilds the same form from its stored seed. Responses are stored by ORIGINAL option
 * letters; the form only says where each letter is displayed.
 */
export interface DeliveryForm {
  seed: string
  sections: FormSection[]
  /** Unit id (item or scenario part) -> its original option letters in display order. Only units with options. */
  options: Record<string, string[]>
}

export interface FormSection {
  id: string
  /** Item ids in delivery order. Scenario parts keep their order: later parts build on earlier ones. */
  items: string[]
}

/** Shuffles only where the section's policy says so; with no policy the form is the paper's own order. */
export function buildDeliveryForm(bank: Bank, seed: string): DeliveryForm {
  const options: Record<string, string[]> = {}
  const sections = bank.sections.map((section) => {
    const policy = { items: section.shuffle?.items ?? false, options: section.shuffle?.options ?? false }
    const ids = section.items.map((item) => item.id)
    for (const unit of section.items.flatMap(answerableUnits)) {
      const letters = originalLetters(unit)
      if (letters.length === 0) continue
      options[unit.id] = policy.options ? seededShuffle(letters, seed, `options:${unit.id}`) : letters
    }
    return { id: section.id, items: policy.items ? seededShuffle(ids, seed, `items:${section.id}`) : ids }
  })
  return { seed, sections, options }
}

import type { BankPath } from './locate'
import type { Bank, Item, ScenarioPart, Section } from './schema'

/**
 * Point totals as grading sees them. A scenario is worth the sum of its parts, whatever its own `points` says:
 * the parts are what a candidate answers and what gets marked.
 */

/** Sums points without binary-fraction noise (0.1 + 0.2 gives 0.3, not 0.30000000000000004). */
export function sumPoints(values: Iterable<number>): number {
  let total = 0
  for (const value of values) total += value
  return Math.round(total * 1e6) / 1e6
}

/** True when two point values are the same for any practical purpose. */
export const samePoints = (a: number, b: number): boolean => Math.abs(a - b) < 1e-6

export function itemMaxPoints(item: Item): number {
  return item.type === 'scenario' ? sumPoints(item.parts.map((part) => part.points)) : item.points
}

export function sectionTotal(section: Section): number {
  return sumPoints(section.items.map(itemMaxPoints))
}

export function bankTotal(bank: Bank): number {
  return sumPoints(bank.sections.map(sectionTotal))
}

/** Top-level items; a scenario counts once however many parts it has. */
export function bankItemCount(bank: Bank): number {
  return bank.sections.reduce((count, section) => count + section.items.length, 0)
}

/** Anything a candidate answers: an item, or a part of a scenario. */
export type Question = Item | ScenarioPart

export interface Located<T> {
  value: T
  path: BankPath
}

/** Every item and scenario part in paper order, with where it sits in the bank. */
export function questionsOf(bank: Bank): Located<Question>[] {
  return bank.sections.flatMap((section, s) =>
    section.items.flatMap((item, i): Located<Question>[] => {
      const path = ['sections', s, 'items', i]
      const parts =
        item.type === 'scenario' ? item.parts.map((part, p) => ({ value: part, path: [...path, 'parts', p] })) : []
      return [{ value: item, path }, ...parts]
    }),
  )
}

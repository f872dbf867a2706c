import type { Bank, Item, ScenarioPart, Section } from '../bank/schema'
import type { DeliverySettings } from './packageSettings'

/**
 * The bank as a station delivers it: the package's overrides folded in, so the form, the timer, the candidate view
 * and grading all read one object and cannot disagree about which rule applies. Pure; the bank is not changed.
 */
export function deliveredBank(bank: Bank, settings: DeliverySettings): Bank {
  const { multiple_scoring: scoring, shuffle, pass_mark: passMark } = settings
  const withScoring = <T extends Item | ScenarioPart>(unit: T): T =>
    unit.type === 'multiple' && scoring ? { ...unit, scoring } : unit
  const section = (s: Section): Section => ({
    ...s,
    ...(shuffle
      ? {
          shuffle: {
            items: shuffle.items ?? s.shuffle?.items ?? false,
            options: shuffle.options ?? s.shuffle?.options ?? false,
          },
        }
      : {}),
    items: s.items.map((item) =>
      item.type === 'scenario' ? { ...item, parts: item.parts.map(withScoring) } : withScoring(item),
    ),
  })
  return {
    ...bank,
    duration_minutes: settings.duration_minutes,
    ...(passMark === undefined ? {} : { pass_mark: passMark }),
    // "Overrides every multiple-choice item": the per-item rules are replaced above, the default here.
    ...(scoring ? { multiple_scoring: scoring } : {}),
    sections: bank.sections.map(section),
  }
}

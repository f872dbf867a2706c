import type { CandidateExam, CandidateItem, CandidateOption, CandidateSection, CandidateUnitType } from '@contract'

/**
 * Lookups over a delivered exam, built once per session so that navigation and the navigator never scan the
 * whole bank: everything the UI asks ("which item is this part in?", "what comes next?") is a Map hit.
 */
export interface ItemEntry {
  item: CandidateItem
  section: CandidateSection
  /** 0-based position of the section in the exam. */
  sectionIndex: number
  /** 0-based position of the item across the whole exam (the order of previous/next). */
  order: number
  /** The answerable units: the item itself, or a scenario's parts. */
  unitIds: readonly string[]
}

export interface UnitEntry {
  id: string
  type: CandidateUnitType
  stem: string
  options: readonly CandidateOption[]
  itemId: string
}

export interface ExamIndex {
  items: readonly ItemEntry[]
  itemById: ReadonlyMap<string, ItemEntry>
  unitById: ReadonlyMap<string, UnitEntry>
  unitCount: number
}

export function indexExam(exam: CandidateExam): ExamIndex {
  const items: ItemEntry[] = []
  const itemById = new Map<string, ItemEntry>()
  const unitById = new Map<string, UnitEntry>()
  exam.sections.forEach((section, sectionIndex) => {
    for (const item of section.items) {
      const units: UnitEntry[] =
        item.type === 'scenario'
          ? item.parts.map((part) => ({
              id: part.id,
              type: part.type,
              stem: part.stem,
              options: part.options,
              itemId: item.id,
            }))
          : [{ id: item.id, type: item.type, stem: item.stem, options: item.options, itemId: item.id }]
      const entry: ItemEntry = {
        item,
        section,
        sectionIndex,
        order: items.length,
        unitIds: units.map((unit) => unit.id),
      }
      items.push(entry)
      itemById.set(item.id, entry)
      for (const unit of units) unitById.set(unit.id, unit)
    }
  })
  return { items, itemById, unitById, unitCount: unitById.size }
}

/** The item a stored position points at: positions may name an item or one of a scenario's parts. */
export function itemIdAt(index: ExamIndex, position: string | null): string | null {
  if (position === null) return index.items[0]?.item.id ?? null
  return (
    index.itemById.get(position)?.item.id ?? index.unitById.get(position)?.itemId ?? index.items[0]?.item.id ?? null
  )
}

/** The item `step` places away (−1 previous, +1 next), or null at either end. */
export function neighbourOf(index: ExamIndex, itemId: string, step: -1 | 1): string | null {
  const entry = index.itemById.get(itemId)
  if (!entry) return null
  return index.items[entry.order + step]?.item.id ?? null
}

import type { BankPath } from '../locate'
import type { Bank, Item, ScenarioPart } from '../schema'

/** A text of a markdown bank that may carry Markdown, and where it sits. */
export interface RichField {
  path: BankPath
  text: string
}

function unitFields(unit: Item | ScenarioPart, path: BankPath): RichField[] {
  const fields: RichField[] = [{ path: [...path, 'stem'], text: unit.stem }]
  if (unit.explanation !== undefined) fields.push({ path: [...path, 'explanation'], text: unit.explanation })
  if (unit.type === 'single' || unit.type === 'multiple') {
    for (const [letter, text] of Object.entries(unit.options)) fields.push({ path: [...path, 'options', letter], text })
  }
  if (unit.type === 'scenario') unit.parts.forEach((part, p) => fields.push(...unitFields(part, [...path, 'parts', p])))
  return fields
}

/** Stems, case texts, parts, options and explanations: every text Markdown applies to; none for a plain bank. */
export function richFields(bank: Bank): RichField[] {
  if (bank.text_format !== 'markdown') return []
  return bank.sections.flatMap((section, s) =>
    section.items.flatMap((item, i) => unitFields(item, ['sections', s, 'items', i])),
  )
}

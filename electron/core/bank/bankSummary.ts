import { bankItemCount, bankTotal, itemMaxPoints, questionsOf, sectionTotal } from './bankTotals'
import { formatPath } from './diagnostics'
import type { Bank, ItemType } from './schema'
import { ITEM_TYPES } from './schema'

export const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`

/** "35 items, 104 points": how one-line summaries give a bank's size. */
export const bankSize = (bank: Bank): string =>
  `${plural(bankItemCount(bank), 'item')}, ${plural(bankTotal(bank), 'point')}`

/** A readable overview of a validated bank for `invigil bank show`: what a proctor checks before an exam. */
export function describeBank(bank: Bank): string {
  const lines = [`${bank.title} (${bank.id})`]
  const passMark = bank.pass_mark === undefined ? '' : `, pass mark ${bank.pass_mark}`
  lines.push(`language ${bank.language}, ${bank.duration_minutes} minutes${passMark}`)
  lines.push('sections:')
  for (const section of bank.sections) {
    const stated = section.declared ? ` (paper says ${declaredText(section.declared)})` : ''
    lines.push(
      `  ${section.id} (${section.title}): ${plural(section.items.length, 'item')}, ${plural(sectionTotal(section), 'point')}${stated}`,
    )
  }
  lines.push(`total: ${bankSize(bank)}`)

  const items = bank.sections.flatMap((section) => section.items)
  const byType = new Map<ItemType, number>(ITEM_TYPES.map((type) => [type, 0]))
  for (const item of items) byType.set(item.type, (byType.get(item.type) ?? 0) + 1)
  const types = [...byType].filter(([, count]) => count > 0).map(([type, count]) => `${type} ${count}`)
  lines.push(`item types: ${types.join(', ')}`)

  const scenarios = items.filter((item) => item.type === 'scenario')
  for (const item of scenarios)
    lines.push(`  scenario ${item.id}: ${plural(item.parts.length, 'part')}, ${plural(itemMaxPoints(item), 'point')}`)

  const truncated = questionsOf(bank).filter(({ value }) => value.truncated)
  lines.push(
    truncated.length === 0
      ? 'truncated: none'
      : `truncated: ${truncated.map(({ value, path }) => `${value.id} (${formatPath(path)})`).join(', ')}`,
  )
  return `${lines.join('\n')}\n`
}

function declaredText(declared: NonNullable<Bank['sections'][number]['declared']>): string {
  const parts = [
    declared.count === undefined ? '' : plural(declared.count, 'item'),
    declared.points_each === undefined ? '' : `${declared.points_each} each`,
    declared.total === undefined ? '' : `${declared.total} in total`,
  ]
  return parts.filter(Boolean).join(', ')
}

import type { LastAnswerSubsection } from './answerKey'
import { itemId, itemLabel } from './draft'
import type { DraftItem, DraftSection, Report } from './draft'
import { trimSpan } from './mappedText'

// A paper that was saved whole ends on closing punctuation, a true/false mark, or a bare key (參考答案:B, 10.AB).
// Not on ; or , : those end a list entry, and a text ending there was cut inside the list.
const COMPLETE_ENDING =
  /[。．.！!？?…”’」』)）】√✓✔×✗✘]$|(?:答案|答)\s*[:：]\s*[A-Z](?:[、,，\s]*[A-Z])*$|\d[.．、]\s*[A-Z]+$/

const TAIL_LENGTH = 12

/** `inQuestion`: the cut is in the item's own text, so its last scenario part (unless an explanation follows) is cut too. */
function markCut(item: DraftItem, note: string, inQuestion = false): void {
  item.truncated = true
  item.notes.push(note)
  const lastPart = item.parts[item.parts.length - 1]
  if (inQuestion && lastPart && item.explanations.length === 0) lastPart.truncated = true
}

function missingItems(section: DraftSection): number[] {
  const count = section.heading.declared?.count
  const first = section.items[0]?.number
  const last = section.items[section.items.length - 1]?.number
  if (count === undefined || first === undefined || last === undefined) return []
  return Array.from({ length: Math.max(0, first + count - 1 - last) }, (_, i) => last + 1 + i)
}

const listItems = (numbers: readonly number[]): string =>
  numbers.length === 1 ? `item ${numbers[0] ?? ''} is` : `items ${numbers.join(', ')} are`

/** Items whose answer-section entry is cut, or missing because the text ends before it. */
function cutInAnswerSection(last: LastAnswerSubsection, cutEntry: boolean, tail: string): DraftItem[] {
  const { section, entries } = last
  const lastEntry = entries[entries.length - 1]
  const marked: DraftItem[] = []
  if (lastEntry && cutEntry) {
    markCut(
      lastEntry.item,
      `The source is cut off inside this item's entry in the answer section (答案與解析), which ends at "…${tail}".`,
    )
    marked.push(lastEntry.item)
  }
  const answered = new Set(entries.map((entry) => entry.item))
  for (const item of section.items.slice(lastEntry ? section.items.indexOf(lastEntry.item) + 1 : 0)) {
    if (answered.has(item)) continue
    markCut(item, "The source ends before this item's entry in the answer section (答案與解析); that entry is missing.")
    marked.push(item)
  }
  return marked
}

/**
 * Marks what the end of the text cut off: the item (or answer-section entries) it ends in. Returns a note for the
 * bank's source, or undefined when the paper ends cleanly. Never fills anything in.
 */
export function markTruncation(
  text: string,
  sections: readonly DraftSection[],
  last: LastAnswerSubsection | undefined,
  report: Report,
): string | undefined {
  const end = trimSpan(text, { start: 0, end: text.length }).end
  const ending = text.slice(Math.max(0, end - 40), end)
  const cut = !COMPLETE_ENDING.test(ending)
  const tail = text.slice(Math.max(0, end - TAIL_LENGTH), end).replace(/\s+/g, ' ')
  let where: string
  let missing = ''
  let marked: { section: DraftSection; item: DraftItem }[]
  if (last) {
    const items = cutInAnswerSection(last, cut, tail)
    marked = items.map((item) => ({ section: last.section, item }))
    where = `in the answer section (答案與解析) under ${last.heading.numeral}、${last.heading.title}`
  } else {
    const section = sections[sections.length - 1]
    const item = section?.items[section.items.length - 1]
    if (!section || !item || !cut) return undefined
    const numbers = missingItems(section)
    if (numbers.length > 0)
      missing = `${listItems(numbers)} missing, though the heading declares ${section.heading.declared?.count ?? ''} items`
    markCut(
      item,
      `The source is cut off inside this item: the text ends at "…${tail}".${missing ? ` In this section, ${missing}.` : ''}`,
      true,
    )
    marked = [{ section, item }]
    where = `inside ${itemLabel(section, item)}`
  }
  if (marked.length === 0) return undefined
  const ids = marked.map(({ section, item }) => itemId(section, item)).join(', ')
  report(
    'warning',
    Math.max(0, end - 1),
    `the paper is cut off here, ${where}${missing ? `, and ${missing}` : ''}; marked as truncated: ${ids}`,
    'complete the items from the original paper if you have it; the bank keeps only what the text holds',
  )
  const gone = missing ? ` In that section, ${missing}.` : ''
  return `The source text is cut off ${where}, at "…${tail}".${gone} Marked as truncated: ${ids}.`
}

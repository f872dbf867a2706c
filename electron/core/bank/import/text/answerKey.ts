import { itemLabel } from './draft'
import type { DraftItem, DraftKey, DraftSection, Report } from './draft'
import { KNOWN_SECTION_NAMES, findHeadings, numeralFor } from './headings'
import type { SectionHeading } from './headings'
import { leadingKey, leadingMark, reportUnsureKey } from './labels'
import { isBlankSpan, trimSpan } from './mappedText'
import type { Span } from './mappedText'
import { leadingMarker, reportGuessedNumber, splitNumbered } from './numbering'
import type { NumberedEntry } from './numbering'

/** An answer-section entry and the item it answers. */
export interface AnswerEntry {
  item: DraftItem
  entry: NumberedEntry
}

/** The answer sub-section the text ends in, for truncation: which of its section's items got an entry. */
export interface LastAnswerSubsection {
  section: DraftSection
  heading: SectionHeading
  entries: AnswerEntry[]
}

const sameKey = (a: DraftKey['value'], b: DraftKey['value']): boolean =>
  typeof a === 'boolean' || typeof b === 'boolean' ? a === b : [...a].sort().join() === [...b].sort().join()

const showKey = (value: DraftKey['value']): string =>
  typeof value === 'boolean' ? (value ? '√' : '×') : value.join('、')

/** The k-th sub-heading of a type answers the k-th section of that type. */
function matchSections(
  headings: readonly SectionHeading[],
  sections: readonly DraftSection[],
  report: Report,
): (DraftSection | undefined)[] {
  const used = new Map<string, number>()
  return headings.map((heading, i) => {
    if (heading.ordinal !== i + 1) {
      report(
        'error',
        heading.start,
        `answer section heading ${heading.numeral}、${heading.title} is out of order; expected ${numeralFor(i + 1)}、 here`,
        'number the answer sub-sections 一、二、三、… like the paper',
      )
      return undefined
    }
    if (!heading.type) {
      report(
        'error',
        heading.titleStart,
        `unknown section type "${heading.title}" in the answer section; expected ${KNOWN_SECTION_NAMES}`,
        'name each answer sub-section after a section of the paper',
      )
      return undefined
    }
    const nth = used.get(heading.type) ?? 0
    used.set(heading.type, nth + 1)
    const section = sections.filter((s) => s.heading.type === heading.type)[nth]
    if (!section)
      report(
        'error',
        heading.start,
        `the answer section has ${heading.numeral}、${heading.title} but the paper has no matching section`,
        'remove it, or check the section headings of the paper',
      )
    return section
  })
}

/** Reads one entry into its item; false when it contradicts the item or cannot be read. */
function applyEntry(
  text: string,
  section: DraftSection,
  { item, entry }: AnswerEntry,
  atTextEnd: boolean,
  report: Report,
): boolean {
  const content: Span = { start: entry.contentStart, end: entry.end }
  const label = itemLabel(section, item)
  let rest = content
  if (item.type === 'single' || item.type === 'multiple' || item.type === 'true_false') {
    const letters =
      item.type === 'true_false'
        ? undefined
        : leadingKey(text, content, item, (letter) => item.options.some((o) => o.letter === letter))
    if (letters) reportUnsureKey(text, label, letters, report)
    const mark = item.type === 'true_false' ? leadingMark(text, content) : undefined
    const found =
      letters && letters.letters.length > 0 ? { value: letters.letters, at: letters.at, end: letters.end } : mark
    if (!found) {
      // An entry cut off before its key leaves the key missing; the missing key is reported with the item.
      if (atTextEnd) return true
      const expected = item.type === 'true_false' ? '√ or ×' : `option letters of ${label}`
      report(
        'error',
        trimSpan(text, content).start,
        `answer section entry ${entry.number}: expected ${expected} at its start`,
        'write the key right after the number, e.g. 1.D… or 1.ABD… or 1.×…',
      )
      return false
    }
    if (item.key && !sameKey(item.key.value, found.value)) {
      report(
        'error',
        found.at,
        `answer section gives ${showKey(found.value)} for ${label}, but the item itself gives ${showKey(item.key.value)}`,
        'correct whichever is wrong so both agree',
      )
      return false
    }
    item.key ??= { value: found.value, at: found.at }
    rest = { start: found.end, end: content.end }
  }
  if (!isBlankSpan(text, rest)) item.explanations.push([trimSpan(text, rest)])
  return true
}

/**
 * Reads the trailing 答案與解析 section into the items: keys (checked against inline keys) and explanations.
 * Entries are numbered like the section's items or restart at 1.
 */
export function applyAnswerSection(
  text: string,
  region: Span,
  sections: readonly DraftSection[],
  report: Report,
): { ok: boolean; last?: LastAnswerSubsection } {
  const headings = findHeadings(text, region.start, region.end)
  if (headings.length === 0) {
    if (isBlankSpan(text, region)) return { ok: true }
    report(
      'error',
      trimSpan(text, region).start,
      'expected a heading such as 一、單選題 after 答案與解析',
      'group the answers under the same headings as the paper',
    )
    return { ok: false }
  }
  let ok = true
  let last: LastAnswerSubsection | undefined
  const textEnd = trimSpan(text, region).end
  matchSections(headings, sections, report).forEach((section, i) => {
    const heading = headings[i]
    if (!heading || !section) {
      ok = false
      return
    }
    const span = { start: heading.end, end: headings[i + 1]?.start ?? region.end }
    last = { section, heading, entries: [] }
    if (isBlankSpan(text, span)) return
    const firstNumber = section.items[0]?.number ?? 1
    const first = leadingMarker(text, span, [firstNumber, 1])
    if (!first) {
      report(
        'error',
        trimSpan(text, span).start,
        `expected entry ${firstNumber} after ${heading.numeral}、${heading.title} in the answer section`,
        'number the answers like the items, e.g. 1.D…',
      )
      ok = false
      return
    }
    const expectedLast = first.number + section.items.length - 1
    for (const entry of splitNumbered(text, first, span.end, expectedLast)) {
      if (entry.glued)
        reportGuessedNumber(text, `answer section ${heading.numeral}、${heading.title} entry`, entry, report)
      const item = section.items[entry.number - first.number]
      if (!item) {
        report(
          'error',
          entry.start,
          `answer section ${heading.numeral}、${heading.title} has entry ${entry.number} but the section has no such item`,
          'remove the extra entry, or check the numbering',
        )
        ok = false
        continue
      }
      last.entries.push({ item, entry })
      if (!applyEntry(text, section, { item, entry }, trimSpan(text, entry).end >= textEnd, report)) ok = false
    }
  })
  return { ok, ...(last ? { last } : {}) }
}

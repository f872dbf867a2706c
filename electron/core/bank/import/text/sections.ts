import { createIdAllocator } from '../bankDefaults'
import { itemLabel } from './draft'
import type { DraftItem, DraftSection, Report } from './draft'
import { KNOWN_SECTION_NAMES, findHeadings, numeralFor } from './headings'
import type { SectionHeading } from './headings'
import { parseChoice, parseShortAnswer, parseTrueFalse } from './items'
import type { ItemInput } from './items'
import { trimSpan } from './mappedText'
import type { Span } from './mappedText'
import { findMarker, leadingMarker, reportGuessedNumber, splitNumbered } from './numbering'
import type { NumberedEntry } from './numbering'
import { parseScenario } from './scenario'

const snippet = (text: string, at: number): string => text.slice(at, at + 12).replace(/\s+/g, ' ')

/** Points per item as the heading declares them: 每題N分, or the total over the count. */
export function declaredPointsEach(heading: SectionHeading): number | undefined {
  const declared = heading.declared
  if (declared?.points_each !== undefined) return declared.points_each
  if (declared?.total !== undefined && declared.count) return declared.total / declared.count
  return undefined
}

function checkHeadings(headings: readonly SectionHeading[], report: Report): boolean {
  let ok = true
  headings.forEach((heading, i) => {
    if (heading.ordinal !== i + 1) {
      report(
        'error',
        heading.start,
        `section heading ${heading.numeral}、${heading.title} is out of order; expected ${numeralFor(i + 1)}、 here`,
        'number the section headings 一、二、三、… without gaps',
      )
      ok = false
    }
    if (!heading.type) {
      report(
        'error',
        heading.titleStart,
        `unknown section type "${heading.title}"; expected ${KNOWN_SECTION_NAMES}`,
        'rename the section, or split the paper and import this part another way',
      )
      ok = false
    }
  })
  if (headings.length === 0)
    report(
      'error',
      0,
      'expected a section heading such as 一、單選題(共10題,每題2分,合計20分)',
      'start each section with a numbered heading',
    )
  return ok && headings.length > 0
}

/**
 * An item missing from the numbering shows up as a later number inside the item before the gap. Returns the
 * number the section really ends at, so the next section's numbering is not blamed for this gap.
 */
function reportGap(
  text: string,
  section: DraftSection,
  entries: readonly NumberedEntry[],
  end: number,
  report: Report,
): number | undefined {
  const first = entries[0]
  const last = entries[entries.length - 1]
  const count = section.heading.declared?.count
  if (!first || !last || count === undefined || entries.length >= count) return undefined
  for (let n = last.number + 2; n <= first.number + count; n++) {
    const later = findMarker(text, n, { start: last.contentStart, end: last.end })
    if (!later) continue
    report(
      'error',
      later.start,
      `${section.heading.numeral}、${section.heading.title}: expected item ${last.number + 1} before item ${n}`,
      'number the items without gaps; an item may be missing from the paper',
    )
    return splitNumbered(text, later, end).pop()?.number
  }
  return undefined
}

function parseItem(
  text: string,
  section: DraftSection,
  entry: NumberedEntry,
  pointsEach: number | undefined,
  report: Report,
): DraftItem | undefined {
  const type = section.heading.type ?? 'short_answer'
  const item: DraftItem = {
    type,
    number: entry.number,
    start: entry.start,
    end: entry.end,
    stem: [],
    options: [],
    explanations: [],
    parts: [],
    truncated: false,
    notes: [],
  }
  const input: ItemInput = {
    text,
    item,
    content: { start: entry.contentStart, end: entry.end },
    label: itemLabel(section, item),
    report,
  }
  switch (type) {
    case 'single':
    case 'multiple':
      return parseChoice(input)
    case 'true_false':
      return parseTrueFalse(input)
    case 'short_answer':
      return parseShortAnswer(input)
    case 'scenario':
      return parseScenario(input, pointsEach)
  }
}

/**
 * The sections between the first heading and the answer section (or the end). Numbering may restart at 1 in each
 * section or continue from the previous one. Undefined when anything could not be read; the errors say where.
 */
export function parseSections(text: string, region: Span, report: Report): DraftSection[] | undefined {
  const headings = findHeadings(text, region.start, region.end)
  if (!checkHeadings(headings, report)) return undefined
  const takeId = createIdAllocator()
  const sections: DraftSection[] = []
  let ok = true
  let previousLast: number | undefined
  headings.forEach((heading, i) => {
    const section: DraftSection = { heading, id: takeId(heading.type ?? 'section'), items: [] }
    sections.push(section)
    const span = { start: heading.end, end: headings[i + 1]?.start ?? region.end }
    const candidates = previousLast === undefined || previousLast === 0 ? [1] : [1, previousLast + 1]
    const first = leadingMarker(text, span, candidates)
    previousLast = undefined
    if (!first) {
      const at = trimSpan(text, span).start
      const found = at < span.end ? `found "${snippet(text, at)}"` : 'found nothing'
      report(
        'error',
        at,
        `expected item ${candidates.join(' or ')} right after the heading ${heading.numeral}、${heading.title}; ${found}`,
        'number the items 1., 2., … (numbering may restart in each section or continue from the previous one)',
      )
      ok = false
      return
    }
    const pointsEach = declaredPointsEach(heading)
    if (pointsEach === undefined && heading.type !== 'scenario') {
      report(
        'error',
        heading.end,
        `the heading ${heading.numeral}、${heading.title} states no points per item`,
        'declare them in the heading, e.g. (共10題,每題2分,合計20分)',
      )
      ok = false
    }
    const declaredCount = heading.declared?.count ?? 0
    const entries = splitNumbered(text, first, span.end, first.number + declaredCount - 1)
    const gapEnd = reportGap(text, section, entries, span.end, report)
    if (gapEnd !== undefined) ok = false
    previousLast = gapEnd ?? entries[entries.length - 1]?.number
    for (const entry of entries) {
      if (entry.glued) reportGuessedNumber(text, `${heading.numeral}、${heading.title} item`, entry, report)
      const item = parseItem(text, section, entry, pointsEach, report)
      if (item) section.items.push(item)
      else ok = false
    }
  })
  return ok ? sections : undefined
}

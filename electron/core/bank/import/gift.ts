import type { Diagnostic } from '../diagnostics'
import type { Item, Section } from '../schema'
import { bankFrame, createIdAllocator, defaultSectionTitle, finishBank, slugify } from './bankDefaults'
import { parseAnswerBlock } from './gift/giftAnswers'
import { giftBlocks } from './gift/giftBlocks'
import { giftItem } from './gift/giftItem'
import { parseGiftBlock } from './gift/giftQuestion'
import { createImportReporter } from './importReporter'
import { withLfLineBreaks } from './lineBreaks'
import type { Importer } from './types'

interface SectionDraft {
  title: string
  /** Input offset of the `$CATEGORY:` line; undefined for the default section. */
  offset?: number
  items: Item[]
}

const DEFAULT_SECTION = 'questions'

/**
 * Moodle GIFT -> invigil-bank/1. Questions before any `$CATEGORY:` go to a default section; each category path
 * opens (or, when repeated, continues) a section named after its last segment. Every item is worth 1 point.
 */
export const importGift: Importer = (raw, options) => {
  const input = withLfLineBreaks(raw)
  const diagnostics: Diagnostic[] = []
  const report = createImportReporter(input, options.file, diagnostics)
  const frame = bankFrame(input, options, 'Moodle GIFT', diagnostics)
  const takeId = createIdAllocator()

  // Keyed by category path; insertion order is section order.
  const drafts = new Map<string, SectionDraft>([[DEFAULT_SECTION, { title: defaultSectionTitle(options), items: [] }]])
  let current = DEFAULT_SECTION
  for (const block of giftBlocks(input)) {
    for (const entry of parseGiftBlock(block, report)) {
      if (entry.kind === 'category') {
        // The default key cannot clash with a path: paths are looked up with a prefix.
        current = `$${entry.path}`
        if (!drafts.has(current)) drafts.set(current, { title: entry.name, offset: entry.offset, items: [] })
        continue
      }
      const answers = parseAnswerBlock(entry.answers, entry.braceOffset, report, entry.reader)
      const item = answers && giftItem(entry, answers, report)
      entry.reader.finish()
      if (item) drafts.get(current)?.items.push(item)
    }
  }

  const filled = [...drafts.values()].filter((draft) => {
    if (draft.items.length === 0 && draft.offset !== undefined) {
      report(
        'warning',
        draft.offset,
        `category "${draft.title}" holds no questions; skipped`,
        'put questions after it or delete it',
      )
    }
    return draft.items.length > 0
  })
  // Items are numbered in bank order (a repeated category gathers later questions), then sections get ids.
  let itemNumber = 0
  const numbered = filled.map((draft) => draft.items.map((item) => ({ ...item, id: takeId(`q${++itemNumber}`) })))
  const sections: Section[] = filled.map((draft, index) => ({
    id: takeId(draft.offset === undefined ? DEFAULT_SECTION : slugify(draft.title) || `section-${index + 1}`),
    title: draft.title,
    items: numbered[index] ?? [],
  }))
  return finishBank(
    frame,
    sections,
    diagnostics,
    options.file,
    'write GIFT questions such as "Capital of France? {=Paris ~Lyon}", separated by blank lines',
  )
}

import type { ImportReport } from '../importReporter'
import { formatPrefix, unescapeGift } from './giftSource'
import { htmlToPlainText } from './htmlText'

/** Reads the text fragments of one question: stem parts, answers, feedback. */
export interface GiftTextReader {
  /** The fragment's text as a candidate should read it; `offset` is where it starts in the input. */
  read(raw: string, offset: number): string
  /** Reports, once for the question, the formatting that was dropped or will show as typed. */
  finish(): void
}

/**
 * Moodle gives the question text a format (`[html]`, `[markdown]`, `[plain]`, `[moodle]`, and `moodle` when none
 * is written), and every answer and feedback the question's unless it names its own. Items are plain text, so HTML
 * becomes plain text and the formatting it loses is reported; Markdown is kept as typed and reported, since it
 * shows as typed. `[plain]` and `[moodle]` are plain text with GIFT escapes.
 */
export function createGiftTextReader(stem: string, stemOffset: number, report: ImportReport): GiftTextReader {
  const declared = formatPrefix(stem)
  const questionFormat = declared?.format ?? 'moodle'
  const questionFormatAt = stemOffset + (declared?.start ?? 0)
  const dropped = new Set<string>()
  let droppedAt: number | undefined
  let markdownAt: number | undefined
  return {
    read(raw, offset) {
      const own = formatPrefix(raw)
      const format = own?.format ?? questionFormat
      const text = unescapeGift(raw.slice(own?.end ?? 0))
      if (format === 'markdown') markdownAt ??= own ? offset + own.start : questionFormatAt
      if (format !== 'html') return text.trim()
      const plain = htmlToPlainText(text)
      if (plain.dropped.length > 0) droppedAt ??= offset
      for (const tag of plain.dropped) dropped.add(tag)
      return plain.text
    },
    finish() {
      if (droppedAt !== undefined) {
        report(
          'warning',
          droppedAt,
          `[html] text is imported as plain text; formatting dropped: ${[...dropped].map((tag) => `<${tag}>`).join(', ')}`,
          'invigil-bank/1 items are plain text: check the question still reads right without it (images are not imported)',
        )
      }
      if (markdownAt !== undefined) {
        report(
          'warning',
          markdownAt,
          '[markdown] text is imported as typed: invigil-bank/1 shows items as plain text, so marks such as **bold** appear as written',
          'remove the Markdown marks candidates should not see',
        )
      }
    },
  }
}

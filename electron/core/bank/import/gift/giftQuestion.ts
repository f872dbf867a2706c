import { createGiftTextReader } from './giftFormat'
import type { GiftTextReader } from './giftFormat'
import { giftText, indexOfUnescaped, offsetAt, skipSpace, sliceSource, unescapedMarks } from './giftSource'
import type { SourceText } from './giftSource'
import type { ImportReport } from '../importReporter'

export interface GiftCategory {
  kind: 'category'
  /** The full `$CATEGORY:` path; the same path later continues the same section. */
  path: string
  name: string
  offset: number
}

export interface GiftQuestion {
  kind: 'question'
  title?: string
  stem: string
  /** The text between the braces. */
  answers: SourceText
  /** Input offset of the opening brace. */
  braceOffset: number
  /** Reads the answers and feedback in the question's text format; its finish() reports what formatting was lost. */
  reader: GiftTextReader
}

export type GiftEntry = GiftCategory | GiftQuestion

const CATEGORY = '$CATEGORY:'
/** Marks the gap of a "missing word" question, whose answer block sits mid-sentence. */
export const MISSING_WORD = '_____'
const ESCAPE_BRACE_HINT = 'escape a brace that belongs to the text as \\{ or \\}'
/**
 * The start of a Moodle Cloze (embedded answers) gap, `{1:SHORTANSWER:=Berlin}` or `{:MC:~a~=b}`: not GIFT, but
 * pasted into GIFT files often enough to deserve its own error. The suffixes cover MCV, MCH, MCS, SAC, MRS and kin.
 */
const CLOZE_GAP = /^\s*\d*:(?:MULTICHOICE|MULTIRESPONSE|SHORTANSWER|NUMERICAL|MC|MR|SA|MW|NM)[A-Z_]*:/

/** `$course$/top/Unit 1//2` -> `Unit 1/2`: Moodle writes a slash inside a name as `//`. */
function categoryName(path: string): string {
  const segments = path
    .replaceAll('//', '\u0000')
    .split('/')
    .map((s) => s.replaceAll('\u0000', '/').trim())
  return segments.filter((s) => s !== '').pop() ?? ''
}

function parseCategory(block: SourceText, start: number, report: ImportReport): { entry?: GiftCategory; end: number } {
  const lineEnd = block.text.indexOf('\n', start)
  const end = lineEnd === -1 ? block.text.length : lineEnd
  const path = block.text.slice(start + CATEGORY.length, end).trim()
  const name = categoryName(path)
  const offset = offsetAt(block, start)
  if (name === '') {
    report('error', offset, '$CATEGORY: names no category', 'write a category path such as $CATEGORY: Unit 1/Grammar')
    return { end }
  }
  return { entry: { kind: 'category', path, name, offset }, end }
}

/** Index of the brace that closes the block opened at `open`, or reports why there is none. */
function closingBrace(block: SourceText, open: number, report: ImportReport): number | undefined {
  const [next] = unescapedMarks(block.text, '{}', open + 1)
  if (next === undefined) {
    report(
      'error',
      offsetAt(block, open),
      'answer block "{" is not closed',
      'close it with "}"; a blank line ends a question, so keep the block free of blank lines',
    )
    return undefined
  }
  if (block.text.charAt(next) === '{') {
    report(
      'error',
      offsetAt(block, next),
      '"{" inside an answer block',
      `close the previous block with "}" first, or ${ESCAPE_BRACE_HINT}`,
    )
    return undefined
  }
  return next
}

function parseQuestion(block: SourceText, start: number, report: ImportReport): GiftQuestion | undefined {
  const { text } = block
  let from = start
  let title: string | undefined
  if (text.startsWith('::', from)) {
    const titleEnd = indexOfUnescaped(text, '::', from + 2)
    if (titleEnd === -1) {
      report(
        'error',
        offsetAt(block, from),
        'question title "::" is not closed',
        'end the title with "::", or escape a colon in the text as \\:',
      )
      return undefined
    }
    title = giftText(text.slice(from + 2, titleEnd)) || undefined
    from = titleEnd + 2
  }
  const [open] = unescapedMarks(text, '{}', from)
  if (open === undefined) {
    report(
      'warning',
      offsetAt(block, from),
      'skipped text without an answer block: a GIFT description has no invigil-bank/1 item',
      'add an answer block such as {=right ~wrong}, or make the lines // comments',
    )
    return undefined
  }
  const cloze = unescapedMarks(text, '{', from).find((brace) => CLOZE_GAP.test(text.slice(brace + 1, brace + 40)))
  if (cloze !== undefined) {
    report(
      'error',
      offsetAt(block, cloze),
      'Cloze (embedded answers) is not supported by invigil-bank/1',
      'rewrite each gap as its own GIFT question, such as "Capital of Germany? {=Berlin}", or delete the question',
    )
    return undefined
  }
  if (text.charAt(open) === '}') {
    report('error', offsetAt(block, open), '"}" without a matching "{"', ESCAPE_BRACE_HINT)
    return undefined
  }
  const close = closingBrace(block, open, report)
  if (close === undefined) return undefined
  const [extra] = unescapedMarks(text, '{}', close + 1)
  if (extra !== undefined) {
    const second = text.charAt(extra) === '{'
    report(
      'error',
      offsetAt(block, extra),
      second ? 'a second answer block in one question' : '"}" without a matching "{"',
      second ? `separate questions with a blank line, or ${ESCAPE_BRACE_HINT}` : ESCAPE_BRACE_HINT,
    )
    return undefined
  }
  const reader = createGiftTextReader(text.slice(from, open), offsetAt(block, from), report)
  const before = reader.read(text.slice(from, open), offsetAt(block, from))
  const after = reader.read(text.slice(close + 1), offsetAt(block, close + 1))
  const stem = after === '' ? before : [before, MISSING_WORD, after].filter((part) => part !== '').join(' ')
  if (before === '' && after === '') {
    reader.finish()
    report('error', offsetAt(block, start), 'question has no text', 'write the question before its answer block')
    return undefined
  }
  return {
    kind: 'question',
    ...(title === undefined ? {} : { title }),
    stem,
    answers: sliceSource(block, open + 1, close),
    braceOffset: offsetAt(block, open),
    reader,
  }
}

/**
 * Reads one blank-line-separated block: an optional `$CATEGORY:` line, then a question made of an optional
 * `::title::`, text, and exactly one `{...}` answer block, possibly mid-text ("missing word").
 */
export function parseGiftBlock(block: SourceText, report: ImportReport): GiftEntry[] {
  const entries: GiftEntry[] = []
  let start = skipSpace(block.text)
  if (block.text.startsWith(CATEGORY, start)) {
    const category = parseCategory(block, start, report)
    if (category.entry) entries.push(category.entry)
    start = skipSpace(block.text, category.end)
    if (start >= block.text.length) return entries
  }
  const question = parseQuestion(block, start, report)
  if (question) entries.push(question)
  return entries
}

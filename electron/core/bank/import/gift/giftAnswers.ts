import type { GiftTextReader } from './giftFormat'
import { giftText, indexOfUnescaped, offsetAt, skipSpace, sliceSource, unescapedMarks } from './giftSource'
import type { SourceText } from './giftSource'
import type { ImportReport } from '../importReporter'

/** One `=` or `~` answer: its weight in percent (`=` is 100, `~` is 0 unless `%N%` says otherwise). */
export interface GiftAnswer {
  /** Moodle makes a choice question single-answer exactly when one of its answers is marked `=`. */
  mark: '=' | '~'
  weight: number
  text: string
  feedback: string
  /** Input offset of the `=` or `~`. */
  offset: number
}

/** What an answer block asks for, with its `####` general feedback ('' when there is none). */
export type GiftAnswerBlock =
  | { kind: 'essay'; general: string }
  | { kind: 'true_false'; key: boolean; general: string; feedbackWhenWrong: string; feedbackWhenRight: string }
  | { kind: 'choice'; general: string; answers: GiftAnswer[] }
  | { kind: 'short_answer'; general: string; answers: GiftAnswer[] }

const UNSUPPORTED_HINT =
  'convert it by hand to a single-choice, multiple-choice, true/false or short-answer question, or delete it'
const WEIGHT = /^%(-?\d{1,3}(?:\.\d{1,10})?)%/
const TRUE_FALSE: ReadonlyMap<string, boolean> = new Map([
  ['T', true],
  ['TRUE', true],
  ['F', false],
  ['FALSE', false],
])

/** Splits off general feedback: the text after the last `####`. */
function splitGeneralFeedback(block: SourceText, reader: GiftTextReader): { body: SourceText; general: string } {
  let last = -1
  for (let at = indexOfUnescaped(block.text, '####'); at !== -1; at = indexOfUnescaped(block.text, '####', at + 4))
    last = at
  if (last === -1) return { body: block, general: '' }
  return {
    body: sliceSource(block, 0, last),
    general: reader.read(block.text.slice(last + 4), offsetAt(block, last + 4)),
  }
}

/** `text#feedback` -> both parts; the first unescaped `#` starts the feedback. Both start near `offset`. */
function splitFeedback(raw: string, offset: number, reader: GiftTextReader): { text: string; feedback: string } {
  const hash = indexOfUnescaped(raw, '#')
  if (hash === -1) return { text: reader.read(raw, offset), feedback: '' }
  return { text: reader.read(raw.slice(0, hash), offset), feedback: reader.read(raw.slice(hash + 1), offset) }
}

function parseTrueFalse(body: SourceText, general: string, reader: GiftTextReader): GiftAnswerBlock | undefined {
  const hash = indexOfUnescaped(body.text, '#')
  const key = TRUE_FALSE.get(giftText(hash === -1 ? body.text : body.text.slice(0, hash)))
  if (key === undefined) return undefined
  // Moodle: {T#shown when answered wrong#shown when answered right}.
  const feedback =
    hash === -1
      ? { text: '', feedback: '' }
      : splitFeedback(body.text.slice(hash + 1), offsetAt(body, hash + 1), reader)
  return { kind: 'true_false', key, general, feedbackWhenWrong: feedback.text, feedbackWhenRight: feedback.feedback }
}

function parseAnswer(
  body: SourceText,
  mark: number,
  end: number,
  report: ImportReport,
  reader: GiftTextReader,
): GiftAnswer | undefined {
  const offset = offsetAt(body, mark)
  const markChar = body.text.charAt(mark) === '=' ? '=' : '~'
  let rest = body.text.slice(mark + 1, end)
  let weight = markChar === '=' ? 100 : 0
  const weightAt = skipSpace(rest)
  if (rest.charAt(weightAt) === '%') {
    const match = WEIGHT.exec(rest.slice(weightAt))
    const value = match ? Number(match[1]) : Number.NaN
    if (!match || Math.abs(value) > 100) {
      report(
        'error',
        offsetAt(body, mark + 1 + weightAt),
        'answer weight is not a percentage between -100 and 100',
        'write it as %50% or %-100% right after = or ~',
      )
      return undefined
    }
    weight = value
    rest = rest.slice(weightAt + match[0].length)
  }
  const { text, feedback } = splitFeedback(rest, offsetAt(body, mark + 1), reader)
  if (text === '') {
    report(
      'error',
      offset,
      `answer after "${body.text.charAt(mark)}" has no text`,
      'write the answer after the mark, or escape a literal = or ~ as \\= or \\~',
    )
    return undefined
  }
  return { mark: markChar, weight, text, feedback, offset }
}

/**
 * Reads the text between `{` and `}`. Numeric (`{#...}`) and matching (`{=a -> b}`) questions have no
 * invigil-bank/1 item: they are reported as errors at the brace. Returns undefined after reporting an error.
 */
export function parseAnswerBlock(
  block: SourceText,
  braceOffset: number,
  report: ImportReport,
  reader: GiftTextReader,
): GiftAnswerBlock | undefined {
  const { body, general } = splitGeneralFeedback(block, reader)
  const start = skipSpace(body.text)
  if (start >= body.text.length) return { kind: 'essay', general }
  if (body.text.charAt(start) === '#') {
    report('error', braceOffset, 'numeric questions ({#...}) are not supported by invigil-bank/1', UNSUPPORTED_HINT)
    return undefined
  }
  const marks = unescapedMarks(body.text, '=~')
  const isChoice = marks.some((mark) => body.text.charAt(mark) === '~')
  if (!isChoice && marks.length > 0 && body.text.includes('->')) {
    report(
      'error',
      braceOffset,
      'matching questions (=item -> match) are not supported by invigil-bank/1',
      UNSUPPORTED_HINT,
    )
    return undefined
  }
  if (!isChoice) {
    const trueFalse = parseTrueFalse(body, general, reader)
    if (trueFalse) return trueFalse
  }
  const first = marks[0] ?? body.text.length
  if (start < first) {
    report(
      'error',
      offsetAt(body, start),
      'text in the answer block is not marked as an answer',
      'start each answer with = (right) or ~ (wrong); write true/false as {T} or {F}; escape a literal = or ~ as \\= or \\~',
    )
    return undefined
  }
  const answers: GiftAnswer[] = []
  let failed = false
  marks.forEach((mark, index) => {
    const answer = parseAnswer(body, mark, marks[index + 1] ?? body.text.length, report, reader)
    if (answer) answers.push(answer)
    else failed = true
  })
  if (failed) return undefined
  return { kind: isChoice ? 'choice' : 'short_answer', general, answers }
}

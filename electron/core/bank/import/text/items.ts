import type { DraftItem, DraftOption, Field, Report } from './draft'
import { findBracketedMark, itemLabels, leadingLetters, leadingMark } from './labels'
import type { ItemLabels } from './labels'
import { isBlankSpan, trimSpan } from './mappedText'
import type { Span } from './mappedText'

/** What the item parsers need to know about the item they read. */
export interface ItemInput {
  text: string
  item: DraftItem
  content: Span
  /** 一、單選題 item 3, for messages. */
  label: string
  report: Report
}

const OPTION_SEPARATORS = '.．、'
const ANSWER_BLANK = /[(（]\s*[)）]$/

/** The span trimmed, without a trailing empty answer blank `()`: that is paper layout, not question text. */
export function withoutAnswerBlank(text: string, span: Span): Span {
  const trimmed = trimSpan(text, span)
  const blank = ANSWER_BLANK.exec(text.slice(trimmed.start, trimmed.end))
  return blank ? trimSpan(text, { start: trimmed.start, end: trimmed.start + blank.index }) : trimmed
}

/** Text after a key that says something (not just a full stop) is kept as an explanation. */
const hasWords = (text: string, span: Span): boolean => /[\p{L}\p{N}]/u.test(text.slice(span.start, span.end))

/** The option marker `letter.` in the span: not preceded by an ASCII letter, so SLA. is not option A. */
function findOptionMarker(text: string, letter: string, span: Span): number | undefined {
  // Searching a slice keeps a missing letter from scanning the rest of the paper.
  const window = text.slice(span.start, span.end)
  for (let at = window.indexOf(letter); at >= 0 && at + 1 < window.length; at = window.indexOf(letter, at + 1)) {
    if (OPTION_SEPARATORS.includes(window.charAt(at + 1)) && !/[A-Za-z]/.test(text.charAt(span.start + at - 1)))
      return span.start + at
  }
  return undefined
}

/** Options run together as A.…B.…C.…D.…, in order; each runs up to the next one. */
export function findOptions(text: string, span: Span): DraftOption[] {
  const starts: { letter: string; at: number }[] = []
  let from = span.start
  for (let code = 65; code <= 90; code++) {
    const letter = String.fromCharCode(code)
    const at = findOptionMarker(text, letter, { start: from, end: span.end })
    if (at === undefined) break
    starts.push({ letter, at })
    from = at + 2
  }
  return starts.map(({ letter, at }, i) => ({
    letter,
    at,
    text: [{ start: at + 2, end: starts[i + 1]?.at ?? span.end }],
  }))
}

function stemOrError(input: ItemInput, stem: Field): boolean {
  if (stem.every((span) => isBlankSpan(input.text, span))) {
    input.report(
      'error',
      trimSpan(input.text, input.content).start,
      `${input.label} has no question text`,
      'write the question after the item number',
    )
    return false
  }
  input.item.stem = stem
  return true
}

function takeExplanation(input: ItemInput, labels: ItemLabels): void {
  if (labels.explanation && !isBlankSpan(input.text, labels.explanation))
    input.item.explanations.push([labels.explanation])
}

export function parseChoice(input: ItemInput): DraftItem | undefined {
  const { text, item, content, label, report } = input
  const labels = itemLabels(text, content)
  const question: Span = { start: content.start, end: labels.questionEnd }
  const options = findOptions(text, question)
  const first = options[0]
  if (!first || options.length < 2) {
    const at = first?.at ?? trimSpan(text, question).end
    const found = first ? 'only option A' : 'no options'
    report(
      'error',
      at,
      `${label} has ${found}; expected options A.… B.… after its question`,
      'write the options as A.… B.… C.… D.… after the question',
    )
    return undefined
  }
  if (!stemOrError(input, [withoutAnswerBlank(text, { start: question.start, end: first.at })])) return undefined
  item.options = options
  if (labels.answer) {
    const key = leadingLetters(text, labels.answer, (letter) => /[A-Z]/.test(letter))
    if (key.letters.length === 0) {
      report(
        'error',
        key.at,
        `${label} has no key after its answer label; expected option letters such as B or A、C、D`,
        'write the key letters right after 參考答案:',
      )
      return undefined
    }
    item.key = { value: key.letters, at: key.at }
    const rest = { start: key.end, end: labels.answer.end }
    if (hasWords(text, rest)) item.explanations.push([rest])
  }
  takeExplanation(input, labels)
  return item
}

export function parseTrueFalse(input: ItemInput): DraftItem | undefined {
  const { text, item, content, label, report } = input
  const labels = itemLabels(text, content)
  const question: Span = { start: content.start, end: labels.questionEnd }
  const mark = findBracketedMark(text, question)
  const stem = mark
    ? [
        withoutAnswerBlank(text, { start: question.start, end: mark.span.start }),
        trimSpan(text, { start: mark.span.end, end: question.end }),
      ]
    : [withoutAnswerBlank(text, question)]
  if (
    !stemOrError(
      input,
      stem.filter((span, i) => i === 0 || !isBlankSpan(text, span)),
    )
  )
    return undefined
  if (mark) item.key = { value: mark.value, at: mark.at }
  if (labels.answer) {
    const answer = leadingMark(text, labels.answer)
    if (!answer) {
      report(
        'error',
        trimSpan(text, labels.answer).start,
        `${label}: expected √ or × after the answer label`,
        'write the answer as 答:√ or 答:×, or put (√)/(×) after the statement',
      )
      return undefined
    }
    if (mark && mark.value !== answer.value) {
      report(
        'error',
        answer.at,
        `${label} is marked ${mark.value ? '√' : '×'} in the statement but ${answer.value ? '√' : '×'} after the answer label`,
        'keep one answer, or make both the same',
      )
      return undefined
    }
    item.key ??= { value: answer.value, at: answer.at }
    const rest = { start: answer.end, end: labels.answer.end }
    if (hasWords(text, rest)) item.explanations.push([rest])
  }
  takeExplanation(input, labels)
  return item
}

export function parseShortAnswer(input: ItemInput): DraftItem | undefined {
  const { text, item, content } = input
  const labels = itemLabels(text, content)
  if (!stemOrError(input, [trimSpan(text, { start: content.start, end: labels.questionEnd })])) return undefined
  if (labels.answer && !isBlankSpan(text, labels.answer)) item.answer = [trimSpan(text, labels.answer)]
  takeExplanation(input, labels)
  return item
}

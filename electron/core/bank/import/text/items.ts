import type { DraftItem, Field, Report } from './draft'
import { findBracketedMark, itemLabels, leadingKey, leadingMark, reportUnsureKey } from './labels'
import type { ItemLabels } from './labels'
import { isBlankSpan, trimSpan } from './mappedText'
import type { Span } from './mappedText'
import { findOptions } from './options'
import type { FoundOptions } from './options'

/** What the item parsers need to know about the item they read. */
export interface ItemInput {
  text: string
  item: DraftItem
  content: Span
  /** 一、單選題 item 3, for messages. */
  label: string
  report: Report
}

const ANSWER_BLANK = /[(（]\s*[)）]$/

/** The span trimmed, without a trailing empty answer blank `()`: that is paper layout, not question text. */
export function withoutAnswerBlank(text: string, span: Span): Span {
  const trimmed = trimSpan(text, span)
  const blank = ANSWER_BLANK.exec(text.slice(trimmed.start, trimmed.end))
  return blank ? trimSpan(text, { start: trimmed.start, end: trimmed.start + blank.index }) : trimmed
}

/** Text after a key that says something (not just a full stop) is kept as an explanation. */
const hasWords = (text: string, span: Span): boolean => /[\p{L}\p{N}]/u.test(text.slice(span.start, span.end))

/** At most `length` characters of the text, on one line, for a message. */
function excerpt(text: string, span: Span, length = 16): string {
  const flat = text.slice(span.start, span.end).replace(/\s+/g, ' ').trim()
  return flat.length > length ? `${flat.slice(0, length)}…` : flat
}

/** A marker right after Latin text or digits (A.IPv4B.IPv6) may be part of the option before: say so, once. */
function reportGuessedSplit({ text, label, report }: ItemInput, { options, glued }: FoundOptions): void {
  const first = glued[0]
  if (!first) return
  const which = glued.length > 1 ? 'options' : 'option'
  const letters = glued.map((option) => option.letter).join(', ')
  const split = options
    .map((option) => `${option.letter}.${excerpt(text, option.text[0] ?? { start: option.at, end: option.at })}`)
    .join(' | ')
  report(
    'warning',
    first.at,
    `${label}: ${which} ${letters} ${glued.length > 1 ? 'follow' : 'follows'} Latin text or digits directly ` +
      `("${excerpt(text, { start: Math.max(0, first.at - 6), end: first.at + 6 }, 12)}"), so where the option before ends is a ` +
      `guess; split by letter order as ${split}`,
    'check the options against the paper; a space or line break before each option letter makes the split certain',
  )
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
  const read = findOptions(text, question)
  const { options } = read
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
  reportGuessedSplit(input, read)
  if (labels.answer) {
    const key = leadingKey(text, labels.answer, item, (letter) => /[A-Z]/.test(letter))
    reportUnsureKey(text, label, key, report)
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

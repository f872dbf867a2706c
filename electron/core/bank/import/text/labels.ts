import type { Report } from './draft'
import type { Span } from './mappedText'

// The labels a paper prints inside an item. 答: is also the tail of 參考答案:, so the longer forms come first.
export const ANSWER_LABEL = /(?:參考答案|参考答案|答案|答)\s*[:：]/g
export const EXPLANATION_LABEL = /解析\s*[:：]/g
export const QUESTION_LABEL = /(?:問題|问题)\s*[:：]/g
export const REQUIREMENT_LABEL = /要求\s*[:：]/g
export const SCENARIO_LABEL = /(?:情景|案例)\s*[:：]/y

/** The first match of a label in the span, as the span it covers. */
export function findLabel(text: string, label: RegExp, span: Span): Span | undefined {
  const match = new RegExp(label.source).exec(text.slice(span.start, span.end))
  return match ? { start: span.start + match.index, end: span.start + match.index + match[0].length } : undefined
}

/** The label right at `at`, if there is one. */
export function labelAt(text: string, label: RegExp, at: number): Span | undefined {
  const pattern = new RegExp(label.source, 'y')
  pattern.lastIndex = at
  const match = pattern.exec(text)
  return match ? { start: at, end: at + match[0].length } : undefined
}

/** Where an item's question ends and its answer (答:/參考答案:) and explanation (解析:) begin, if it has them. */
export interface ItemLabels {
  questionEnd: number
  answer?: Span
  explanation?: Span
}

export function itemLabels(text: string, content: Span): ItemLabels {
  const answerLabel = findLabel(text, ANSWER_LABEL, content)
  const explanationLabel = findLabel(text, EXPLANATION_LABEL, {
    start: answerLabel?.end ?? content.start,
    end: content.end,
  })
  const answerEnd = explanationLabel?.start ?? content.end
  return {
    questionEnd: answerLabel?.start ?? explanationLabel?.start ?? content.end,
    ...(answerLabel ? { answer: { start: answerLabel.end, end: answerEnd } } : {}),
    ...(explanationLabel ? { explanation: { start: explanationLabel.end, end: content.end } } : {}),
  }
}

const TRUE_MARKS = '√✓✔對对'
const FALSE_MARKS = '×✗✘錯错'
const MARK_CLASS = `[${TRUE_MARKS}${FALSE_MARKS}]`

export const markValue = (mark: string): boolean | undefined =>
  TRUE_MARKS.includes(mark) ? true : FALSE_MARKS.includes(mark) ? false : undefined

/** The last bracketed true/false mark in the span: (√), （×）, (✓) ... */
export function findBracketedMark(text: string, span: Span): { value: boolean; span: Span; at: number } | undefined {
  const pattern = new RegExp(`[(（]\\s*(${MARK_CLASS})\\s*[)）]`, 'g')
  let found: { value: boolean; span: Span; at: number } | undefined
  for (const match of text.slice(span.start, span.end).matchAll(pattern)) {
    const value = markValue(match[1] ?? '')
    const start = span.start + match.index
    if (value !== undefined)
      found = { value, span: { start, end: start + match[0].length }, at: start + match[0].indexOf(match[1] ?? '') }
  }
  return found
}

/** A bare mark right at the start of the span (after whitespace and an optional bracket): 1.×… or 答:√ */
export function leadingMark(text: string, span: Span): { value: boolean; at: number; end: number } | undefined {
  const match = new RegExp(`\\s*[(（]?\\s*(${MARK_CLASS})\\s*[)）]?`, 'y')
  match.lastIndex = span.start
  const found = match.exec(text)
  const value = markValue(found?.[1] ?? '')
  if (!found || value === undefined || span.start + found[0].length > span.end) return undefined
  return { value, at: span.start + found[0].indexOf(found[1] ?? ''), end: span.start + found[0].length }
}

/** Option letters at the start of the span, as in 參考答案:A、C、D or 1.ABD…; only letters in `allowed` count. */
export function leadingLetters(
  text: string,
  span: Span,
  allowed: (letter: string) => boolean,
): { letters: string[]; at: number; end: number } {
  const letters: string[] = []
  let at = span.start
  while (at < span.end && /\s/.test(text.charAt(at))) at++
  const first = at
  let end = at
  for (let i = at; i < span.end; i++) {
    const char = text.charAt(i)
    if (/[A-Z]/.test(char) && allowed(char)) {
      letters.push(char)
      end = i + 1
    } else if (!(letters.length > 0 && /[、,，/\s]/.test(char))) break
  }
  return { letters, at: first, end }
}

/** A choice key as read, and whether its end is a guess (a multiple-choice key running on into Latin text). */
export interface LeadingKey {
  letters: string[]
  at: number
  end: number
  unsure: boolean
}

/**
 * The key of a choice item at the start of the span, letters as `allowed` says. A run of option letters going on
 * into Latin text or digits (1.BDNS解析…, 1.ADSL…) also holds the first word of the explanation: a single-choice
 * key is then its first letter; a multiple-choice key keeps the option letters, but its end is `unsure`.
 */
export function leadingKey(
  text: string,
  span: Span,
  item: { type: string; options: readonly { letter: string }[] },
  allowed: (letter: string) => boolean,
): LeadingKey {
  const own = leadingLetters(text, span, (letter) => item.options.some((option) => option.letter === letter))
  const runsOn = own.letters.length > 0 && own.end < span.end && /[A-Za-z0-9]/.test(text.charAt(own.end))
  if (!runsOn) return { ...leadingLetters(text, span, allowed), unsure: false }
  if (item.type === 'single') return { letters: own.letters.slice(0, 1), at: own.at, end: own.at + 1, unsure: false }
  return { ...own, unsure: true }
}

/** Says where a multiple-choice key ran on into Latin text, so its end was a guess. */
export function reportUnsureKey(text: string, label: string, key: LeadingKey, report: Report): void {
  if (!key.unsure) return
  report(
    'warning',
    key.at,
    `${label}: the key runs on into Latin text or digits ("${text.slice(key.at, key.end + 6).replace(/\s+/g, ' ')}"), ` +
      `so where it ends is a guess; read as ${key.letters.join('、')}`,
    'check the key against the paper; a space or punctuation after the key letters makes it certain',
  )
}

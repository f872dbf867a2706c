import type { DraftItem, DraftPart } from './draft'
import type { ItemInput } from './items'
import {
  ANSWER_LABEL,
  EXPLANATION_LABEL,
  QUESTION_LABEL,
  REQUIREMENT_LABEL,
  SCENARIO_LABEL,
  findLabel,
  itemLabels,
  labelAt,
} from './labels'
import { isBlankSpan, trimSpan } from './mappedText'
import type { Span } from './mappedText'

// A sub-question ends with its points, e.g. (5分); that is what finds it even when its (k) marker is damaged.
const POINTS_MARK = /[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]/
const FIRST_PART_MARKER = /[(（]\s*1\s*[)）]/
const SENTENCE_END = /[。．.！!？?；;…]/
const CLOSERS = /[”’」』)）\]】]/

function skipSpace(text: string, at: number): number {
  let next = at
  while (/\s/.test(text.charAt(next))) next++
  return next
}

function findPoints(text: string, span: Span): { start: number; end: number; points: number } | undefined {
  const match = POINTS_MARK.exec(text.slice(span.start, span.end))
  if (!match) return undefined
  const start = span.start + match.index
  return { start, end: start + match[0].length, points: Number(match[1]) }
}

/** The last `(k)` marker in the span. */
function lastPartMarker(text: string, k: number, span: Span): Span | undefined {
  const pattern = new RegExp(`[(（]\\s*${k}\\s*[)）]`, 'g')
  let found: Span | undefined
  for (const match of text.slice(span.start, span.end).matchAll(pattern)) {
    found = { start: span.start + match.index, end: span.start + match.index + match[0].length }
  }
  return found
}

/**
 * Where a sub-question probably starts when its (k) marker is missing: just after the last sentence end (and any
 * closing quotes or brackets) before its own question, whose closing ? belongs to the question.
 */
function guessPartStart(text: string, span: Span): number | undefined {
  let end = span.end
  while (end > span.start && (SENTENCE_END.test(text.charAt(end - 1)) || /\s/.test(text.charAt(end - 1)))) end--
  for (let i = end - 1; i >= span.start; i--) {
    if (!SENTENCE_END.test(text.charAt(i))) continue
    let boundary = i + 1
    while (boundary < end && CLOSERS.test(text.charAt(boundary))) boundary++
    return boundary
  }
  return undefined
}

/** Sub-questions after 要求:, as (1)…(5分)答:…(2)…(5分)答:… */
function splitParts(input: ItemInput, region: Span): DraftPart[] | undefined {
  const { text, label, report } = input
  const parts: DraftPart[] = []
  const firstMarker = labelAt(text, FIRST_PART_MARKER, skipSpace(text, region.start))
  let stemStart = firstMarker?.end ?? region.start
  let partStart = firstMarker?.start ?? region.start
  let answerStart: number | undefined
  for (let k = 1; ; k++) {
    const from = answerStart ?? region.start
    const points = findPoints(text, { start: from, end: region.end })
    if (!points) break
    const previous = parts[parts.length - 1]
    if (previous && answerStart !== undefined) {
      const marker = lastPartMarker(text, k, { start: from, end: points.start })
      const guess = marker ? undefined : guessPartStart(text, { start: from, end: points.start })
      partStart = marker?.start ?? guess ?? from
      stemStart = marker?.end ?? partStart
      if (!marker) {
        if (guess === undefined) {
          report(
            'error',
            points.start,
            `${label}: cannot tell where sub-question (${k}) starts`,
            `mark it with (${k}) before its question`,
          )
          return undefined
        }
        report(
          'warning',
          guess,
          `${label}: sub-question (${k}) has no (${k}) marker; the part boundary was guessed at the last sentence end before its (${points.points}分)`,
          `check where part ${k - 1}'s answer ends and part ${k} begins, and correct the bank by hand if the guess is wrong`,
        )
      }
      if (!isBlankSpan(text, { start: answerStart, end: partStart }))
        previous.answer = [trimSpan(text, { start: answerStart, end: partStart })]
    }
    const answerLabel = labelAt(text, ANSWER_LABEL, skipSpace(text, points.end))
    parts.push({
      number: k,
      stem: [trimSpan(text, { start: stemStart, end: points.start })],
      points: points.points,
      at: partStart,
    })
    answerStart = answerLabel?.end ?? points.end
  }
  const last = parts[parts.length - 1]
  if (!last || answerStart === undefined) {
    report(
      'error',
      trimSpan(text, region).start,
      `${label}: expected sub-questions such as (1)…(5分)答:… after 要求:`,
      'give each sub-question its points, e.g. (5分), and its answer after 答:',
    )
    return undefined
  }
  const explanation = findLabel(text, EXPLANATION_LABEL, { start: answerStart, end: region.end })
  const answer = { start: answerStart, end: explanation?.start ?? region.end }
  if (!isBlankSpan(text, answer)) last.answer = [trimSpan(text, answer)]
  if (explanation && !isBlankSpan(text, { start: explanation.end, end: region.end }))
    input.item.explanations.push([{ start: explanation.end, end: region.end }])
  return parts
}

/** One question after 問題:, answered after 參考答案:; it is worth the whole item. */
function singlePart(input: ItemInput, region: Span, itemPoints: number | undefined): DraftPart[] | undefined {
  const { text, label, report } = input
  if (itemPoints === undefined) {
    report(
      'error',
      region.start,
      `${label}: the heading states no points per item, so its question has none`,
      'declare them in the heading, e.g. (共5題,每題6分,共30分)',
    )
    return undefined
  }
  const labels = itemLabels(text, region)
  const part: DraftPart = {
    number: 1,
    stem: [trimSpan(text, { start: region.start, end: labels.questionEnd })],
    points: itemPoints,
    at: skipSpace(text, region.start),
  }
  if (labels.answer && !isBlankSpan(text, labels.answer)) part.answer = [trimSpan(text, labels.answer)]
  if (labels.explanation && !isBlankSpan(text, labels.explanation)) input.item.explanations.push([labels.explanation])
  return [part]
}

/** The 要求: that opens the sub-questions: the first one followed by (1), else the first one (a scenario may say 客戶要求:). */
function requirementLabel(text: string, content: Span): Span | undefined {
  const first = findLabel(text, REQUIREMENT_LABEL, content)
  for (let label = first; label; label = findLabel(text, REQUIREMENT_LABEL, { start: label.end, end: content.end })) {
    if (labelAt(text, FIRST_PART_MARKER, skipSpace(text, label.end))) return label
  }
  return first
}

/** 情景:… then either 要求:(1)…(2)… or 問題:…參考答案:…; the scenario text becomes the stem. */
export function parseScenario(input: ItemInput, itemPoints: number | undefined): DraftItem | undefined {
  const { text, item, content, label, report } = input
  const start = skipSpace(text, content.start)
  const stemStart = labelAt(text, SCENARIO_LABEL, start)?.end ?? start
  const requirement = requirementLabel(text, content)
  const question = requirement ? undefined : findLabel(text, QUESTION_LABEL, content)
  const questions = requirement ?? question
  if (!questions) {
    report(
      'error',
      start,
      `${label} has no questions; expected 要求:(1)…(5分)答:… or 問題:…參考答案:… after the scenario`,
      'put the sub-questions after 要求: or the question after 問題:',
    )
    return undefined
  }
  const stem = trimSpan(text, { start: stemStart, end: questions.start })
  if (stem.start >= stem.end) {
    report('error', start, `${label} has no scenario text`, 'write the scenario after 情景: and before the questions')
    return undefined
  }
  item.stem = [stem]
  const region = { start: questions.end, end: content.end }
  const parts = requirement ? splitParts(input, region) : singlePart(input, region, itemPoints)
  if (!parts) return undefined
  item.parts = parts
  return item
}

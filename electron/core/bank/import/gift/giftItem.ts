import type { Item } from '../../schema'
import type { GiftAnswer, GiftAnswerBlock } from './giftAnswers'
import type { ImportReport } from '../importReporter'
import type { GiftQuestion } from './giftQuestion'

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'

/** The fields every GIFT item has, whatever its type. */
interface ItemBase {
  id: string
  stem: string
  points: number
  notes?: string
}

/** General feedback first, then one line per answer feedback, so a reviewer reads the point before the details. */
function explanation(general: string, lines: string[]): { explanation?: string } {
  const text = [general, lines.join('\n')].filter((part) => part !== '').join('\n\n')
  return text === '' ? {} : { explanation: text }
}

const feedbackLines = (
  answers: readonly GiftAnswer[],
  label: (answer: GiftAnswer, index: number) => string,
): string[] =>
  answers.flatMap((answer, index) => (answer.feedback === '' ? [] : [`${label(answer, index)}: ${answer.feedback}`]))

const percent = (weight: number): string => `${Number(weight.toFixed(2))}%`

/**
 * Choice questions, typed by Moodle's rule: an answer marked `=` makes the question single-answer, and without one
 * (every answer `~`, the right ones weighted as in `~%50%`) it is multiple-answer, whatever the weights. A
 * single-answer question keys its one right option, or its one 100% option beside partial ones (the partial credit
 * is dropped); several `=` become all-or-nothing multiple choice, as a single-choice item has one key. A
 * multiple-answer question is multiple choice, scored partially when the weights split the credit (50/50),
 * all-or-nothing when each is worth 100%; with only one option earning credit it can only be single choice (a
 * multiple-choice key names two options or more), which is reported.
 */
function choiceItem(
  base: ItemBase,
  question: GiftQuestion,
  answers: GiftAnswer[],
  general: string,
  report: ImportReport,
): Item | undefined {
  if (answers.length < 2 || answers.length > LETTERS.length) {
    report(
      'error',
      question.braceOffset,
      `a choice question has ${answers.length} option(s); invigil-bank/1 needs 2 to 26`,
      'give the question between 2 and 26 = or ~ answers',
    )
    return undefined
  }
  const letter = (index: number): string => LETTERS.charAt(index)
  const options = Object.fromEntries(answers.map((answer, index) => [letter(index), answer.text]))
  const right = answers.flatMap((answer, index) => (answer.weight > 0 ? [{ answer, letter: letter(index) }] : []))
  const full = right.filter((r) => r.answer.weight >= 100)
  const common = {
    ...base,
    options,
    ...explanation(
      general,
      feedbackLines(answers, (_answer, index) => letter(index)),
    ),
  }
  if (right.length === 0) {
    report(
      'error',
      question.braceOffset,
      'no option is marked right',
      'mark the right option with = or give it a positive weight such as ~%50%',
    )
    return undefined
  }
  const single = answers.some((answer) => answer.mark === '=')
  const keyed = right.length === 1 ? right[0] : single && full.length === 1 ? full[0] : undefined
  if (keyed) {
    if (!single) {
      report(
        'warning',
        question.braceOffset,
        'Moodle reads this as multiple-answer (no answer is marked =), but only one option earns credit and invigil-bank/1 multiple choice keys at least two: imported as single choice',
        'mark the right option with = (single choice in Moodle too), or give a second option credit to keep it select-all',
      )
    }
    if (keyed.answer.weight < 100) {
      report(
        'warning',
        keyed.answer.offset,
        `the only right option carries ${percent(keyed.answer.weight)}; invigil-bank/1 gives it full marks`,
        'write it as = if that is intended',
      )
    }
    const dropped = right.filter((r) => r !== keyed)
    if (dropped[0]) {
      report(
        'warning',
        dropped[0].answer.offset,
        `partial credit for ${dropped.map((r) => r.letter).join(', ')} is dropped: a single-choice item scores only its key`,
        'give those options no weight, or make it a select-all question with equal weights such as ~%50%',
      )
    }
    return { type: 'single', ...common, key: keyed.letter }
  }
  const weights = right.map((r) => r.answer.weight)
  const allFull = full.length === right.length
  if (allFull) {
    report(
      'warning',
      question.braceOffset,
      'several options are each worth 100%: invigil-bank/1 counts the item right only when all of them are chosen',
      'keep one = for a single-choice question (Moodle accepts any one of several =), or split the credit with weights such as ~%50%',
    )
  } else {
    const sum = weights.reduce((total, weight) => total + weight, 0)
    const equal = weights.every((weight) => Math.abs(weight - (weights[0] ?? 0)) < 0.01)
    if (!equal || Math.abs(sum - 100) > 0.5) {
      report(
        'warning',
        question.braceOffset,
        `right options weigh ${weights.map(percent).join(' + ')}; invigil-bank/1 gives each an equal share of the points`,
        'use equal weights that add up to 100%',
      )
    }
  }
  return {
    type: 'multiple',
    ...common,
    key: right.map((r) => r.letter),
    scoring: allFull ? 'all_or_nothing' : 'partial',
  }
}

function mapItem(
  base: ItemBase,
  question: GiftQuestion,
  block: GiftAnswerBlock,
  report: ImportReport,
): Item | undefined {
  switch (block.kind) {
    case 'essay':
      return { ...base, type: 'short_answer', ...explanation(block.general, []) }
    case 'true_false': {
      const onTrue = block.key ? block.feedbackWhenRight : block.feedbackWhenWrong
      const onFalse = block.key ? block.feedbackWhenWrong : block.feedbackWhenRight
      const lines = [onTrue === '' ? '' : `True: ${onTrue}`, onFalse === '' ? '' : `False: ${onFalse}`].filter(
        (line) => line !== '',
      )
      return { ...base, type: 'true_false', key: block.key, ...explanation(block.general, lines) }
    }
    case 'short_answer': {
      const accepted = block.answers.filter((answer) => answer.weight > 0)
      if (accepted.length === 0) {
        report(
          'error',
          question.braceOffset,
          'short-answer question accepts no answer',
          'mark an accepted answer with =',
        )
        return undefined
      }
      // One accepted answer per line: answers may themselves contain commas or slashes.
      const reference = accepted.map((a) => (a.weight < 100 ? `${a.text} (${percent(a.weight)})` : a.text)).join('\n')
      return {
        ...base,
        type: 'short_answer',
        reference_answer: reference,
        ...explanation(
          block.general,
          feedbackLines(block.answers, (a) => a.text),
        ),
      }
    }
    case 'choice':
      return choiceItem(base, question, block.answers, block.general, report)
  }
}

/**
 * Maps a parsed GIFT question to an invigil item worth 1 point; the GIFT title is kept as an authoring note.
 * The id is left empty: gift.ts numbers items in bank order once categories have grouped them.
 */
export function giftItem(question: GiftQuestion, block: GiftAnswerBlock, report: ImportReport): Item | undefined {
  const notes = question.title === undefined ? {} : { notes: `GIFT title: ${question.title}` }
  return mapItem({ id: '', stem: question.stem, points: 1, ...notes }, question, block, report)
}

import type { Diagnostic } from '../diagnostics'
import type { Item } from '../schema'
import { bankFrame, createIdAllocator, defaultSectionTitle, finishBank } from './bankDefaults'
import { createImportReporter } from './importReporter'
import { withLfLineBreaks } from './lineBreaks'
import type { Importer } from './types'

/**
 * `A. text`, `A) text`, or full-width `Ａ．text`. As in Moodle's importer, the space after the mark is optional
 * (`A)Paris`, `B.Rome`), but a line that opens with an abbreviation (`A.I. is ...`, `E.g. ...`) stays text.
 */
const OPTION = /^([A-ZＡ-Ｚ])[.)．）][ \t]*(.*)$/
const ABBREVIATION = /^[A-Z]\.[A-Za-z]{1,3}\./
const ANSWER = /^ANSWER[ \t]*[:：][ \t]*(.*)$/i

interface Line {
  text: string
  /** Input offset of the line's first non-blank character. */
  offset: number
}

interface Draft {
  first: Line
  stem: string[]
  options: { letter: string; text: string }[]
  /** An error was already reported inside this question; it yields no item. */
  broken: boolean
}

/** Full-width Ａ-Ｚ -> A-Z; ASCII stays as it is. */
const asciiLetter = (letter: string): string =>
  letter >= 'Ａ' && letter <= 'Ｚ' ? String.fromCharCode(letter.charCodeAt(0) - 0xfee0) : letter

function lines(input: string): Line[] {
  const out: Line[] = []
  let start = 0
  for (const raw of input.split('\n')) {
    const lead = raw.length - raw.trimStart().length
    out.push({ text: raw.trim(), offset: start + lead })
    start += raw.length + 1
  }
  return out
}

/**
 * Aiken -> invigil-bank/1: question line(s), options `A.` / `A)` lettered from A without gaps, then `ANSWER: X`.
 * Questions may be separated by blank lines or follow each other directly; every item is single choice, 1 point.
 */
export const importAiken: Importer = (raw, options) => {
  const input = withLfLineBreaks(raw)
  const diagnostics: Diagnostic[] = []
  const reportAt = createImportReporter(input, options.file, diagnostics)
  const report = (offset: number, message: string, hint: string): void => reportAt('error', offset, message, hint)
  const frame = bankFrame(input, options, 'Aiken', diagnostics)
  const takeId = createIdAllocator()
  const items: Item[] = []
  let draft: Draft | undefined

  const missingAnswer = (open: Draft): void =>
    report(
      open.first.offset,
      'question has no ANSWER line',
      'end each question with a line such as "ANSWER: B" after its options',
    )

  const finish = (open: Draft, line: Line, value: string): void => {
    const answerAt = line.offset + line.text.length - value.length
    // The ANSWER value is checked first: it is wrong on its own line whatever the question above it holds.
    if (!/^[A-ZＡ-Ｚ]$/.test(value)) {
      if ((value.match(/[A-ZＡ-Ｚ]/g)?.length ?? 0) > 1 && /^[A-ZＡ-Ｚ ,，、;]+$/.test(value)) {
        report(
          answerAt,
          `Aiken allows one answer per question, found "${value}"`,
          'import select-all questions from GIFT or the text format instead',
        )
      } else {
        const found = value === '' ? 'names no option' : `must be one option letter, found "${value}"`
        report(answerAt, `ANSWER ${found}`, 'write it as "ANSWER: B"')
      }
      return
    }
    // An error inside the question was reported where it stands; repeating it here would only point elsewhere.
    if (open.broken) return
    const letters = open.options.map((option) => option.letter)
    const letter = asciiLetter(value)
    if (open.options.length < 2) {
      // Located at the ANSWER line, where the options ended too soon (Moodle reports the same line).
      report(
        line.offset,
        `question has ${open.options.length} option(s); Aiken needs at least 2`,
        'list the options as "A. ...", "B. ..." before the ANSWER line',
      )
    } else if (!letters.includes(letter)) {
      report(
        answerAt,
        `ANSWER names ${letter}, but the options are ${letters.join(', ')}`,
        'name one of the option letters',
      )
    } else {
      const byLetter = Object.fromEntries(open.options.map((option) => [option.letter, option.text]))
      items.push({
        id: takeId(`q${items.length + 1}`),
        type: 'single',
        stem: open.stem.join('\n'),
        points: 1,
        options: byLetter,
        key: letter,
      })
    }
  }

  for (const line of lines(input)) {
    if (line.text === '') continue
    const answer = ANSWER.exec(line.text)
    const option = ABBREVIATION.test(line.text) ? null : OPTION.exec(line.text)
    if (answer) {
      if (draft) finish(draft, line, (answer[1] ?? '').trim())
      else
        report(line.offset, 'ANSWER line without a question', 'put the question and its options before the ANSWER line')
      draft = undefined
    } else if (option) {
      const letter = asciiLetter(option[1] ?? '')
      const text = (option[2] ?? '').trim()
      if (!draft) {
        // The first line of a question is always its text, so an option here means the question line is missing.
        report(
          line.offset,
          `option ${letter} has no question before it`,
          'write the question on the line above its options',
        )
        draft = { first: line, stem: [], options: [], broken: true }
      }
      const expected = String.fromCharCode(65 + draft.options.length)
      if (letter !== expected) {
        report(
          line.offset,
          `expected option ${expected}, found ${letter}`,
          'letter the options A, B, C, ... in order without gaps',
        )
        draft.broken = true
      } else if (text === '') {
        report(line.offset, `option ${letter} has no text`, 'write the option text after the letter')
        draft.broken = true
      }
      draft.options.push({ letter, text })
    } else if (draft && draft.options.length > 0) {
      // Text after options: the question before never got its ANSWER, and this line starts the next one.
      missingAnswer(draft)
      draft = { first: line, stem: [line.text], options: [], broken: false }
    } else if (draft) draft.stem.push(line.text)
    else draft = { first: line, stem: [line.text], options: [], broken: false }
  }
  if (draft) missingAnswer(draft)

  const sections = items.length === 0 ? [] : [{ id: 'questions', title: defaultSectionTitle(options), items }]
  return finishBank(
    frame,
    sections,
    diagnostics,
    options.file,
    'write Aiken questions: a question line, options "A. ...", then "ANSWER: A"',
  )
}

import { bankTotal, itemMaxPoints, questionsOf, samePoints, sectionTotal } from './bankTotals'
import type { Located, Question } from './bankTotals'
import { plural } from './bankSummary'
import { formatPath } from './diagnostics'
import type { BankPath, BankProblem } from './locate'
import type { Bank, Section } from './schema'

/**
 * Semantic checks: what the schema cannot say. Errors make a bank unusable (a key naming no option, ids that
 * collide); warnings flag where the bank disagrees with itself or with the paper it came from.
 */
export function checkBank(bank: Bank): BankProblem[] {
  return [
    ...idProblems(bank),
    ...questionsOf(bank).flatMap(({ value, path }) => [
      ...questionProblems(value, path),
      ...scenarioSumProblems(value, path),
    ]),
    ...bank.sections.flatMap((section, s) => declaredProblems(section, ['sections', s])),
    ...passMarkProblems(bank),
  ]
}

/** How messages name a question: the number printed on the paper when there is one; parts are parts. */
function label(question: Question, path: BankPath = []): string {
  if (path.includes('parts')) return `part ${question.id}`
  return 'number' in question && question.number ? `item ${question.number} (${question.id})` : `item ${question.id}`
}

function duplicates(entries: readonly Located<string>[], what: string, hint: string): BankProblem[] {
  const firstAt = new Map<string, BankPath>()
  return entries.flatMap(({ value, path }): BankProblem[] => {
    const first = firstAt.get(value)
    if (!first) {
      firstAt.set(value, path)
      return []
    }
    return [
      {
        severity: 'error',
        path,
        message: `duplicate ${what} "${value}"`,
        hint: `${hint}; first used at ${formatPath(first)}`,
      },
    ]
  })
}

function idProblems(bank: Bank): BankProblem[] {
  const sectionIds = bank.sections.map((section, s) => ({ value: section.id, path: ['sections', s, 'id'] }))
  const questionIds = questionsOf(bank).map(({ value, path }) => ({ value: value.id, path: [...path, 'id'] }))
  return [
    ...duplicates(sectionIds, 'section id', 'give each section its own id'),
    ...duplicates(
      questionIds,
      'id',
      'give each item and scenario part its own id: answers and results are recorded by id',
    ),
  ]
}

function questionProblems(question: Question, path: BankPath): BankProblem[] {
  const truncated: BankProblem[] = question.truncated
    ? [
        {
          severity: 'warning',
          path,
          message: `${label(question, path)} was cut off in the source; it holds only what was there`,
          hint: 'complete it from the original paper if you have it, or remove it; candidates see it as it is',
        },
      ]
    : []
  return [...truncated, ...choiceProblems(question, path)]
}

const letterList = (letters: readonly string[]): string => (letters.length > 0 ? letters.join(', ') : 'none')

function choiceProblems(question: Question, path: BankPath): BankProblem[] {
  if (question.type !== 'single' && question.type !== 'multiple') return []
  const letters = Object.keys(question.options).sort()
  const problems: BankProblem[] = []
  if (letters.length < 2) {
    problems.push({
      severity: 'error',
      path: [...path, 'options'],
      message: `${label(question, path)} has ${plural(letters.length, 'option')}; a choice item needs at least 2`,
      hint: 'add the missing options, or use type: short_answer or true_false',
    })
  }
  const expected = letters.map((_, index) => String.fromCharCode(65 + index))
  if (letters.join('') !== expected.join('')) {
    problems.push({
      severity: 'warning',
      path: [...path, 'options'],
      message: `${label(question, path)} has options ${letterList(letters)}; expected ${letterList(expected)}`,
      hint: 'an option may be missing from the source; add it, or reletter the options from A',
    })
  }
  const absent = (letter: string, letterPath: BankPath): BankProblem => ({
    severity: 'error',
    path: letterPath,
    message: `the key "${letter}" names no option of ${label(question, path)} (options: ${letterList(letters)})`,
    hint: 'set the key to one of the option letters, or add the missing option',
  })
  if (question.type === 'single') {
    if (!letters.includes(question.key)) problems.push(absent(question.key, [...path, 'key']))
    return problems
  }
  if (question.key.length === 1) {
    problems.push({
      severity: 'error',
      path: [...path, 'key'],
      message: `${label(question, path)} is multiple choice but its key names only "${question.key[0] ?? ''}"`,
      hint: 'use type: single for one correct option, or add the other correct letters to the key',
    })
  }
  question.key.forEach((letter, k) => {
    const letterPath = [...path, 'key', k]
    if (question.key.indexOf(letter) !== k) {
      problems.push({
        severity: 'error',
        path: letterPath,
        message: `"${letter}" appears more than once in the key of ${label(question, path)}`,
        hint: 'list each correct letter once',
      })
    } else if (!letters.includes(letter)) {
      problems.push(absent(letter, letterPath))
    }
  })
  return problems
}

function scenarioSumProblems(item: Question, path: BankPath): BankProblem[] {
  if (item.type !== 'scenario') return []
  const parts = itemMaxPoints(item)
  if (samePoints(parts, item.points)) return []
  return [
    {
      severity: 'warning',
      path: [...path, 'points'],
      message:
        `scenario ${item.id} declares ${plural(item.points, 'point')} but its parts add up to ${parts}; grading uses the parts' points` +
        ' — the paper may really say so; change the parts if it does not',
    },
  ]
}

function declaredProblems(section: Section, path: BankPath): BankProblem[] {
  const declared = section.declared
  if (!declared) return []
  const problems: BankProblem[] = []
  const at = [...path, 'declared']
  if (declared.count !== undefined && declared.count !== section.items.length) {
    problems.push({
      severity: 'warning',
      path: [...at, 'count'],
      message: `section ${section.id} declares ${plural(declared.count, 'item')} but has ${section.items.length}`,
      hint: 'an item may be missing from the source; add it, or correct the declared count',
    })
  }
  const each = declared.points_each
  if (each !== undefined) {
    section.items.forEach((item, i) => {
      if (samePoints(item.points, each)) return
      problems.push({
        severity: 'warning',
        path: [...path, 'items', i, 'points'],
        message: `${label(item)} is worth ${plural(item.points, 'point')} but section ${section.id} declares ${plural(each, 'point')} each`,
        hint: "correct the item's points, or the declared points_each",
      })
    })
  }
  const total = sectionTotal(section)
  if (declared.total !== undefined && !samePoints(declared.total, total)) {
    problems.push({
      severity: 'warning',
      path: [...at, 'total'],
      message: `section ${section.id} declares a total of ${plural(declared.total, 'point')} but its items add up to ${total}`,
      hint: "grading uses the items' points; correct them or the declared total",
    })
  }
  return problems
}

function passMarkProblems(bank: Bank): BankProblem[] {
  const total = bankTotal(bank)
  if (bank.pass_mark === undefined || bank.pass_mark <= total + 1e-6) return []
  return [
    {
      severity: 'error',
      path: ['pass_mark'],
      message: `pass_mark ${bank.pass_mark} is above the bank's total of ${plural(total, 'point')}`,
      hint: 'no candidate could pass; lower pass_mark or check the item points',
    },
  ]
}

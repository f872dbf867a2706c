import { isMap, LineCounter, parseDocument } from 'yaml'
import type { Diagnostic } from '../bank/diagnostics'
import { createLocator, locateProblems } from '../bank/locate'
import type { BankProblem } from '../bank/locate'
import { readTextFile } from '../bank/readTextFile'
import type { Bank } from '../bank/schema'
import { closestName } from '../bank/schemaKeys'
import { answerableUnits } from '../delivery/answerableUnits'
import type { AnswerableUnit } from '../delivery/answerableUnits'
import { responseSchemaFor } from '../base/responseSchema'
import type { CandidateResponse } from '../base/responseSchema'

/**
 * What the rehearsal answers. By default every objective unit gets its key (so the score is known in advance) and
 * every written one a short text (so it shows up as pending manual marking). An answers file (YAML or JSON, unit
 * id -> response) replaces the defaults; units it leaves out stay unanswered.
 */
export type RehearsalAnswers = ReadonlyMap<string, CandidateResponse>

export const rehearsalText = (unitId: string): string => `Rehearsal answer for ${unitId}`

const unitsOf = (bank: Bank): AnswerableUnit[] =>
  bank.sections.flatMap((section) => section.items.flatMap(answerableUnits))

function keyAnswer(unit: AnswerableUnit): CandidateResponse {
  switch (unit.type) {
    case 'single':
    case 'true_false':
      return unit.key
    case 'multiple':
      return [...unit.key]
    case 'short_answer':
      return rehearsalText(unit.id)
  }
}

export const keyAnswers = (bank: Bank): RehearsalAnswers =>
  new Map(unitsOf(bank).map((unit) => [unit.id, keyAnswer(unit)]))

export interface LoadedAnswers {
  answers?: RehearsalAnswers
  diagnostics: Diagnostic[]
}

const EXPECTED: Record<AnswerableUnit['type'], string> = {
  single: 'one option letter, e.g. B',
  multiple: 'a list of option letters, e.g. [A, C]',
  true_false: 'true or false',
  short_answer: 'text',
}

function entryProblem(
  unitId: string,
  value: unknown,
  bank: Bank,
  units: ReadonlyMap<string, AnswerableUnit>,
): BankProblem | undefined {
  const unit = units.get(unitId)
  if (!unit) {
    const scenario = bank.sections
      .flatMap((section) => section.items)
      .find((item) => item.id === unitId && item.type === 'scenario')
    if (scenario?.type === 'scenario') {
      const parts = scenario.parts.map((part) => part.id).join(', ')
      return {
        severity: 'error',
        path: [unitId],
        at: 'key',
        message: `${unitId} is a scenario; answer its parts instead`,
        hint: `its parts are ${parts}`,
      }
    }
    const guess = closestName(unitId, [...units.keys()])
    const hint = guess ? `did you mean "${guess}"?` : 'use the item ids (or scenario part ids) of the bank'
    return {
      severity: 'error',
      path: [unitId],
      at: 'key',
      message: `bank ${bank.id} has no item or scenario part "${unitId}"`,
      hint,
    }
  }
  if (!responseSchemaFor(unit.type).safeParse(value).success) {
    return {
      severity: 'error',
      path: [unitId],
      message: `the answer to ${unitId} (${unit.type}) must be ${EXPECTED[unit.type]}`,
    }
  }
  const letters = typeof value === 'string' ? [value] : Array.isArray(value) ? (value as string[]) : []
  if (unit.type === 'single' || unit.type === 'multiple') {
    const unknown = letters.find((letter) => !Object.hasOwn(unit.options, letter))
    if (unknown !== undefined) {
      const hint = `its options are ${Object.keys(unit.options).sort().join(', ')}`
      return { severity: 'error', path: [unitId], message: `${unitId} has no option ${unknown}`, hint }
    }
  }
  return undefined
}

const wholeFile = (
  file: string,
  message: string,
  hint = 'an answers file maps unit ids to answers, e.g. "single-1: B"',
): LoadedAnswers => ({
  diagnostics: [{ severity: 'error', file, line: 0, column: 0, path: '', message, hint }],
})

/** Parses and checks an answers file against the bank. Never throws on bad input: problems come back located. */
export function loadAnswersText(text: string, file: string, bank: Bank): LoadedAnswers {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const syntax = doc.errors.at(0)
  if (syntax) {
    const { line, col } = lineCounter.linePos(syntax.pos[0])
    return {
      diagnostics: [
        { severity: 'error', file, line, column: col, path: '', message: `YAML syntax: ${syntax.message}` },
      ],
    }
  }
  if (!isMap(doc.contents)) return wholeFile(file, 'the file does not hold a mapping of unit ids to answers')
  let data: Record<string, unknown>
  try {
    data = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>
  } catch (error) {
    return wholeFile(file, `YAML: ${(error as Error).message}`)
  }
  const units = new Map(unitsOf(bank).map((unit) => [unit.id, unit]))
  const entries = Object.entries(data)
  const problems = entries.flatMap(([unitId, value]) => entryProblem(unitId, value, bank, units) ?? [])
  if (problems.length > 0) return { diagnostics: locateProblems(problems, createLocator(doc, lineCounter), file) }
  return { answers: new Map(entries.map(([unitId, value]) => [unitId, value as CandidateResponse])), diagnostics: [] }
}

export async function loadAnswersFile(path: string, bank: Bank): Promise<LoadedAnswers> {
  const read = await readTextFile(path)
  return read.ok ? loadAnswersText(read.text, path, bank) : wholeFile(path, read.message, read.hint)
}

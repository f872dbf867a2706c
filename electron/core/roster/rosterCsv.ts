import { parseCsv, type CsvProblemCode } from './csv'
import { candidateKey, type RosterEntry } from './rosterEntry'

/**
 * The roster file: CSV (RFC 4180, UTF-8 with or without BOM) whose header names the columns, in any order:
 * `candidate_id` and `name` (required), `extra_percent` (0-400, decimals allowed) and `extra_minutes` (whole, 0-1440)
 * (optional; empty means none). Every problem is reported with its line (and column), not just the first, so one
 * pass over the spreadsheet fixes them all. Limits match what a session accepts for a candidate.
 */
export const ROSTER_COLUMNS = ['candidate_id', 'name', 'extra_percent', 'extra_minutes'] as const
export type RosterColumn = (typeof ROSTER_COLUMNS)[number]
/** A sitting's roster adds a required `seat` column (parseSeatedRosterCsv); the station roster has none. */
export const SEAT_COLUMN = 'seat'
/** And an optional `exam_id`: which of the sitting's exams the candidate sits (buildSitting checks it names one). */
export const EXAM_COLUMN = 'exam_id'
type Column = RosterColumn | typeof SEAT_COLUMN | typeof EXAM_COLUMN
export const MAX_ROSTER_ROWS = 10_000

export type RosterErrorCode =
  | CsvProblemCode
  | 'EMPTY_FILE'
  | 'MISSING_COLUMN'
  | 'UNKNOWN_COLUMN'
  | 'DUPLICATE_COLUMN'
  | 'FIELD_COUNT'
  | 'REQUIRED'
  | 'TOO_LONG'
  | 'DUPLICATE_ID'
  | 'NOT_A_NUMBER'
  | 'NOT_WHOLE'
  | 'OUT_OF_RANGE'
  | 'TOO_MANY_ROWS'

export interface RosterRowError {
  line: number
  column?: string
  code: RosterErrorCode
  /** English, for logs; the UI translates `code` with `params`. */
  message: string
  params?: Record<string, string | number>
}

const LIMITS = { candidate_id: 200, name: 500, seat: 16, exam_id: 200 } as const
/** Required when the file may have them, checked in this order on each row. */
const REQUIRED = ['candidate_id', 'name', SEAT_COLUMN] as const
const NUMBER_LIMITS = {
  extra_percent: { min: 0, max: 400, whole: false },
  extra_minutes: { min: 0, max: 24 * 60, whole: true },
} as const
const NUMBER_PATTERN = /^\d+(\.\d+)?$/

const error = (
  line: number,
  code: RosterErrorCode,
  message: string,
  column?: string,
  params?: Record<string, string | number>,
): RosterRowError => ({
  line,
  ...(column === undefined ? {} : { column }),
  code,
  message,
  ...(params === undefined ? {} : { params }),
})

/** The header's columns by position, or the header's errors. */
function readHeader(
  fields: readonly string[],
  line: number,
  allowed: readonly Column[],
): { columns: Column[]; errors: RosterRowError[] } {
  const columns: Column[] = []
  const errors: RosterRowError[] = []
  const isColumn = (name: string): name is Column => (allowed as readonly string[]).includes(name)
  for (const raw of fields) {
    const name = raw.trim().toLowerCase()
    if (!isColumn(name))
      errors.push(error(line, 'UNKNOWN_COLUMN', `unknown column "${raw}"`, raw, { expected: allowed.join(', ') }))
    else if (columns.includes(name)) errors.push(error(line, 'DUPLICATE_COLUMN', `column ${name} appears twice`, name))
    else columns.push(name)
  }
  const required = REQUIRED.filter((column) => allowed.includes(column))
  for (const column of required) {
    if (!columns.includes(column))
      errors.push(error(line, 'MISSING_COLUMN', `the header has no ${column} column`, column))
  }
  return { columns, errors }
}

function readNumber(
  value: string,
  column: 'extra_percent' | 'extra_minutes',
  line: number,
  errors: RosterRowError[],
): number | undefined {
  if (value === '') return undefined
  const limits = NUMBER_LIMITS[column]
  if (!NUMBER_PATTERN.test(value)) {
    errors.push(error(line, 'NOT_A_NUMBER', `${column} "${value}" is not a number`, column, { value }))
    return undefined
  }
  const number = Number(value)
  if (limits.whole && !Number.isInteger(number)) {
    errors.push(error(line, 'NOT_WHOLE', `${column} must be a whole number of minutes`, column, { value }))
    return undefined
  }
  if (number < limits.min || number > limits.max) {
    errors.push(
      error(line, 'OUT_OF_RANGE', `${column} must be from ${String(limits.min)} to ${String(limits.max)}`, column, {
        value,
        min: limits.min,
        max: limits.max,
      }),
    )
    return undefined
  }
  return number
}

/** A candidate of a sitting's roster: the station's entry, the seat, the exam if named, and the CSV line that gave it. */
export interface SeatedRosterEntry extends RosterEntry {
  seat: string
  line: number
}

export function parseRosterCsv(text: string): { entries: RosterEntry[]; errors: RosterRowError[] } {
  const { entries, errors } = parseRoster(text, ROSTER_COLUMNS)
  return {
    entries: entries.map(({ candidateId, name, accommodations }) => ({ candidateId, name, accommodations })),
    errors,
  }
}

/**
 * The roster of a sitting file: the same rules, plus a required `seat` column (at most 16 characters) and an
 * optional `exam_id` (at most 200; empty means the sitting's one exam).
 */
export function parseSeatedRosterCsv(text: string): { entries: SeatedRosterEntry[]; errors: RosterRowError[] } {
  return parseRoster(text, [...ROSTER_COLUMNS, SEAT_COLUMN, EXAM_COLUMN])
}

function parseRoster(
  text: string,
  allowed: readonly Column[],
): { entries: SeatedRosterEntry[]; errors: RosterRowError[] } {
  const { records, problems } = parseCsv(text)
  const errors: RosterRowError[] = problems.map((p) =>
    error(
      p.line,
      p.code,
      `CSV syntax: ${p.code.toLowerCase().replaceAll('_', ' ')} (field ${String(p.field)})`,
      undefined,
      { field: p.field },
    ),
  )
  const [header, ...rows] = records
  if (!header)
    return {
      entries: [],
      errors: errors.length > 0 ? errors : [error(1, 'EMPTY_FILE', 'the file has no header and no rows')],
    }
  const { columns, errors: headerErrors } = readHeader(header.fields, header.line, allowed)
  if (headerErrors.length > 0) return { entries: [], errors: [...errors, ...headerErrors] }

  const entries: SeatedRosterEntry[] = []
  const firstLineOf = new Map<string, number>()
  for (const [index, row] of rows.entries()) {
    if (index >= MAX_ROSTER_ROWS) {
      errors.push(
        error(row.line, 'TOO_MANY_ROWS', `a roster has at most ${String(MAX_ROSTER_ROWS)} candidates`, undefined, {
          max: MAX_ROSTER_ROWS,
        }),
      )
      break
    }
    if (row.fields.length !== columns.length) {
      errors.push(
        error(
          row.line,
          'FIELD_COUNT',
          `expected ${String(columns.length)} fields, found ${String(row.fields.length)}`,
          undefined,
          { expected: columns.length, found: row.fields.length },
        ),
      )
      continue
    }
    const cell = (column: Column): string => (row.fields[columns.indexOf(column)] ?? '').normalize('NFC').trim()
    const before = errors.length
    for (const column of REQUIRED.filter((name) => columns.includes(name))) {
      const value = cell(column)
      if (value === '') errors.push(error(row.line, 'REQUIRED', `${column} is empty`, column))
      else if ([...value].length > LIMITS[column])
        errors.push(
          error(row.line, 'TOO_LONG', `${column} is longer than ${String(LIMITS[column])} characters`, column, {
            max: LIMITS[column],
          }),
        )
    }
    const candidateId = cell('candidate_id')
    const first = firstLineOf.get(candidateKey(candidateId))
    if (candidateId !== '' && first !== undefined) {
      errors.push(
        error(
          row.line,
          'DUPLICATE_ID',
          `candidate ${candidateId} is already on line ${String(first)}`,
          'candidate_id',
          { value: candidateId, firstLine: first },
        ),
      )
    } else if (candidateId !== '') firstLineOf.set(candidateKey(candidateId), row.line)
    const extraPercent = columns.includes('extra_percent')
      ? readNumber(cell('extra_percent'), 'extra_percent', row.line, errors)
      : undefined
    const extraMinutes = columns.includes('extra_minutes')
      ? readNumber(cell('extra_minutes'), 'extra_minutes', row.line, errors)
      : undefined
    const examId = columns.includes(EXAM_COLUMN) ? cell(EXAM_COLUMN) : ''
    if ([...examId].length > LIMITS.exam_id)
      errors.push(
        error(row.line, 'TOO_LONG', `exam_id is longer than ${String(LIMITS.exam_id)} characters`, EXAM_COLUMN, {
          max: LIMITS.exam_id,
        }),
      )
    if (errors.length > before) continue
    entries.push({
      candidateId,
      name: cell('name'),
      accommodations: { ...(extraPercent ? { extraPercent } : {}), ...(extraMinutes ? { extraMinutes } : {}) },
      seat: cell(SEAT_COLUMN),
      ...(examId === '' ? {} : { examId }),
      line: row.line,
    })
  }
  errors.sort((a, b) => a.line - b.line)
  return { entries, errors }
}

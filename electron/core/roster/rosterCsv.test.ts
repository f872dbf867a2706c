import { describe, expect, it } from 'vitest'
import { MAX_ROSTER_ROWS, parseRosterCsv, parseSeatedRosterCsv } from './rosterCsv'

const codes = (text: string) =>
  parseRosterCsv(text).errors.map(({ line, column, code }) => ({ line, ...(column ? { column } : {}), code }))

describe('the roster CSV', () => {
  it('reads the required columns and the optional extra time, in any order, with or without BOM', () => {
    const text =
      '\uFEFFName,candidate_id,extra_minutes,extra_percent\r\n陳大文,C-001,,\r\n"Lee, Ann",C-002,15,\r\nBo,C-003,,25.5\r\n'
    expect(parseRosterCsv(text)).toEqual({
      entries: [
        { candidateId: 'C-001', name: '陳大文', accommodations: {} },
        { candidateId: 'C-002', name: 'Lee, Ann', accommodations: { extraMinutes: 15 } },
        { candidateId: 'C-003', name: 'Bo', accommodations: { extraPercent: 25.5 } },
      ],
      errors: [],
    })
  })

  it('locates every row error by line and column, and imports none of those rows', () => {
    const text = [
      'candidate_id,name,extra_percent,extra_minutes',
      'C-001,陳大文,,',
      ',No Id,,',
      'C-003,,,',
      'c-001,Again,,',
      'C-005,Five,lots,',
      'C-006,Six,500,',
      'C-007,Seven,,2.5',
      'C-008,Eight',
      'C-009,Nine,,10',
    ].join('\n')
    const { entries, errors } = parseRosterCsv(text)
    expect(entries.map((entry) => entry.candidateId)).toEqual(['C-001', 'C-009'])
    expect(codes(text)).toEqual([
      { line: 3, column: 'candidate_id', code: 'REQUIRED' },
      { line: 4, column: 'name', code: 'REQUIRED' },
      { line: 5, column: 'candidate_id', code: 'DUPLICATE_ID' },
      { line: 6, column: 'extra_percent', code: 'NOT_A_NUMBER' },
      { line: 7, column: 'extra_percent', code: 'OUT_OF_RANGE' },
      { line: 8, column: 'extra_minutes', code: 'NOT_WHOLE' },
      { line: 9, code: 'FIELD_COUNT' },
    ])
    expect(errors.find((e) => e.code === 'DUPLICATE_ID')?.params).toEqual({ value: 'c-001', firstLine: 2 })
  })

  it('refuses a header without the required columns or with unknown or repeated ones', () => {
    expect(codes('id,name\nC1,A')).toEqual([
      { line: 1, column: 'id', code: 'UNKNOWN_COLUMN' },
      { line: 1, column: 'candidate_id', code: 'MISSING_COLUMN' },
    ])
    expect(codes('candidate_id,name,name\n')).toEqual([{ line: 1, column: 'name', code: 'DUPLICATE_COLUMN' }])
    expect(codes('')).toEqual([{ line: 1, code: 'EMPTY_FILE' }])
  })

  it('numbers rows after a quoted line break by the line they start on, and reports CSV syntax errors', () => {
    expect(parseRosterCsv('candidate_id,name\nC1,"two\nlines"\nC2,B').entries.map((e) => e.name)).toEqual([
      'two\nlines',
      'B',
    ])
    expect(codes('candidate_id,name\nC1,"two\nlines"\nC2,B"ad')).toEqual([{ line: 4, code: 'QUOTE_IN_FIELD' }])
  })

  it('limits the length of ids and names and the number of rows', () => {
    expect(codes(`candidate_id,name\n${'x'.repeat(201)},A`)).toEqual([
      { line: 2, column: 'candidate_id', code: 'TOO_LONG' },
    ])
    const many = [
      'candidate_id,name',
      ...Array.from({ length: MAX_ROSTER_ROWS + 1 }, (_, i) => `C${String(i)},N`),
    ].join('\n')
    expect(codes(many)).toEqual([{ line: MAX_ROSTER_ROWS + 2, code: 'TOO_MANY_ROWS' }])
  })

  it('reads a sitting roster with its required seat column, which the station roster refuses', () => {
    const text = `candidate_id,name,seat,extra_percent\nC-001,陳大文, a-01 ,\nC-002,Bo,,25\nC-003,Di,${'X'.repeat(17)},\n`
    expect(parseSeatedRosterCsv(text)).toEqual({
      entries: [{ candidateId: 'C-001', name: '陳大文', seat: 'a-01', line: 2, accommodations: {} }],
      errors: [
        expect.objectContaining({ line: 3, column: 'seat', code: 'REQUIRED' }),
        expect.objectContaining({ line: 4, column: 'seat', code: 'TOO_LONG' }),
      ],
    })
    expect(parseSeatedRosterCsv('candidate_id,name\nC1,A').errors).toEqual([
      expect.objectContaining({ line: 1, column: 'seat', code: 'MISSING_COLUMN' }),
    ])
    expect(codes('candidate_id,name,seat\nC1,A,A-01')).toEqual([{ line: 1, column: 'seat', code: 'UNKNOWN_COLUMN' }])
  })
})

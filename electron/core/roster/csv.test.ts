import { describe, expect, it } from 'vitest'
import { parseCsv } from './csv'

describe('parseCsv (RFC 4180)', () => {
  it('reads plain records with CRLF, LF or CR line ends, skipping blank lines and a final line end', () => {
    expect(parseCsv('a,b\r\nc,d\ne,f\rg,h\n\n')).toEqual({
      records: [
        { line: 1, fields: ['a', 'b'] },
        { line: 2, fields: ['c', 'd'] },
        { line: 3, fields: ['e', 'f'] },
        { line: 4, fields: ['g', 'h'] },
      ],
      problems: [],
    })
  })

  it('drops a UTF-8 byte order mark and keeps empty fields', () => {
    expect(parseCsv('\uFEFFid,name,,\n').records).toEqual([{ line: 1, fields: ['id', 'name', '', ''] }])
  })

  it('reads quoted fields with commas, doubled quotes and line breaks, and numbers records by their first line', () => {
    const { records, problems } = parseCsv('id,name\n"C,1","陳 ""大文"""\n"C2","two\r\nlines"\nC3,三\n')
    expect(problems).toEqual([])
    expect(records).toEqual([
      { line: 1, fields: ['id', 'name'] },
      { line: 2, fields: ['C,1', '陳 "大文"'] },
      { line: 3, fields: ['C2', 'two\r\nlines'] },
      { line: 5, fields: ['C3', '三'] },
    ])
  })

  it('locates a quote inside an unquoted field and text after a closing quote, and goes on with the next line', () => {
    const { records, problems } = parseCsv('a,b\nC1,O"Brien\n"C2"x,b\nC3,c')
    expect(problems).toEqual([
      { line: 2, field: 2, code: 'QUOTE_IN_FIELD' },
      { line: 3, field: 1, code: 'TEXT_AFTER_QUOTE' },
    ])
    expect(records.map((record) => record.line)).toEqual([1, 4])
  })

  it('reports a quote never closed at the line it opened on', () => {
    expect(parseCsv('a,b\nC1,"open\nC2,b\n').problems).toEqual([{ line: 2, field: 2, code: 'UNTERMINATED_QUOTE' }])
  })

  it('reads an empty text as no records', () => {
    expect(parseCsv('')).toEqual({ records: [], problems: [] })
    expect(parseCsv('\uFEFF\n\n')).toEqual({ records: [], problems: [] })
  })
})

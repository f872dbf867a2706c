/**
 * A small RFC 4180 reader: comma-separated fields, fields in double quotes may hold commas, line breaks and doubled
 * quotes (""). Accepts CRLF, LF or CR line ends and a UTF-8 byte order mark. Each record keeps the line it starts on,
 * so an error in a spreadsheet export can be found by its line number. Strict where leniency would guess: a quote
 * inside an unquoted field, text after a closing quote, or a quote never closed is a located problem.
 */
export interface CsvRecord {
  /** 1-based line of the file on which the record starts. */
  line: number
  fields: string[]
}

export type CsvProblemCode = 'UNTERMINATED_QUOTE' | 'TEXT_AFTER_QUOTE' | 'QUOTE_IN_FIELD'

export interface CsvProblem {
  line: number
  /** 1-based position of the field in its record. */
  field: number
  code: CsvProblemCode
}

export interface CsvParse {
  records: CsvRecord[]
  problems: CsvProblem[]
}

const isLineEnd = (char: string | undefined): boolean => char === '\n' || char === '\r'

export function parseCsv(input: string): CsvParse {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input
  const records: CsvRecord[] = []
  const problems: CsvProblem[] = []
  let line = 1
  let i = 0

  /** Moves past one line end (CRLF counts once) and counts it. */
  const newline = (): void => {
    if (text[i] === '\r' && text[i + 1] === '\n') i++
    i++
    line++
  }
  /** After a problem, the rest of the record's physical line is skipped. */
  const skipToLineEnd = (): void => {
    while (i < text.length && !isLineEnd(text[i])) i++
  }

  while (i < text.length) {
    const start = line
    const fields: string[] = []
    let broken = false
    for (;;) {
      let value = ''
      if (text[i] === '"') {
        i++
        let closed = false
        while (i < text.length) {
          const char = text[i]
          if (char === '"' && text[i + 1] === '"') {
            value += '"'
            i += 2
          } else if (char === '"') {
            i++
            closed = true
            break
          } else if (isLineEnd(char)) {
            value += char === '\r' && text[i + 1] === '\n' ? '\r\n' : char
            newline()
          } else {
            value += char
            i++
          }
        }
        if (!closed) {
          problems.push({ line: start, field: fields.length + 1, code: 'UNTERMINATED_QUOTE' })
          return { records, problems }
        }
        if (i < text.length && text[i] !== ',' && !isLineEnd(text[i])) {
          problems.push({ line, field: fields.length + 1, code: 'TEXT_AFTER_QUOTE' })
          broken = true
        }
      } else {
        while (i < text.length && text[i] !== ',' && !isLineEnd(text[i])) {
          if (text[i] === '"') {
            problems.push({ line, field: fields.length + 1, code: 'QUOTE_IN_FIELD' })
            broken = true
            break
          }
          value += text[i]
          i++
        }
      }
      if (broken) {
        skipToLineEnd()
        break
      }
      fields.push(value)
      if (text[i] === ',') {
        i++
        continue
      }
      break
    }
    if (!broken && !(fields.length === 1 && fields[0] === '')) records.push({ line: start, fields })
    if (i < text.length) newline()
  }
  return { records, problems }
}

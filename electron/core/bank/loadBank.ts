import { isCollection, isMap, LineCounter, parseDocument, visit } from 'yaml'
import type { Document, YAMLError } from 'yaml'
import { checkBank } from './checks'
import { hasErrors } from './diagnostics'
import type { Diagnostic } from './diagnostics'
import { createLocator, locateProblems } from './locate'
import { bankSchema, BANK_FORMAT } from './schema'
import type { Bank } from './schema'
import { MAX_TEXT_BYTES, readTextFile } from './readTextFile'
import { schemaProblems } from './schemaIssues'

/** A bank only when there is no error; diagnostics always, warnings included. */
export interface LoadedBank {
  bank?: Bank
  diagnostics: Diagnostic[]
}

const START_HINT = `a bank is a YAML (or JSON) mapping that starts with format: ${BANK_FORMAT}`

function wholeFile(file: string, message: string, hint = START_HINT): LoadedBank {
  return { diagnostics: [{ severity: 'error', file, line: 0, column: 0, path: '', message, hint }] }
}

/** Whole-file problems first, then in source order, so an author can walk the file top to bottom. */
const bySourceOrder = (a: Diagnostic, b: Diagnostic): number => a.line - b.line || a.column - b.column

const UNCLOSED = 'check that every {, [ and quote opened above is closed, and that the indentation lines up'
const YAML_HINTS: Partial<Record<YAMLError['code'], string>> = {
  TAB_AS_INDENT: 'indent with spaces; YAML does not allow tabs for indentation',
  BAD_INDENT: UNCLOSED,
  MISSING_CHAR: UNCLOSED,
  // The usual cause in exam text: a colon inside a stem or option.
  BLOCK_AS_IMPLICIT_KEY: 'text containing ": " needs quotes, e.g. stem: "Note: read carefully"',
  MULTILINE_IMPLICIT_KEY: 'text containing ": " needs quotes, e.g. stem: "Note: read carefully"',
  MULTIPLE_DOCS: 'a bank file holds one document; remove the --- line or split the file',
}

function yamlDiagnostic(
  problem: YAMLError,
  severity: Diagnostic['severity'],
  text: string,
  file: string,
  lineCounter: LineCounter,
): Diagnostic {
  const { line, col } = lineCounter.linePos(problem.pos[0])
  const at = { severity, file, line, column: col, path: '' }
  if (problem.code === 'DUPLICATE_KEY') {
    const key = /^("[^"]*"|'[^']*'|[^:\s]+)/.exec(text.slice(problem.pos[0]))?.[0] ?? ''
    const quoted = /^["']/.test(key) ? key : `"${key}"`
    return {
      ...at,
      message: `duplicate key ${quoted}`,
      hint: 'each key may appear once in a mapping; remove or rename one of them',
    }
  }
  const hint = YAML_HINTS[problem.code]
  return { ...at, message: `YAML syntax: ${problem.message}`, ...(hint ? { hint } : {}) }
}

/** The offset of the first list or mapping used as a key (`[a, b]: x`): no bank has one, and a JS object cannot. */
function firstCollectionKey(doc: Document): number | undefined {
  let offset: number | undefined
  visit(doc, {
    Pair(_, pair) {
      if (!isCollection(pair.key)) return undefined
      offset = pair.key.range?.[0] ?? 0
      return visit.BREAK
    },
  })
  return offset
}

/**
 * Parses and validates a bank: YAML syntax (JSON is YAML too), then the schema, then the semantic checks. Never
 * throws on bad input; every problem comes back as a located diagnostic.
 */
export function loadBankText(text: string, file: string): LoadedBank {
  if (text.length > MAX_TEXT_BYTES)
    return wholeFile(file, 'the file is larger than 10 MB; it is not a bank', 'check the file name')
  if (text.includes('\u0000'))
    return wholeFile(file, 'the file is binary, not text; it is not a bank', 'check the file name')

  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  // Only the first syntax error: the parser's later ones are mostly echoes of it (an unclosed bracket reports
  // at every line after it), and fixing the first often clears the rest.
  const firstError = doc.errors.at(0)
  if (firstError) return { diagnostics: [yamlDiagnostic(firstError, 'error', text, file, lineCounter)] }
  const syntax = doc.warnings.map((problem) => yamlDiagnostic(problem, 'warning', text, file, lineCounter))
  if (doc.contents === null) return wholeFile(file, 'the file is empty')
  if (!isMap(doc.contents)) return wholeFile(file, 'the file holds a list or a single value, not a bank')

  const collectionKey = firstCollectionKey(doc)
  if (collectionKey !== undefined) {
    const { line, col } = lineCounter.linePos(collectionKey)
    const message = 'a key must be plain text, not a list or a mapping'
    return {
      diagnostics: [
        {
          severity: 'error',
          file,
          line,
          column: col,
          path: '',
          message,
          hint: 'check the colons and brackets on this line',
        },
      ],
    }
  }

  let data: unknown
  try {
    data = doc.toJS({ maxAliasCount: 100 })
  } catch (error) {
    return wholeFile(
      file,
      `YAML: ${error instanceof Error ? error.message : String(error)}`,
      'check the anchors (&name) and aliases (*name)',
    )
  }
  // Neither key: some other YAML file, and a page of schema errors would only bury that.
  if (!doc.contents.has('format') && !doc.contents.has('sections')) {
    return wholeFile(file, 'the file has no format and no sections; it is not a bank')
  }

  const parsed = bankSchema.safeParse(data)
  const problems = parsed.success ? checkBank(parsed.data) : schemaProblems(parsed.error.issues, data)
  const diagnostics = [...syntax, ...locateProblems(problems, createLocator(doc, lineCounter), file)].sort(
    bySourceOrder,
  )
  return parsed.success && !hasErrors(diagnostics) ? { bank: parsed.data, diagnostics } : { diagnostics }
}

/** Reads and validates a bank file; an unreadable, oversized or non-UTF-8 file is one diagnostic, not an exception. */
export async function loadBankFile(path: string): Promise<LoadedBank> {
  const read = await readTextFile(path)
  return read.ok ? loadBankText(read.text, path) : wholeFile(path, read.message, read.hint)
}

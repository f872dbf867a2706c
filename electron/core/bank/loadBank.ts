import { dirname } from 'node:path'
import { isMap, LineCounter, parseDocument } from 'yaml'
import { readBankAssets } from './assets/bankAssets'
import type { BankAsset } from './assets/bankAssets'
import type { YAMLError } from 'yaml'
import { checkBank } from './checks'
import { hasErrors } from './diagnostics'
import type { Diagnostic } from './diagnostics'
import { createLocator, locateProblems } from './locate'
import type { BankProblem } from './locate'
import { findKeyProblems } from './mappingKeys'
import { bankSchema, BANK_FORMAT } from './schema'
import type { Bank } from './schema'
import { MAX_TEXT_BYTES, readTextFile } from './readTextFile'
import { schemaProblems } from './schemaIssues'

/** A bank only when there is no error; diagnostics always, warnings included. */
export interface LoadedBank {
  bank?: Bank
  diagnostics: Diagnostic[]
  /** The images a markdown bank shows, read from beside the bank file (loadBankFile only). */
  assets?: BankAsset[]
}

/** loadBankText's result, with the locator for problems found later (the images beside the file). */
interface ParsedBank extends LoadedBank {
  locate?: (problems: readonly BankProblem[]) => Diagnostic[]
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

type SyntaxProblem = Pick<YAMLError, 'code' | 'message' | 'pos'>

const UNFIT_KEYS = {
  collection: {
    message: 'a key must be plain text, not a list or a mapping',
    hint: 'check the colons and brackets on this line',
  },
  proto: {
    message: 'the key "__proto__" is not allowed',
    hint: 'no key of a bank is named __proto__; remove it (option letters are single capitals A–Z)',
  },
} as const

function yamlDiagnostic(
  problem: SyntaxProblem,
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

/**
 * The parser's first error or the first repeated key, whichever comes first in the file; the repeated key worded as
 * the parser's own DUPLICATE_KEY error would be.
 */
function firstSyntaxError(errors: readonly YAMLError[], duplicate: number | undefined): SyntaxProblem | undefined {
  const first = errors.at(0)
  if (duplicate === undefined || (first && first.pos[0] <= duplicate)) return first
  return { code: 'DUPLICATE_KEY', message: 'Map keys must be unique', pos: [duplicate, duplicate + 1] }
}

/**
 * Parses and validates a bank: YAML syntax (JSON is YAML too), then the schema, then the semantic checks. Never
 * throws on bad input; every problem comes back as a located diagnostic.
 */
export function loadBankText(text: string, file: string): LoadedBank {
  const { bank, diagnostics } = parseBank(text, file)
  return bank ? { bank, diagnostics } : { diagnostics }
}

function parseBank(text: string, file: string): ParsedBank {
  if (text.length > MAX_TEXT_BYTES)
    return wholeFile(file, 'the file is larger than 10 MB; it is not a bank', 'check the file name')
  if (text.includes('\u0000'))
    return wholeFile(file, 'the file is binary, not text; it is not a bank', 'check the file name')

  const lineCounter = new LineCounter()
  // uniqueKeys off: the parser's check is quadratic in a mapping's size; findKeyProblems makes it in one pass.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false })
  const keys = findKeyProblems(doc)
  // Only the first syntax error: the parser's later ones are mostly echoes of it (an unclosed bracket reports
  // at every line after it), and fixing the first often clears the rest.
  const firstError = firstSyntaxError(doc.errors, keys.duplicate)
  if (firstError) return { diagnostics: [yamlDiagnostic(firstError, 'error', text, file, lineCounter)] }
  const syntax = doc.warnings.map((problem) => yamlDiagnostic(problem, 'warning', text, file, lineCounter))
  if (doc.contents === null) return wholeFile(file, 'the file is empty')
  if (!isMap(doc.contents)) return wholeFile(file, 'the file holds a list or a single value, not a bank')

  if (keys.unfit) {
    const { line, col } = lineCounter.linePos(keys.unfit.offset)
    const at = { severity: 'error', file, line, column: col, path: '' } as const
    return { diagnostics: [{ ...at, ...UNFIT_KEYS[keys.unfit.kind] }] }
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
  const locator = createLocator(doc, lineCounter)
  const locate = (found: readonly BankProblem[]): Diagnostic[] => locateProblems(found, locator, file)
  const diagnostics = [...syntax, ...locate(problems)].sort(bySourceOrder)
  return parsed.success && !hasErrors(diagnostics) ? { bank: parsed.data, diagnostics, locate } : { diagnostics }
}

/**
 * Reads and validates a bank file; an unreadable, oversized or non-UTF-8 file is one diagnostic, not an exception.
 * A markdown bank's images are read from beside it and checked too, each problem located at the text naming it.
 */
export async function loadBankFile(path: string): Promise<LoadedBank> {
  const read = await readTextFile(path)
  if (!read.ok) return wholeFile(path, read.message, read.hint)
  const { bank, diagnostics, locate } = parseBank(read.text, path)
  if (!bank || !locate) return { diagnostics }
  const { assets, problems } = await readBankAssets(bank, dirname(path))
  const all = [...diagnostics, ...locate(problems)].sort(bySourceOrder)
  return hasErrors(all) ? { diagnostics: all } : { bank, diagnostics: all, assets }
}

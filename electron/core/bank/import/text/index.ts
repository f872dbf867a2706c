import { checkBank } from '../../checks'
import { formatPath, offsetToLineColumn } from '../../diagnostics'
import type { Diagnostic } from '../../diagnostics'
import { bankFrame, finishBank } from '../bankDefaults'
import { withLfLineBreaks } from '../lineBreaks'
import type { Importer, ImportResult } from '../types'
import { applyAnswerSection } from './answerKey'
import type { LastAnswerSubsection } from './answerKey'
import { buildSections } from './build'
import type { BuiltField } from './build'
import { createReport } from './draft'
import type { Report } from './draft'
import { findAnswerSection } from './headings'
import { findMojibake, printable } from './mojibake'
import { findPaperBody, removePinyin } from './normalize'
import { parseSections } from './sections'
import { markTruncation } from './truncation'

const HEADING_EXAMPLE = '一、單選題(共10題,每題2分,合計20分)'

const bySourceOrder = (a: Diagnostic, b: Diagnostic): number => a.line - b.line || a.column - b.column

function reportMojibake(text: string, fields: readonly BuiltField[], report: Report): void {
  for (const spot of findMojibake(text)) {
    const field = fields.find(({ field: spans }) =>
      spans.some((span) => span.start <= spot.start && spot.start < span.end),
    )
    const context = printable(text.slice(Math.max(0, spot.start - 4), spot.end + 4).replace(/\s+/g, ' '))
    report(
      'warning',
      spot.start,
      `possible encoding damage (mojibake) in "${context}": "?" or junk where characters were probably lost`,
      'the importer keeps the text as it is; compare with the original paper, correct it by hand in the bank and say so in the item notes',
      field ? formatPath(field.path) : '',
    )
  }
}

/** The validator's errors on an imported bank are importer bugs; they must never reach an author as a bank. */
function withChecks(result: ImportResult, file: string): ImportResult {
  if (!result.bank) return result
  const errors = checkBank(result.bank).filter((problem) => problem.severity === 'error')
  if (errors.length === 0) return result
  const hint = 'the importer produced this; please report it with the input file'
  const diagnostics = errors.map((problem): Diagnostic => ({
    severity: 'error',
    file,
    line: 0,
    column: 0,
    path: formatPath(problem.path),
    message: problem.message,
    hint,
  }))
  return { diagnostics: [...result.diagnostics, ...diagnostics] }
}

/**
 * Papers laid out like the seed exams: 一、單選題(共10題,…) headings, numbered items with options run together,
 * keys inline or in a trailing 答案與解析 section, scenarios with sub-questions. Site boilerplate and pinyin
 * annotations are dropped; truncation and encoding damage are marked and reported, never repaired.
 */
export const importTextPaper: Importer = (raw, options) => {
  const input = withLfLineBreaks(raw)
  const diagnostics: Diagnostic[] = []
  const done = (result: ImportResult): ImportResult => ({
    ...result,
    diagnostics: result.diagnostics.sort(bySourceOrder),
  })
  const paper = findPaperBody(removePinyin(input))
  if (!paper) {
    const { line, column } = offsetToLineColumn(input, input.search(/\S|$/))
    const message = `found no section heading; expected a line with a numbered heading such as ${HEADING_EXAMPLE}`
    return {
      diagnostics: [
        {
          severity: 'error',
          file: options.file,
          line,
          column,
          path: '',
          message,
          hint: 'check that this is an exam paper in the 一、二、… layout',
        },
      ],
    }
  }
  const { text } = paper.body
  const report = createReport(input, options.file, paper.body, diagnostics)
  const frame = bankFrame(text, options, 'the paper', diagnostics)

  const answerSection = findAnswerSection(text, 0)
  const drafts = parseSections(text, { start: 0, end: answerSection?.start ?? text.length }, report)
  if (!drafts) return done({ diagnostics })
  const answers: { ok: boolean; last?: LastAnswerSubsection } = answerSection
    ? applyAnswerSection(text, { start: answerSection.contentStart, end: text.length }, drafts, report)
    : { ok: true }
  if (!answers.ok) return done({ diagnostics })
  const truncation = markTruncation(text, drafts, answers.last, report)
  const built = buildSections(text, drafts, report)
  reportMojibake(text, built?.fields ?? [], report)
  if (!built) return done({ diagnostics })

  const title = options.title?.trim() ? frame.title : (paper.title?.text ?? frame.title)
  const source = {
    ...frame.source,
    description: 'Imported from a text paper',
    ...(truncation ? { truncated: true, notes: truncation } : {}),
  }
  const result = finishBank(
    { ...frame, title, source },
    built.sections,
    diagnostics,
    options.file,
    `start the paper with a heading such as ${HEADING_EXAMPLE}`,
  )
  return done(withChecks(result, options.file))
}

import { bankSize, plural } from '../core/bank/bankSummary'
import { formatDiagnostic } from '../core/bank/diagnostics'
import type { Diagnostic } from '../core/bank/diagnostics'
import type { Bank } from '../core/bank/schema'
import type { CliIo } from './io'

/** How `invigil bank …` commands print located diagnostics and their one-line outcome. */
export function printDiagnostics(io: CliIo, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) io.err(`${formatDiagnostic(d)}\n`)
}

/** "(35 items, 104 points, 3 warnings)" for a good bank, "(2 errors, 1 warning)" for a bad one. */
export function summary(bank: Bank | undefined, diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length
  const warnings = diagnostics.length - errors
  const counts = [
    errors > 0 ? plural(errors, 'error') : '',
    warnings > 0 || errors === 0 ? plural(warnings, 'warning') : '',
  ]
  return `(${[bank ? bankSize(bank) : '', ...counts].filter(Boolean).join(', ')})`
}

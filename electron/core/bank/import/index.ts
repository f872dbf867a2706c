import { hasErrors } from '../diagnostics'
import type { Diagnostic } from '../diagnostics'
import { loadBankText } from '../loadBank'
import type { Bank } from '../schema'
import { bankToYaml } from '../serialize'
import { importAiken } from './aiken'
import { importGift } from './gift'
import { importTextPaper } from './text'
import type { ImportFormat, Importer, ImportOptions, ImportResult } from './types'

export const importers: Record<ImportFormat, Importer> = {
  text: importTextPaper,
  gift: importGift,
  aiken: importAiken,
}

export interface ImportedBank {
  /** The bank file's text; present only when neither the importer nor the validator found an error. */
  yaml?: string
  bank?: Bank
  /** The importer's, located in the paper; then the validator's, located in the YAML that would be written. */
  diagnostics: Diagnostic[]
}

/**
 * Imports a paper and validates the YAML it would write exactly as `invigil bank validate` would read it back, so
 * a written bank always passes the validator and warnings point at lines in the file the author will open.
 */
export function importBank(format: ImportFormat, input: string, options: ImportOptions, outFile: string): ImportedBank {
  return validateImported(importers[format](input, options), outFile)
}

/** The validation step of importBank, for importers that read bytes (QTI packages) rather than text. */
export function validateImported(imported: ImportResult, outFile: string): ImportedBank {
  if (!imported.bank || hasErrors(imported.diagnostics)) return { diagnostics: imported.diagnostics }
  const yaml = bankToYaml(imported.bank)
  const loaded = loadBankText(yaml, outFile)
  const diagnostics = [...imported.diagnostics, ...loaded.diagnostics]
  return loaded.bank ? { yaml, bank: loaded.bank, diagnostics } : { diagnostics }
}

import type { Diagnostic } from '../diagnostics'
import type { Bank, MultipleScoring } from '../schema'

export const IMPORT_FORMATS = ['text', 'gift', 'aiken'] as const
export type ImportFormat = (typeof IMPORT_FORMATS)[number]

/** Bank-level facts a paper may not state; the CLI passes them through from flags. */
export interface ImportOptions {
  /** The input's name as shown in diagnostics (file path). */
  file: string
  id?: string
  title?: string
  /** BCP 47; importers guess from the text when unset (Traditional vs Simplified Chinese, or English). */
  language?: string
  durationMinutes?: number
  multipleScoring?: MultipleScoring
}

/**
 * An importer never throws on bad input: it returns located diagnostics, and a bank only when it found no error.
 * The bank it returns must pass the validator (schema and semantic checks) without errors.
 */
export interface ImportResult {
  bank?: Bank
  diagnostics: Diagnostic[]
}

export type Importer = (input: string, options: ImportOptions) => ImportResult

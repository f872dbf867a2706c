import type { Diagnostic } from '../diagnostics'

export type ImportReport = (severity: Diagnostic['severity'], offset: number, message: string, hint?: string) => void

/**
 * Same answer as offsetToLineColumn, but the line starts are indexed once and each lookup is a binary search:
 * a damaged file can produce an error per line, and rescanning the input for each would be quadratic.
 */
export function createInputLocator(input: string): (offset: number) => { line: number; column: number } {
  const lineStarts = [0]
  for (let i = input.indexOf('\n'); i !== -1; i = input.indexOf('\n', i + 1)) lineStarts.push(i + 1)
  return (offset) => {
    const end = Math.max(0, Math.min(offset, input.length))
    let low = 0
    let high = lineStarts.length - 1
    while (low < high) {
      const middle = Math.ceil((low + high) / 2)
      if ((lineStarts[middle] ?? 0) <= end) low = middle
      else high = middle - 1
    }
    return { line: low + 1, column: end - (lineStarts[low] ?? 0) + 1 }
  }
}

/** A reporter that turns input offsets into located diagnostics for `file`. */
export function createImportReporter(input: string, file: string, diagnostics: Diagnostic[]): ImportReport {
  const locate = createInputLocator(input)
  return (severity, offset, message, hint) => {
    diagnostics.push({ severity, file, ...locate(offset), path: '', message, ...(hint === undefined ? {} : { hint }) })
  }
}

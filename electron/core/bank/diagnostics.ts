/** A problem found in a bank or paper, located so an author can jump straight to it. */
export interface Diagnostic {
  severity: 'error' | 'warning'
  file: string
  /** 1-based; 0 when the problem concerns the whole file. */
  line: number
  /** 1-based; 0 when the problem concerns the whole file. */
  column: number
  /** Where in the bank the problem sits, e.g. sections[0].items[3].key. Empty for whole-file and paper problems. */
  path: string
  message: string
  /** How to fix it. */
  hint?: string
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file
  const at = d.path ? ` (${d.path})` : ''
  const hint = d.hint ? `\n  hint: ${d.hint}` : ''
  return `${where}: ${d.severity}: ${d.message}${at}${hint}`
}

export const hasErrors = (diagnostics: readonly Diagnostic[]): boolean =>
  diagnostics.some((d) => d.severity === 'error')

/** Renders a bank path such as ['sections', 0, 'items', 3, 'key'] as sections[0].items[3].key. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`))
    .join('')
}

/** 1-based line and column of a character offset. */
export function offsetToLineColumn(textValue: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  const end = Math.min(offset, textValue.length)
  for (let i = 0; i < end; i++) {
    if (textValue.charCodeAt(i) === 10) {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: end - lineStart + 1 }
}

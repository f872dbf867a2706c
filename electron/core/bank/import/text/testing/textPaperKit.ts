import { expect } from 'vitest'
import { bankSchema } from '../../../schema'
import type { Bank } from '../../../schema'
import { importTextPaper } from '../index'

// What the text-paper importer's tests share: where a needle sits, located diagnostics, and a bank imported cleanly.
/** 1-based line:column of the first occurrence of `needle`, counted independently of the importer. */
export function where(text: string, needle: string, offset = 0): string {
  const index = text.indexOf(needle) + offset
  expect(index - offset).toBeGreaterThanOrEqual(0)
  const before = text.slice(0, index)
  return `${before.split('\n').length}:${index - before.lastIndexOf('\n')}`
}

export const located = (result: ReturnType<typeof importTextPaper>, severity: 'error' | 'warning'): string[] =>
  result.diagnostics.filter((d) => d.severity === severity).map((d) => `${d.line}:${d.column} ${d.message}`)

export function imported(text: string, file = 'papers/quiz.txt', options = {}): Bank {
  const result = importTextPaper(text, { file, ...options })
  expect(located(result, 'error')).toEqual([])
  if (!result.bank) throw new Error('no bank')
  return bankSchema.parse(result.bank)
}

import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect } from 'vitest'
import type { Diagnostic } from '../../../diagnostics'
import { importGift } from '../../gift'

// What the GIFT importer's tests share: the sample files, a one-paper import, and diagnostics by kind and place.
export const fixture = (name: string): string =>
  readFileSync(resolve(import.meta.dirname, '../../../../../../test/fixtures/import', name), 'utf8')
export const importText = (text: string, title?: string) =>
  importGift(text, { file: 'paper.gift', durationMinutes: 30, ...(title ? { title } : {}) })
export const errors = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.severity === 'error')
export const warnings = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.severity === 'warning')
export const where = (d: Diagnostic) => `${d.line}:${d.column}`

/** The only item of a one-question import, which must have no errors. */
export function onlyItem(text: string) {
  const result = importText(text)
  expect(errors(result.diagnostics)).toEqual([])
  return { item: result.bank?.sections[0]?.items[0], diagnostics: result.diagnostics }
}

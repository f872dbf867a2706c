import type { Diagnostic } from '../../diagnostics'
import type { ItemType } from '../../schema'
import { createInputLocator } from '../importReporter'
import type { SectionHeading } from './headings'
import { originOf } from './mappedText'
import type { MappedText, Span } from './mappedText'

/** Text of the paper body making up one bank field; several spans when something in between was taken out. */
export type Field = readonly Span[]

export interface DraftKey {
  value: readonly string[] | boolean
  /** Where the key is printed, for diagnostics. */
  at: number
}

export interface DraftOption {
  letter: string
  text: Field
  at: number
}

export interface DraftPart {
  number: number
  stem: Field
  points: number
  answer?: Field
  at: number
  truncated?: boolean
}

/** An item as read from the paper, located in the body, before it becomes a bank item. */
export interface DraftItem {
  type: ItemType
  number: number
  start: number
  end: number
  stem: Field
  options: DraftOption[]
  key?: DraftKey
  answer?: Field
  explanations: Field[]
  parts: DraftPart[]
  truncated: boolean
  notes: string[]
}

export interface DraftSection {
  heading: SectionHeading
  id: string
  items: DraftItem[]
}

/** How items are named in diagnostics: 一、單選題 item 3. */
export const itemLabel = (section: DraftSection, item: DraftItem): string =>
  `${section.heading.numeral}、${section.heading.title} item ${item.number}`

/** Item ids follow the printed numbers: single-3, scenario-31. */
export const itemId = (section: DraftSection, item: DraftItem): string => `${section.id}-${item.number}`

export type Report = (
  severity: Diagnostic['severity'],
  at: number,
  message: string,
  hint?: string,
  path?: string,
) => void

/** Diagnostics located by a position in the body, reported at line:column of the original input. */
export function createReport(input: string, file: string, body: MappedText, diagnostics: Diagnostic[]): Report {
  const locate = createInputLocator(input)
  return (severity, at, message, hint, path = '') => {
    const { line, column } = locate(originOf(body, at))
    diagnostics.push({ severity, file, line, column, path, message, ...(hint === undefined ? {} : { hint }) })
  }
}

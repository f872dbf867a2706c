// The seed banks are the importer's output plus these hand edits, and nothing else: the script that writes the
// banks and the test that checks them both read this list.
import { resolve } from 'node:path'
import type { ImportOptions } from '../electron/core/bank/import/types'
import type { Bank } from '../electron/core/bank/schema'

/** Replace `from` with `to` in the string at `path`, and append `note` to the enclosing item's notes. */
export interface HandEdit {
  path: (string | number)[]
  from: string
  to: string
  note: string
}

export interface SeedPaper {
  /** File name in ../shared/seeds. */
  seed: string
  /** File name in banks/. */
  bank: string
  options: Omit<ImportOptions, 'file'> & { id: string }
}

export const seedPapers: readonly SeedPaper[] = [
  {
    seed: 'it-customer-service-certification-2026.txt',
    bank: 'it-customer-service-certification-2026.yaml',
    options: {
      id: 'it-customer-service-certification-2026',
      language: 'zh-Hant',
      durationMinutes: 90,
      multipleScoring: 'partial',
    },
  },
  {
    seed: 'customer-service-interview-2026.txt',
    bank: 'customer-service-interview-2026.yaml',
    options: {
      id: 'customer-service-interview-2026',
      language: 'zh-Hant',
      durationMinutes: 60,
      multipleScoring: 'partial',
    },
  },
]

/** Repairs of encoding damage (mojibake) the importer reports but cannot undo; keyed by bank id. */
export const seedHandEdits: Readonly<Record<string, readonly HandEdit[]>> = {
  'it-customer-service-certification-2026': [
    {
      path: ['sections', 0, 'items', 7, 'stem'],
      from: '確??蛻趔w驗',
      to: '確保客戶體驗',
      note: 'Hand edit: source had "確??蛻趔w驗" (encoding damage), restored to "確保客戶體驗".',
    },
    {
      path: ['sections', 4, 'items', 0, 'stem'],
      from: '解決??头\uE477l現',
      to: '解決。客服發現',
      note: 'Hand edit: source had "解決??头\\uE477l現" (encoding damage; \\uE477 is an invisible private-use character), restored to "解決。客服發現".',
    },
    {
      path: ['sections', 4, 'items', 0, 'parts', 0, 'reference_answer'],
      from: '深感抱歉?!保?)',
      to: '深感抱歉。”',
      note: 'Hand edit: part 1\'s answer ended "深感抱歉?!保?)" in the source (encoding damage that also swallowed the "(2)" marker of part 2), restored to "深感抱歉。”".',
    },
  ],
  'customer-service-interview-2026': [
    {
      path: ['sections', 2, 'items', 6, 'stem'],
      from: '正?,F象',
      to: '正常現象',
      note: 'Hand edit: source had "正?,F象" (encoding damage), restored to "正常現象".',
    },
  ],
}

export const seedFile = (name: string): string => resolve(import.meta.dirname, '../../shared/seeds', name)
export const bankFile = (name: string): string => resolve(import.meta.dirname, '../banks', name)

type Node = Record<string | number, unknown>
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null

function nodeAt(root: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((node, step) => (isNode(node) ? node[step] : undefined), root)
}

/** A copy of the bank with the edits applied; throws when an edit no longer matches, so a stale list is loud. */
export function applyHandEdits(bank: Bank, edits: readonly HandEdit[]): Bank {
  const edited = structuredClone(bank)
  for (const edit of edits) {
    const at = edit.path.slice(0, -1)
    const field = edit.path[edit.path.length - 1]
    const parent = nodeAt(edited, at)
    const item = nodeAt(edited, edit.path.slice(0, 4))
    const value = isNode(parent) && field !== undefined ? parent[field] : undefined
    if (
      !isNode(parent) ||
      !isNode(item) ||
      field === undefined ||
      typeof value !== 'string' ||
      !value.includes(edit.from)
    ) {
      throw new Error(`hand edit at ${edit.path.join('.')} no longer applies: "${edit.from}" not found`)
    }
    parent[field] = value.replace(edit.from, edit.to)
    item.notes = typeof item.notes === 'string' ? `${item.notes}\n${edit.note}` : edit.note
  }
  return edited
}

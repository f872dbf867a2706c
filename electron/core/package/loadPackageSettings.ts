import { isMap, LineCounter, parseDocument } from 'yaml'
import type { z } from 'zod'
import type { Diagnostic } from '../bank/diagnostics'
import { createLocator, locateProblems } from '../bank/locate'
import type { BankPath, BankProblem } from '../bank/locate'
import { readTextFile } from '../bank/readTextFile'
import type { Bank } from '../bank/schema'
import { closestName, valueAt } from '../bank/schemaKeys'
import { packageSettingsSchema, resolveDeliverySettings, SETTINGS_KEYS, SHUFFLE_KEYS } from './packageSettings'
import type { DeliverySettings } from './packageSettings'

/** Settings only when there is no error; located diagnostics always. */
export interface LoadedSettings {
  settings?: DeliverySettings
  diagnostics: Diagnostic[]
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
  object: 'a mapping (key: value lines)',
}

/** As the bank loader words it: "90" for a string, "the number 0", "a list". */
function describeValue(value: unknown): string {
  if (value === null) return 'empty'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  return typeof value === 'number' ? `the number ${value}` : String(value)
}

const keyOf = (path: BankPath): string => String(path.findLast((segment) => typeof segment === 'string') ?? 'settings')

/** One problem per zod issue, worded for whoever writes the settings file. */
function settingsProblems(issues: readonly z.core.$ZodIssue[], data: unknown): BankProblem[] {
  return issues.flatMap((issue): BankProblem[] => {
    const path = issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment)))
    const value = valueAt(data, path)
    const found = value === undefined ? '' : ` (found ${describeValue(value)})`
    switch (issue.code) {
      case 'unrecognized_keys': {
        const allowed = path.length === 0 ? SETTINGS_KEYS : SHUFFLE_KEYS
        return issue.keys.map((key) => {
          const guess = closestName(key, allowed)
          const hint = guess ? `did you mean "${guess}"?` : `allowed keys here: ${allowed.join(', ')}`
          return { severity: 'error', path: [...path, key], at: 'key', message: `unknown key "${key}"`, hint }
        })
      }
      case 'invalid_type':
        return [
          {
            severity: 'error',
            path,
            message: `${keyOf(path)} must be ${EXPECTED[issue.expected] ?? issue.expected}${found}`,
          },
        ]
      case 'invalid_value': {
        const allowed = issue.values.map(String)
        const guess = typeof value === 'string' ? closestName(value, allowed) : undefined
        const hint = guess ? `did you mean "${guess}"?` : `use ${allowed.join(' or ')}`
        return [
          { severity: 'error', path, message: `${keyOf(path)} must be one of: ${allowed.join(', ')}${found}`, hint },
        ]
      }
      case 'custom': {
        // A refinement words its own message and hint, and does not echo the value (it may be key material).
        const hint: unknown = issue.params?.hint
        return [{ severity: 'error', path, message: issue.message, ...(typeof hint === 'string' ? { hint } : {}) }]
      }
      default:
        return [{ severity: 'error', path, message: `${issue.message}${found}` }]
    }
  })
}

const wholeFile = (file: string, message: string): LoadedSettings => ({
  diagnostics: [
    {
      severity: 'error',
      file,
      line: 0,
      column: 0,
      path: '',
      message,
      hint: 'settings are a YAML (or JSON) mapping, e.g. duration_minutes: 90',
    },
  ],
})

/** Parses and validates a settings file against the bank it will be packaged with. Never throws on bad input. */
export function loadPackageSettingsText(text: string, file: string, bank: Bank): LoadedSettings {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  if (doc.errors.length > 0) {
    return {
      diagnostics: doc.errors.map((problem) => {
        const { line, col } = lineCounter.linePos(problem.pos[0])
        return { severity: 'error', file, line, column: col, path: '', message: `YAML syntax: ${problem.message}` }
      }),
    }
  }
  // A file of comments only delivers the bank as it stands.
  if (doc.contents !== null && !isMap(doc.contents))
    return wholeFile(file, 'the settings file holds a list or a single value, not a mapping')
  let data: unknown
  try {
    data = doc.contents === null ? {} : doc.toJS({ maxAliasCount: 100 })
  } catch (error) {
    return wholeFile(file, `YAML: ${(error as Error).message}`)
  }

  const parsed = packageSettingsSchema.safeParse(data)
  const resolved = parsed.success ? resolveDeliverySettings(bank, parsed.data) : undefined
  const problems = resolved ? resolved.problems : settingsProblems(parsed.error?.issues ?? [], data)
  const diagnostics = locateProblems(problems, createLocator(doc, lineCounter), file)
  return resolved && diagnostics.length === 0 ? { settings: resolved.settings, diagnostics } : { diagnostics }
}

export async function loadPackageSettingsFile(path: string, bank: Bank): Promise<LoadedSettings> {
  const read = await readTextFile(path)
  if (!read.ok)
    return {
      diagnostics: [
        { severity: 'error', file: path, line: 0, column: 0, path: '', message: read.message, hint: read.hint },
      ],
    }
  return loadPackageSettingsText(read.text, path, bank)
}

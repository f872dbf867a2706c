import type { z } from 'zod'
import type { BankPath, BankProblem } from './locate'
import { allowedKeysAt, closestName, isMissingKey, valueAt } from './schemaKeys'

type Issue = z.core.$ZodIssue

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value lines)',
  record: 'a mapping (key: value lines)',
}

const HOW_TO_WRITE: Record<string, string> = {
  string: 'write text here; quote anything YAML would read as a number or true/false, e.g. "11"',
  number: 'write a number without quotes, e.g. 2',
  int: 'write a whole number without quotes, e.g. 90',
  boolean: 'write true or false, without quotes',
  array: 'write a list: one "- " line per entry, or [A, C]',
  object: 'write a mapping: indented key: value lines',
  record: 'write a mapping: indented key: value lines',
}

export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'empty'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (typeof value === 'number') return `the number ${value}`
  return String(value)
}

/** Zod's own wording ("Invalid input: …", "Too small: …") is replaced; the schema's custom messages are kept. */
const isZodDefaultMessage = (message: string): boolean => /^(Invalid|Too (small|big)|Unrecognized)/.test(message)

const lastKey = (path: BankPath): string => String(path.findLast((segment) => typeof segment === 'string') ?? 'value')

/** "must not be empty" reads better as "stem must not be empty". */
const withKey = (path: BankPath, message: string): string =>
  message.startsWith('must') ? `${lastKey(path)} ${message}` : message

const found = (value: unknown): string => (value === undefined ? '' : ` (found ${describeValue(value)})`)

const toBankPath = (path: readonly PropertyKey[]): (string | number)[] =>
  path.map((segment) => (typeof segment === 'number' ? segment : String(segment)))

function missingKey(path: BankPath, expected: string): BankProblem {
  return {
    severity: 'error',
    path,
    message: `missing required key "${lastKey(path)}"`,
    hint: `add a line ${lastKey(path)}: with ${EXPECTED[expected] ?? expected}`,
  }
}

function wrongType(issue: Extract<Issue, { code: 'invalid_type' }>, path: BankPath, value: unknown): BankProblem {
  const expected = EXPECTED[issue.expected] ?? issue.expected
  // A list of letters under a single-choice key is almost always a multiple-choice item with the wrong type.
  const hint =
    lastKey(path) === 'key' && issue.expected === 'string' && Array.isArray(value)
      ? 'a single-choice key is one letter; for several correct options use type: multiple'
      : HOW_TO_WRITE[issue.expected]
  return {
    severity: 'error',
    path,
    message: `${lastKey(path)} must be ${expected}, but found ${describeValue(value)}`,
    hint,
  }
}

function unknownType(issue: Extract<Issue, { code: 'invalid_union' }>, path: BankPath, value: unknown): BankProblem {
  const allowed = ('options' in issue ? (issue.options ?? []) : []).map(String)
  const list = `allowed types: ${allowed.join(', ')}`
  if (value === undefined)
    return {
      severity: 'error',
      path,
      message: 'missing required key "type"',
      hint: `add a line type: with one of ${allowed.join(', ')}`,
    }
  const guess = typeof value === 'string' ? closestName(value, allowed) : undefined
  const nested = value === 'scenario' ? 'a scenario part cannot itself be a scenario; ' : ''
  return {
    severity: 'error',
    path,
    message:
      typeof value === 'string' ? `unknown type "${value}"` : `type must be text, but found ${describeValue(value)}`,
    hint: `${guess ? `did you mean "${guess}"? ` : ''}${nested}${list}`,
  }
}

function unknownKeys(
  issue: Extract<Issue, { code: 'unrecognized_keys' }>,
  path: BankPath,
  data: unknown,
): BankProblem[] {
  const allowed = allowedKeysAt(data, path)
  return issue.keys.map((key) => {
    const guess = closestName(key, allowed)
    return {
      severity: 'error',
      path: [...path, key],
      at: 'key',
      message: `unknown key "${key}"`,
      hint: guess ? `did you mean "${guess}"?` : `allowed keys here: ${allowed.join(', ')}`,
    }
  })
}

function badOptionLetter(path: BankPath): BankProblem {
  const letter = String(path.at(-1))
  const upper = /^[a-z]$/.test(letter) ? `write "${letter.toUpperCase()}"; ` : ''
  return {
    severity: 'error',
    path,
    at: 'key',
    message: `"${letter}" is not an option letter`,
    hint: `${upper}option letters are single capital letters A–Z, in order: A, B, C, …`,
  }
}

function badValue(issue: Extract<Issue, { code: 'invalid_value' }>, path: BankPath, value: unknown): BankProblem {
  const allowed = issue.values.map(String)
  const guess = typeof value === 'string' ? closestName(value, allowed) : undefined
  const message = isZodDefaultMessage(issue.message)
    ? `${lastKey(path)} must be one of: ${allowed.join(', ')}`
    : issue.message
  return {
    severity: 'error',
    path,
    message: `${withKey(path, message)}${found(value)}`,
    hint: guess ? `did you mean "${guess}"?` : `use ${allowed.map((v) => JSON.stringify(v)).join(' or ')}`,
  }
}

function outOfRange(
  issue: Extract<Issue, { code: 'too_small' | 'too_big' }>,
  path: BankPath,
  value: unknown,
): BankProblem {
  // Lengths speak for themselves: "must not be empty" needs no 'found ""'.
  const scalar = issue.origin === 'string' || issue.origin === 'array' ? undefined : value
  if (!isZodDefaultMessage(issue.message))
    return { severity: 'error', path, message: `${withKey(path, issue.message)}${found(scalar)}` }
  const [bound, word] =
    issue.code === 'too_small'
      ? [issue.minimum, issue.inclusive ? 'at least' : 'above']
      : [issue.maximum, issue.inclusive ? 'at most' : 'below']
  const what = issue.origin === 'string' ? ' characters long' : issue.origin === 'array' ? ' entries long' : ''
  return {
    severity: 'error',
    path,
    message: `${lastKey(path)} must be ${word} ${String(bound)}${what}${found(scalar)}`,
  }
}

/** One problem per zod issue (one per key for unknown keys), worded for a bank author, with a hint where one helps. */
export function schemaProblems(issues: readonly Issue[], data: unknown): BankProblem[] {
  return issues.flatMap((issue): BankProblem[] => {
    const path = toBankPath(issue.path)
    const value = valueAt(data, path)
    switch (issue.code) {
      case 'invalid_type':
        return [isMissingKey(data, path) ? missingKey(path, issue.expected) : wrongType(issue, path, value)]
      case 'invalid_union':
        if (issue.discriminator) return [unknownType(issue, path, value)]
        break
      case 'unrecognized_keys':
        return unknownKeys(issue, path, data)
      case 'invalid_key':
        return [badOptionLetter(path)]
      case 'invalid_value':
        return [badValue(issue, path, value)]
      case 'too_small':
      case 'too_big':
        return [outOfRange(issue, path, value)]
      case 'invalid_format':
        return [{ severity: 'error', path, message: `${withKey(path, issue.message)}${found(value)}` }]
    }
    return [{ severity: 'error', path, message: withKey(path, issue.message) }]
  })
}

import { isMap, LineCounter, parseDocument } from 'yaml'
import { z } from 'zod'
import type { Diagnostic } from '../bank/diagnostics'
import { createLocator } from '../bank/locate'
import type { BankLocator, BankPath, BankProblem } from '../bank/locate'
import { schemaProblems } from '../bank/schemaIssues'
import { closestName } from '../bank/schemaKeys'
import { MAX_SEAT_POSITION, PLAIN_ID, roomSchema, SEAT_LABEL, sittingPayloadSchema, STAFF_ROLES } from './sittingSchema'

/**
 * SPEC.yaml, the file a person writes to describe a sitting: where the packages, the roster and the room key are
 * (paths relative to the spec), the seat layout row by row, the staff, the window. Staff secrets are never in it:
 * each staff member names the environment variable holding theirs. Every problem is located as file:line.
 */
export const SECRET_ENV = /^[A-Z_][A-Z0-9_]{0,63}$/
/** Keys someone might use to put a secret in the spec itself; each is refused by name, with the way to do it. */
const SECRET_KEYS = ['secret', 'pin', 'password', 'verifier', 'hash']

const seatLabel = z
  .string()
  .transform((label) => label.trim().toUpperCase())
  .pipe(z.string().regex(SEAT_LABEL, 'a seat label is 1 to 16 letters, digits and inner hyphens, e.g. A-01'))

const fingerprint = z
  .string()
  .max(200)
  .transform((value) => value.replaceAll(':', '').trim().toLowerCase())
  .pipe(z.string().regex(/^[0-9a-f]{64}$/, 'tls_sha256 must be a SHA-256 fingerprint: 64 hex digits (colons allowed)'))

const path = z.string().min(1).max(1000)

export const sittingSpecSchema = z.strictObject({
  id: sittingPayloadSchema.shape.id,
  title: sittingPayloadSchema.shape.title,
  window: sittingPayloadSchema.shape.window,
  /** Package files, as `invigil package build` wrote them. */
  packages: z.array(path).min(1).max(20),
  /** A roster CSV with a `seat` column. */
  roster: path,
  /** One entry per row of desks; a `~` in `labels` leaves a gap (an aisle) in the seat map. */
  seats: z
    .array(
      z.strictObject({
        row: z.number().int().min(1).max(MAX_SEAT_POSITION),
        labels: z.array(seatLabel.nullable()).min(1).max(MAX_SEAT_POSITION),
      }),
    )
    .min(1),
  /** A path to an environment.yaml, or its content inline; left out, the defaults. */
  environment: z.union([path, z.record(z.string(), z.unknown())]).optional(),
  staff: z
    .array(
      z.strictObject({
        id: z.string().regex(PLAIN_ID, 'a staff id is up to 64 letters, digits, ".", "_" or "-"'),
        name: z.string().min(1).max(200),
        role: z.enum(STAFF_ROLES),
        secret_env: z.string().regex(SECRET_ENV, 'secret_env names an environment variable, e.g. INVIGIL_PIN_P01'),
      }),
    )
    .min(1)
    .max(200),
  room: z.strictObject({
    /** The room server's public key, an SPKI PEM file. */
    key: path,
    tls_sha256: fingerprint.optional(),
    address: roomSchema.shape.address,
  }),
  stations: z
    .array(z.string().regex(/^[0-9a-f]{16}$/, 'a station id is 16 lower-case hex digits (invigil station show)'))
    .min(1)
    .max(2000)
    .optional(),
})

export type SittingSpec = z.infer<typeof sittingSpecSchema>

/** A parsed YAML file and how to turn a path in its data into file:line. */
export interface YamlSource {
  file: string
  data: unknown
  locate: BankLocator
}

export const wholeFile = (file: string, message: string, hint?: string): Diagnostic => ({
  severity: 'error',
  file,
  line: 0,
  column: 0,
  path: '',
  message,
  ...(hint ? { hint } : {}),
})

/** YAML (or JSON) syntax first, then a mapping at the top; the first syntax error only, as loadBank reports. */
export function readYaml(text: string, file: string): { source?: YamlSource; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const first = doc.errors.at(0)
  if (first) {
    const { line, col } = lineCounter.linePos(first.pos[0])
    const message = `YAML syntax: ${first.message}`
    return { diagnostics: [{ severity: 'error', file, line, column: col, path: '', message }] }
  }
  // An empty file (or comments only) reads as null, which the schema then words.
  if (doc.contents !== null && !isMap(doc.contents))
    return { diagnostics: [wholeFile(file, 'the file is not a YAML mapping (key: value lines)')] }
  try {
    const data: unknown = doc.toJS({ maxAliasCount: 100 })
    return { source: { file, data, locate: createLocator(doc, lineCounter) }, diagnostics: [] }
  } catch (error) {
    return { diagnostics: [wholeFile(file, `YAML: ${(error as Error).message}`)] }
  }
}

/** The keys a (possibly wrapped) zod object allows at `at`, for "did you mean" hints. */
function keysAt(schema: z.ZodType, at: BankPath): string[] {
  const unwrap = (node: unknown): unknown => {
    let current = node
    for (;;) {
      if (current instanceof z.ZodOptional || current instanceof z.ZodDefault || current instanceof z.ZodNullable)
        current = current.unwrap()
      else if (current instanceof z.ZodPipe) current = current.in
      else return current
    }
  }
  let node = unwrap(schema)
  for (const segment of at) {
    if (node instanceof z.ZodObject) node = unwrap((node.shape as Record<string, unknown>)[String(segment)])
    else if (node instanceof z.ZodArray) node = unwrap(node.element)
    else return []
  }
  return node instanceof z.ZodObject ? Object.keys(node.shape) : []
}

/** Zod issues as located problems, worded for whoever writes the spec (bank/schemaIssues.ts does the wording). */
export function specProblems(schema: z.ZodType, issues: readonly z.core.$ZodIssue[], data: unknown): BankProblem[] {
  return issues.flatMap((issue): BankProblem[] => {
    if (issue.code !== 'unrecognized_keys') return schemaProblems([issue], data)
    const at = issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment)))
    return issue.keys.map((key): BankProblem => {
      if (at[0] === 'staff' && SECRET_KEYS.includes(key.toLowerCase()))
        return {
          severity: 'error',
          path: [...at, key],
          at: 'key',
          message: `a staff secret never goes in the spec: remove "${key}"`,
          hint: 'set it in an environment variable and name that variable here, e.g. secret_env: INVIGIL_PIN_P01',
        }
      const allowed = keysAt(schema, at)
      const guess = closestName(key, allowed)
      const hint = guess ? `did you mean "${guess}"?` : `allowed keys here: ${allowed.join(', ')}`
      return { severity: 'error', path: [...at, key], at: 'key', message: `unknown key "${key}"`, hint }
    })
  })
}

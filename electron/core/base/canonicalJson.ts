import { NOT_SURE, readCanonicalJson } from './canonicalJsonRead'
import { scannedCanonicalUtf8 } from './canonicalJsonScan'

/**
 * Deterministic JSON: object keys sorted, no whitespace, no undefined members. What we hash and sign must
 * serialize to the same bytes on every machine, so a verifier can rebuild them exactly.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonicalJson: numbers must be finite')
    return JSON.stringify(value)
  }
  // Plain loops: this runs on every save and for every event a verifier checks, so it stays allocation-light.
  if (Array.isArray(value)) {
    let out = '['
    for (let i = 0; i < value.length; i++)
      out += (i === 0 ? '' : ',') + canonicalJson(value[i] === undefined ? null : value[i])
    return `${out}]`
  }
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>
    // Default sort compares UTF-16 code units: the same order on every machine.
    const keys = Object.keys(record).sort()
    let out = '{'
    for (const key of keys) {
      const member = record[key]
      if (member === undefined) continue
      out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonicalJson(member)}`
    }
    return `${out}}`
  }
  throw new TypeError(`canonicalJson: cannot serialize a ${typeof value}`)
}

/** Every object's own keys, at every depth, already in the order canonicalJson would sort them into. */
function keysInCanonicalOrder(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true
  if (Array.isArray(value)) {
    for (const member of value) if (!keysInCanonicalOrder(member)) return false
    return true
  }
  const record = value as Record<string, unknown>
  const keys = Object.keys(record)
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string
    if (i > 0 && !((keys[i - 1] as string) < key)) return false
    if (!keysInCanonicalOrder(record[key])) return false
  }
  return true
}

/**
 * Whether `text` is exactly canonicalJson(value), for a value JSON.parse just made of it: a verifier's check that
 * costs about a parse instead of a re-serialisation in JavaScript. With every key already in order, the native
 * JSON.stringify writes what canonicalJson writes; any other text (or the rare value whose key order JSON.parse
 * changes, integer-like keys) falls back to canonicalJson itself, so the answer is always canonicalJson's.
 */
export function isCanonicalJsonOf(value: unknown, text: string): boolean {
  if (JSON.stringify(value) === text && keysInCanonicalOrder(value)) return true
  try {
    return canonicalJson(value) === text
  } catch {
    return false
  }
}

/**
 * JSON.parse for a verifier that accepts only canonicalJson's exact text: the value and whether the text is its
 * canonical form, or undefined when the text is not JSON. `utf8` is the text's UTF-8 bytes, when the caller read it
 * from them (and checked them to be UTF-8): read in one pass that checks and builds (canonicalJsonRead), and where
 * that is not sure, parsed and scanned (canonicalJsonScan), with isCanonicalJsonOf answering where the scan is not
 * sure, or without the bytes.
 */
export function parseCanonicalJson(
  text: string,
  utf8?: Uint8Array,
  start = 0,
  end = utf8?.length ?? 0,
): { value: unknown; canonical: boolean } | undefined {
  if (utf8 !== undefined) {
    const read = readCanonicalJson(text, utf8, start, end)
    if (read !== NOT_SURE) return { value: read, canonical: true }
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  const scanned = utf8 !== undefined && scannedCanonicalUtf8(utf8, start, end)
  return { value, canonical: scanned || isCanonicalJsonOf(value, text) }
}

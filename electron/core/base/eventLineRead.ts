import type { JsonValue } from './jsonValue'

/**
 * The verifier's fast read of one event line, instead of JSON.parse plus a canonical scan: most lines a station
 * writes are `{"at":"…","data":{…},"seq":n,"type":"…"}` with a flat `data` of plain ASCII strings, integers,
 * booleans, null and empty objects or arrays, which one pass over the line's UTF-8 bytes checks and builds. It is sure only of "yes": a line
 * it returns an event for is JSON, exactly canonicalJson's text of that event, a session event (isSessionEvent), and
 * the event is the value JSON.parse gives (eventLineRead.test.ts holds it to that). Anything else (escapes,
 * non-ASCII, nesting, fractions, keys JSON.parse treats specially) gives undefined and is read the slow way, whose
 * verdict stands.
 */

/** A session event's shape (eventChain's SessionEvent, whose `type` the caller's set stands for). */
export interface ReadEvent {
  at: string
  data: Record<string, JsonValue>
  seq: number
  type: string
}

const QUOTE = 0x22
const COMMA = 0x2c
const MINUS = 0x2d
const ZERO = 0x30
const COLON = 0x3a
const CLOSE = 0x7d

/** The bytes of an ASCII text, to compare the line's fixed parts with. */
const ascii = (text: string): Uint8Array => Uint8Array.from(text, (char) => char.charCodeAt(0))
const AT = ascii('{"at":"')
const DATA = ascii('","data":{')
const SEQ = ascii(',"seq":')
const TYPE = ascii(',"type":"')
const TRUE = ascii('true')
const FALSE = ascii('false')
const NULL = ascii('null')

/** Whether bytes[at...] starts with `fixed` (the caller keeps `at + fixed.length` within the line). */
function startsWith(bytes: Uint8Array, at: number, fixed: Uint8Array): boolean {
  for (let k = 0; k < fixed.length; k++) if (bytes[at + k] !== fixed[k]) return false
  return true
}

/** The index of the closing quote of a string whose text starts at `from`; -1 unless it is plain printable ASCII. */
function plainStringEnd(bytes: Uint8Array, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    const code = bytes[i] as number
    if (code === QUOTE) return i
    // Printable ASCII but the backslash: JSON.stringify writes such a string as it is.
    if (code < 0x20 || code > 0x7e || code === 0x5c) return -1
  }
  return -1
}

/**
 * Recently read keys and types, by a hash of their bytes: the same few recur on every line, and a string already
 * made (and hashed) is cheaper to use as a property name or to look up than a fresh slice. A hit is compared byte by
 * byte, so the text is always the bytes'; only short names are kept.
 */
const names: (string | undefined)[] = new Array<string | undefined>(256)

/** bytes[from, to) (ASCII, to > from) as a string. */
function nameOf(bytes: Uint8Array, from: number, to: number): string {
  const length = to - from
  const slot = (length * 31 + (bytes[from] as number) * 7 + (bytes[to - 1] as number)) & 255
  const hit = names[slot]
  if (hit?.length === length) {
    let k = 0
    while (k < length && hit.charCodeAt(k) === bytes[from + k]) k++
    if (k === length) return hit
  }
  const name = String.fromCharCode(...bytes.subarray(from, to))
  if (length <= 32) names[slot] = name
  return name
}

/** Set by integerEnd: the value of the integer it read. */
let integerValue = 0

/**
 * The end of the integer at `from` when it is written as String() writes it and has at most 15 digits (so it is
 * exact); -1 otherwise. A fraction or exponent is left after it, where the caller finds no comma or brace.
 */
function integerEnd(bytes: Uint8Array, from: number, end: number): number {
  const negative = bytes[from] === MINUS
  const first = negative ? from + 1 : from
  let value = 0
  let i = first
  for (; i < end; i++) {
    const digit = (bytes[i] as number) - ZERO
    if (digit < 0 || digit > 9) break
    value = value * 10 + digit
  }
  const digits = i - first
  // No leading zero, no "-0" (String(-0) is "0").
  if (digits === 0 || digits > 15 || (bytes[first] === ZERO && (digits > 1 || negative))) return -1
  integerValue = negative ? -value : value
  return i
}

/** Set by valueEnd: the value it read. */
let memberValue: JsonValue = null

/** The end of a flat member value at `from` (plain string, integer, true, false, null, {} or []); -1 otherwise. */
function valueEnd(line: string, bytes: Uint8Array, from: number, start: number, end: number): number {
  const code = bytes[from] as number
  if (code === QUOTE) {
    const close = plainStringEnd(bytes, from + 1, end)
    if (close < 0) return -1
    memberValue = line.slice(from + 1 - start, close - start)
    return close + 1
  }
  if (code === MINUS || (code >= ZERO && code <= 0x39)) {
    const after = integerEnd(bytes, from, end)
    memberValue = integerValue
    return after
  }
  // An empty object or array (a session's accommodations): JSON.parse makes a new one each time too.
  if ((code === 0x7b && bytes[from + 1] === CLOSE) || (code === 0x5b && bytes[from + 1] === 0x5d)) {
    memberValue = code === 0x7b ? {} : []
    return from + 2
  }
  const fixed = code === 0x74 ? TRUE : code === 0x66 ? FALSE : code === 0x6e ? NULL : undefined
  if (fixed === undefined || from + fixed.length > end || !startsWith(bytes, from, fixed)) return -1
  memberValue = fixed === TRUE ? true : fixed === FALSE ? false : null
  return from + fixed.length
}

/** Set by dataEnd: the data object it read. */
let dataValue: Record<string, JsonValue> = {}

/** The end of a flat data object whose first key's quote (or closing brace) is at `from`; -1 when not sure. */
function dataEnd(line: string, bytes: Uint8Array, from: number, start: number, end: number): number {
  const data: Record<string, JsonValue> = {}
  let i = from
  if (bytes[i] !== CLOSE) {
    let previous = ''
    for (;;) {
      if (bytes[i] !== QUOTE) return -1
      const keyEnd = plainStringEnd(bytes, i + 1, end)
      if (keyEnd < 0 || bytes[keyEnd + 1] !== COLON) return -1
      const key = keyEnd > i + 1 ? nameOf(bytes, i + 1, keyEnd) : ''
      // Canonical keys ascend strictly (no repeat); integer-like keys, which JSON.parse reorders, and "__proto__",
      // which an assignment would not make an own key, are left to the slow way.
      const lead = bytes[i + 1] as number
      if (key <= previous || (lead >= ZERO && lead <= 0x39) || key === '__proto__') return -1
      i = valueEnd(line, bytes, keyEnd + 2, start, end)
      if (i < 0 || i >= end) return -1
      data[key] = memberValue
      previous = key
      if (bytes[i] === CLOSE) break
      if (bytes[i] !== COMMA) return -1
      i++
    }
  }
  dataValue = data
  return i + 1
}

/**
 * The event `line` is surely the canonical text of, as JSON.parse reads it; undefined when not sure. `bytes[start,
 * end)` is the line's UTF-8, which the read goes over (a byte array is read faster than a string).
 */
export function readCanonicalEventLine(
  line: string,
  bytes: Uint8Array,
  start: number,
  end: number,
  types: ReadonlySet<string>,
): ReadEvent | undefined {
  // Every byte read below is ASCII, so the line's characters are its bytes, one for one.
  if (line.length !== end - start || end - start < 40 || !startsWith(bytes, start, AT)) return undefined
  const atEnd = plainStringEnd(bytes, start + 7, end)
  if (atEnd < 0 || atEnd + 10 > end || !startsWith(bytes, atEnd, DATA)) return undefined
  const afterData = dataEnd(line, bytes, atEnd + 10, start, end)
  if (afterData < 0 || afterData + 7 > end || !startsWith(bytes, afterData, SEQ)) return undefined
  const data = dataValue
  // seq: a positive integer, so no sign and no leading zero.
  const seqAt = afterData + 7
  if (bytes[seqAt] === MINUS || bytes[seqAt] === ZERO) return undefined
  const seqEnd = integerEnd(bytes, seqAt, end)
  if (seqEnd < 0 || seqEnd + 9 > end || !startsWith(bytes, seqEnd, TYPE)) return undefined
  const seq = integerValue
  const typeEnd = plainStringEnd(bytes, seqEnd + 9, end)
  if (typeEnd < 0 || typeEnd + 2 !== end || bytes[typeEnd + 1] !== CLOSE) return undefined
  const type = typeEnd > seqEnd + 9 ? nameOf(bytes, seqEnd + 9, typeEnd) : ''
  if (!types.has(type)) return undefined
  return { at: line.slice(7, atEnd - start), data, seq, type }
}

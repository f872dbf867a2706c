/**
 * The verifier's fast read of a canonical JSON text, instead of JSON.parse plus a canonical scan: one pass over the
 * text's UTF-8 bytes that checks the canonical form and builds the value, its strings sliced from the text (which the
 * verifier has decoded already). It is sure only of "yes": what it reads is JSON, exactly canonicalJson's text of the
 * value, and the value is the one JSON.parse gives (canonicalJsonRead.test.ts holds it to that). An escape, an
 * integer-like or "__proto__" key, deep nesting or anything else it does not cover gives NOT_SURE, and the caller
 * takes the slow way, whose verdict stands.
 */

export const NOT_SURE: unique symbol = Symbol('not sure')

// The bytes are this module's own constants, as eventLineRead's are: imported from a shared module, the hot loops
// read each as a module binding on every use, and the verifier ran 2-6 % slower (4 of 4 fresh-process pairs, 7 December).
const QUOTE = 0x22
const BACKSLASH = 0x5c
const COMMA = 0x2c
const COLON = 0x3a
const MINUS = 0x2d
const ZERO = 0x30
const NINE = 0x39
const DOT = 0x2e
const PLUS = 0x2b
const LOWER_E = 0x65
const UPPER_E = 0x45
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d
const MAX_DEPTH = 64

// The read's state: one read runs at a time (no await), so module variables serve and no closure is made per call.
const NO_BYTES = new Uint8Array(0)
let bytes: Uint8Array = NO_BYTES
let text = ''
let end = 0
/** The byte being read. */
let at = 0
/**
 * Byte `at` is the text's character at - base: base starts at the text's first byte and grows, with each character
 * beyond ASCII, by the bytes it takes beyond its UTF-16 units.
 */
let base = 0

const isDigit = (code: number): boolean => code >= ZERO && code <= NINE

/** The string whose opening quote is at `at`, as a slice of the text; NOT_SURE unless written with no escape. */
function readString(): string | typeof NOT_SURE {
  const from = at + 1
  const fromBase = base
  // Local copies: the loop reads them at every byte, and a module variable costs more to read.
  const b = bytes
  const e = end
  let extra = 0
  let i = from
  for (;;) {
    const code = b[i] as number
    if (code === QUOTE || i >= e) break
    // JSON.stringify escapes control characters, the quote and the backslash; it writes every other character as is.
    if (code < 0x20 || code === BACKSLASH) return NOT_SURE
    if (code < 0x80) i++
    else if (code >= 0xf0) {
      // Four bytes, two UTF-16 units (a surrogate pair): the bytes are valid UTF-8, so no lone surrogate.
      i += 4
      extra += 2
    } else {
      const length = code >= 0xe0 ? 3 : 2
      i += length
      extra += length - 1
    }
  }
  if (i >= e) return NOT_SURE
  at = i + 1
  base = fromBase + extra
  return text.slice(from - fromBase, i - fromBase - extra)
}

/** The number at `at` when written as String() writes it; NOT_SURE otherwise. */
function readNumber(): number | typeof NOT_SURE {
  const start = at
  const negative = bytes[at] === MINUS
  let i = negative ? at + 1 : at
  let value = 0
  for (; i < end && isDigit(bytes[i] as number); i++) value = value * 10 + (bytes[i] as number) - ZERO
  const digits = i - (negative ? start + 1 : start)
  const next = bytes[i]
  if (digits > 0 && digits <= 15 && next !== DOT && next !== LOWER_E && next !== UPPER_E) {
    // No leading zero and no "-0" (String(-0) is "0").
    const lead = bytes[negative ? start + 1 : start]
    if (lead === ZERO && (digits > 1 || negative)) return NOT_SURE
    at = i
    return negative ? -value : value
  }
  // A fraction, an exponent or a long integer: canonical when String() gives the token back.
  for (; i < end; i++) {
    const code = bytes[i] as number
    const numeric = isDigit(code) || code === DOT || code === LOWER_E || code === UPPER_E || code === PLUS
    if (!numeric && code !== MINUS) break
  }
  const token = text.slice(start - base, i - base)
  const number = Number(token)
  if (token === '' || String(number) !== token) return NOT_SURE
  at = i
  return number
}

/** The literal `word` (ASCII) when the bytes at `at` spell it. */
function readWord<T>(word: string, value: T): T | typeof NOT_SURE {
  if (at + word.length > end) return NOT_SURE
  for (let k = 0; k < word.length; k++) if (bytes[at + k] !== word.charCodeAt(k)) return NOT_SURE
  at += word.length
  return value
}

/**
 * Recently read keys, by a hash of their bytes: the same few recur across a manifest's objects, and a string already
 * made (and internalized by its first use as a key) is far cheaper to store a property under than a fresh slice. A
 * hit is compared byte by byte, so the key is always the bytes'; only short ASCII keys are kept. eventLineRead keeps
 * its own (`names`): one cache shared from a module of its own made the verifier about 1 % slower (4 of 4 fresh-process
 * pairs, 7 December).
 */
const keys: (string | undefined)[] = new Array<string | undefined>(512)

/** The key whose opening quote is at `at`: readString's, through the cache when it is short plain ASCII. */
function readKey(): string | typeof NOT_SURE {
  const from = at + 1
  let i = from
  let hash = 0
  for (; i < end && i - from <= 32; i++) {
    const code = bytes[i] as number
    if (code === QUOTE) break
    if (code < 0x20 || code >= 0x80 || code === BACKSLASH) return readString()
    hash = (hash * 31 + code) | 0
  }
  if (bytes[i] !== QUOTE || i >= end) return readString()
  const length = i - from
  const slot = (hash ^ (hash >>> 9)) & 511
  const hit = keys[slot]
  at = i + 1
  if (hit?.length === length) {
    let k = 0
    while (k < length && hit.charCodeAt(k) === bytes[from + k]) k++
    if (k === length) return hit
  }
  // Made from the bytes, not sliced from the text: a slice of 13 characters or more would keep the whole text alive
  // for as long as the cache holds it.
  const key = String.fromCharCode(...bytes.subarray(from, i))
  keys[slot] = key
  return key
}

function readObject(depth: number): Record<string, unknown> | typeof NOT_SURE {
  const object: Record<string, unknown> = {}
  at++
  if (bytes[at] === CLOSE_BRACE) {
    at++
    return object
  }
  let previous: string | undefined
  for (;;) {
    if (bytes[at] !== QUOTE) return NOT_SURE
    const key = readKey()
    // Keys ascend strictly, in the default sort's order (UTF-16 code units), as canonicalJson sorts them. Integer-like
    // keys, which JSON.parse orders first, and "__proto__", which an assignment would not make an own key, are not
    // sure.
    if (key === NOT_SURE || (previous !== undefined && key <= previous) || key === '__proto__') return NOT_SURE
    if (isDigit(key.charCodeAt(0))) return NOT_SURE
    if (bytes[at] !== COLON) return NOT_SURE
    at++
    const value = readValue(depth)
    if (value === NOT_SURE) return NOT_SURE
    object[key] = value
    previous = key
    const code = bytes[at]
    at++
    if (code === CLOSE_BRACE) return object
    if (code !== COMMA) return NOT_SURE
  }
}

function readArray(depth: number): unknown[] | typeof NOT_SURE {
  const array: unknown[] = []
  at++
  if (bytes[at] === CLOSE_BRACKET) {
    at++
    return array
  }
  for (;;) {
    const value = readValue(depth)
    if (value === NOT_SURE) return NOT_SURE
    array.push(value)
    const code = bytes[at]
    at++
    if (code === CLOSE_BRACKET) return array
    if (code !== COMMA) return NOT_SURE
  }
}

function readValue(depth: number): unknown {
  const code = bytes[at] as number
  if (code === QUOTE) return readString()
  if (code === OPEN_BRACE) return depth < MAX_DEPTH ? readObject(depth + 1) : NOT_SURE
  if (code === OPEN_BRACKET) return depth < MAX_DEPTH ? readArray(depth + 1) : NOT_SURE
  if (code === MINUS || isDigit(code)) return readNumber()
  if (code === 0x74) return readWord('true', true)
  if (code === 0x66) return readWord('false', false)
  if (code === 0x6e) return readWord('null', null)
  return NOT_SURE
}

/**
 * The value `json` is surely canonicalJson's text of, as JSON.parse reads it; NOT_SURE when not sure.
 * `utf8[start, stop)` is the text's UTF-8, valid UTF-8 (the caller checked), read instead of the text.
 */
export function readCanonicalJson(json: string, utf8: Uint8Array, start: number, stop: number): unknown {
  bytes = utf8
  text = json
  end = stop
  at = start
  base = start
  try {
    const value = readValue(0)
    // Every byte read, and the text is exactly those bytes' characters.
    return value !== NOT_SURE && at === stop && stop - base === json.length ? value : NOT_SURE
  } finally {
    bytes = NO_BYTES
    text = ''
  }
}

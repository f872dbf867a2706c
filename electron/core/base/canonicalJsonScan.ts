/**
 * The verifier's fast canonical check: one pass over the UTF-8 bytes of a JSON text that JSON.parse accepted,
 * saying, without building anything, whether the text is already canonicalJson's. It is sure only of "yes"; what it
 * does not cover (an escaped surrogate, a key with an escape or a non-ASCII character, deep nesting) it leaves to
 * canonicalJson itself (parseCanonicalJson), so the answer is always canonicalJson's. Valid JSON is canonical when
 * it has no whitespace between tokens, every string is written as JSON.stringify writes it, every number as String()
 * writes it, and every object's keys are in strictly ascending order (which also rules out a repeated key).
 */

const QUOTE = 0x22
const BACKSLASH = 0x5c
const COLON = 0x3a
const MAX_DEPTH = 64
/** Per open object (by depth), where its last key started and ended; -1 before its first key. */
const keyStarts = new Int32Array(MAX_DEPTH + 1)
const keyEnds = new Int32Array(MAX_DEPTH + 1)

/** Compares two ASCII ranges of `bytes`: for ASCII, byte order is UTF-16 code-unit order (the default sort's). */
function compareRanges(bytes: Uint8Array, a0: number, a1: number, b0: number, b1: number): number {
  const length = Math.min(a1 - a0, b1 - b0)
  for (let k = 0; k < length; k++) {
    const diff = (bytes[a0 + k] as number) - (bytes[b0 + k] as number)
    if (diff !== 0) return diff
  }
  return a1 - a0 - (b1 - b0)
}

const isHexLower = (code: number): boolean => (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x66)

/**
 * The length of the escape at `at` when it is the one JSON.stringify writes (a short form: \" \\ \b \f \n \r \t, or
 * \u00xx in lower case for another control character); -1 when it is not (or not surely: escaped surrogates).
 */
function canonicalEscapeLength(bytes: Uint8Array, at: number): number {
  const kind = bytes[at + 1]
  if (
    kind === 0x22 ||
    kind === 0x5c ||
    kind === 0x62 ||
    kind === 0x66 ||
    kind === 0x6e ||
    kind === 0x72 ||
    kind === 0x74
  )
    return 2
  if (kind !== 0x75 || bytes[at + 2] !== 0x30 || bytes[at + 3] !== 0x30) return -1
  const high = bytes[at + 4] ?? 0
  const low = bytes[at + 5] ?? 0
  if ((high !== 0x30 && high !== 0x31) || !isHexLower(low)) return -1
  const code = (high - 0x30) * 16 + (low <= 0x39 ? low - 0x30 : low - 0x57)
  return code === 8 || code === 9 || code === 10 || code === 12 || code === 13 ? -1 : 6
}

/**
 * The end of the number at `start` when it is written as String(number) writes it; -1 otherwise. Integers of up to
 * 15 digits are read off the bytes; any other number is compared with its String().
 */
function canonicalNumberEnd(bytes: Uint8Array, start: number, limit: number): number {
  let end = start
  let simple = true
  for (; end < limit; end++) {
    const code = bytes[end] as number
    if ((code >= 0x30 && code <= 0x39) || (code === 0x2d && end === start)) continue
    if (code === 0x2e || code === 0x65 || code === 0x45 || code === 0x2b || code === 0x2d) simple = false
    else break
  }
  const digits = bytes[start] === 0x2d ? start + 1 : start
  // No leading zero, and no "-0" (String(-0) is "0").
  if (simple && end - digits <= 15 && (bytes[digits] !== 0x30 || (end - digits === 1 && digits === start))) return end
  const token = String.fromCharCode(...bytes.subarray(start, end))
  return String(Number(token)) === token ? end : -1
}

/**
 * Whether bytes[start, end), valid UTF-8 whose text JSON.parse accepted, is surely canonicalJson's text for its
 * value. False means "not sure", never "not canonical".
 */
export function scannedCanonicalUtf8(bytes: Uint8Array, start: number, end: number): boolean {
  let depth = 0
  let i = start
  while (i < end) {
    const code = bytes[i] as number
    if (code === QUOTE) {
      const from = ++i
      // Valid UTF-8 holds no surrogate, and JSON.parse refused any raw control character: only escapes matter.
      let seen = 0
      for (;;) {
        let c = bytes[i] as number
        while (c !== QUOTE && c !== BACKSLASH && i < end) {
          // A character beyond ASCII is skipped whole (by its lead byte): no trailing byte of valid UTF-8 is a quote or
          // a backslash, and text in Chinese is mostly such characters.
          if (c < 0x80) i++
          else {
            seen = 0x80
            i += c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2
          }
          c = bytes[i] as number
        }
        if (c === QUOTE || i >= end) break
        const skip = canonicalEscapeLength(bytes, i)
        if (skip < 0) return false
        seen |= BACKSLASH | 0x80
        i += skip
      }
      if (i >= end) return false
      const plain = seen < 0x80
      if (bytes[i + 1] === COLON) {
        // A key, after its object's previous one; one with an escape or beyond ASCII is left to canonicalJson.
        if (!plain) return false
        const previous = keyStarts[depth] as number
        if (previous >= 0 && compareRanges(bytes, previous, keyEnds[depth] as number, from, i) >= 0) return false
        keyStarts[depth] = from
        keyEnds[depth] = i
        i += 2
      } else i++
    } else if (code === 0x7b || code === 0x5b) {
      if (++depth > MAX_DEPTH) return false
      keyStarts[depth] = -1
      i++
    } else if (code === 0x7d || code === 0x5d) {
      depth--
      i++
    } else if (code === 0x2c) i++
    else if (code === 0x74 || code === 0x6e)
      i += 4 // true, null
    else if (code === 0x66)
      i += 5 // false
    else if (code >= 0x31 && code <= 0x39) {
      // A positive integer, the usual number, read here; after its digits JSON allows only a fraction, an exponent
      // or what ends a value. Any other number goes to canonicalNumberEnd.
      let j = i + 1
      while (j < end && (bytes[j] as number) >= 0x30 && (bytes[j] as number) <= 0x39) j++
      const after = j < end ? (bytes[j] as number) : 0
      if (j - i <= 15 && after !== 0x2e && after !== 0x65 && after !== 0x45) i = j
      else {
        const next = canonicalNumberEnd(bytes, i, end)
        if (next < 0) return false
        i = next
      }
    } else {
      // A number, or whitespace (which canonical JSON never has).
      const next = code === 0x2d || (code >= 0x30 && code <= 0x39) ? canonicalNumberEnd(bytes, i, end) : -1
      if (next < 0) return false
      i = next
    }
  }
  return true
}

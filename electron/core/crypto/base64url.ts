const ALPHABET = /^[A-Za-z0-9_-]*$/

export class NonCanonicalEncodingError extends Error {
  override readonly name = 'NonCanonicalEncodingError'
  readonly code = 'NON_CANONICAL_BASE64URL'
}

export const toBase64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url')

/** The value of a base64url character (the caller knows it is one). */
function sextet(code: number): number {
  if (code >= 0x61) return code - 0x61 + 26 // a-z
  if (code >= 0x41) return code === 0x5f ? 63 : code - 0x41 // A-Z, _
  return code === 0x2d ? 62 : code - 0x30 + 52 // -, 0-9
}

/**
 * Whether `text`, which Node's decoder turned into `decodedLength` bytes, is the one canonical base64url encoding of
 * those bytes. Node's decoder skips characters outside its two alphabets (whitespace, stray bytes) and stops at
 * padding, so an ASCII text that decoded to the full length for its size holds only base64url characters plus "+"
 * and "/", which it reads as "-" and "_". A character beyond Latin-1 can pass for its low byte (U+012B for "+"), hence
 * ASCII first; crypto.test.ts tries every UTF-16 code unit. What is left is the unused low bits of the last
 * character. Checked so instead of by encoding the bytes again, which cost four times the decoding on a bundle's
 * payload.
 */
export const isCanonicalBase64url = (text: string, decodedLength: number): boolean =>
  Buffer.byteLength(text, 'utf8') === text.length && isCanonicalAsciiBase64url(text, decodedLength)

/**
 * isCanonicalBase64url for a text its caller has checked to be ASCII: the bundle verifier checks a whole file's bytes
 * at once (isAscii, under a microsecond), where measuring the payload text's UTF-8 length took about 6 µs.
 */
export function isCanonicalAsciiBase64url(text: string, decodedLength: number): boolean {
  const { length } = text
  const rest = length % 4
  if (rest === 1 || decodedLength !== Math.floor((length * 3) / 4)) return false
  if (text.includes('+') || text.includes('/')) return false
  if (rest === 0) return true
  // Two characters carry one byte (4 bits unused), three carry two (2 bits unused); the unused bits must be zero.
  return (sextet(text.charCodeAt(length - 1)) & (rest === 2 ? 0x0f : 0x03)) === 0
}

/**
 * Strict base64url decoding: unpadded alphabet only, and the text must be the one canonical encoding of its bytes.
 * Node's decoder ignores stray characters and unused low bits, which would let a tampered bundle still verify. The
 * regular-expression scan only words the refusal.
 */
export function fromBase64urlStrict(text: string): Buffer {
  const bytes = Buffer.from(text, 'base64url')
  if (isCanonicalBase64url(text, bytes.length)) return bytes
  if (!ALPHABET.test(text) || text.length % 4 === 1) throw new NonCanonicalEncodingError('not base64url')
  throw new NonCanonicalEncodingError('non-canonical base64url')
}

const ALPHABET = /^[A-Za-z0-9_-]*$/

export class NonCanonicalEncodingError extends Error {
  override readonly name = 'NonCanonicalEncodingError'
  readonly code = 'NON_CANONICAL_BASE64URL'
}

export const toBase64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url')

/**
 * Strict base64url decoding: unpadded alphabet only, and the text must be the one canonical encoding of its bytes.
 * Node's decoder ignores stray characters and unused low bits, which would let a tampered bundle still verify.
 * Re-encoding and comparing catches both at once (the encoder writes only the alphabet, never padding, and zero
 * unused bits), at a fraction of a regular-expression scan of a large bundle; the scan only words the refusal.
 */
export function fromBase64urlStrict(text: string): Buffer {
  const bytes = Buffer.from(text, 'base64url')
  if (bytes.toString('base64url') === text) return bytes
  if (!ALPHABET.test(text) || text.length % 4 === 1) throw new NonCanonicalEncodingError('not base64url')
  throw new NonCanonicalEncodingError('non-canonical base64url')
}

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

/** AES-256-GCM with a fresh random 96-bit nonce per message; the 16-byte tag is appended to the ciphertext. */
export interface Sealed {
  nonce: Buffer
  ciphertext: Buffer
}

const NONCE_BYTES = 12
const TAG_BYTES = 16

export class DecryptionError extends Error {
  override readonly name = 'DecryptionError'
  readonly code = 'DECRYPTION_FAILED'
}

export function seal(
  key: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array,
  nonce: Buffer = randomBytes(NONCE_BYTES),
): Sealed {
  if (key.length !== 32) throw new RangeError('AES-256-GCM needs a 32-byte key')
  const cipher = createCipheriv('aes-256-gcm', key, nonce)
  cipher.setAAD(aad)
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return { nonce, ciphertext: Buffer.concat([body, cipher.getAuthTag()]) }
}

export function open(key: Uint8Array, sealed: Sealed, aad: Uint8Array): Buffer {
  if (sealed.nonce.length !== NONCE_BYTES || sealed.ciphertext.length < TAG_BYTES) {
    throw new DecryptionError('ciphertext is malformed')
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.nonce)
    decipher.setAAD(aad)
    decipher.setAuthTag(sealed.ciphertext.subarray(sealed.ciphertext.length - TAG_BYTES))
    return Buffer.concat([
      decipher.update(sealed.ciphertext.subarray(0, sealed.ciphertext.length - TAG_BYTES)),
      decipher.final(),
    ])
  } catch {
    throw new DecryptionError('ciphertext failed authentication (wrong key, tampered data or wrong context)')
  }
}

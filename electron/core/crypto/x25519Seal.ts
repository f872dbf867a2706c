import {
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  type KeyObject,
} from 'node:crypto'
import { open, seal } from './aead'
import { fromBase64urlStrict, toBase64url } from './base64url'

/**
 * Sealing a small secret (a session's data key) to one X25519 public key, as ECIES does: a fresh ephemeral key,
 * X25519 agreement, HKDF-SHA256 bound to both public keys and a purpose string, then AES-256-GCM with the purpose as
 * AAD. Only the holder of the recipient's private key opens it; a sealed key moved to another purpose fails to open.
 */
export interface X25519Sealed {
  /** base64url raw X25519 public key of the ephemeral sender. */
  ephemeralKey: string
  nonce: string
  ciphertext: string
}

const PKCS8_X25519_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex')

/** A deterministic X25519 private key from 32 seed bytes (the room derives its escrow key from its own key). */
export function x25519PrivateKeyFromSeed(seed: Uint8Array): KeyObject {
  if (seed.length !== 32) throw new RangeError('an X25519 seed is 32 bytes')
  return createPrivateKey({ key: Buffer.concat([PKCS8_X25519_PREFIX, seed]), format: 'der', type: 'pkcs8' })
}

export const newX25519PrivateKey = (): KeyObject => generateKeyPairSync('x25519').privateKey

/** The raw 32-byte public key, base64url (the form the room protocol carries). */
export function x25519PublicText(key: KeyObject): string {
  const { x } = (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'jwk' })
  if (typeof x !== 'string') throw new TypeError('not an X25519 key')
  return x
}

export function x25519PublicKeyFromText(text: string): KeyObject {
  if (fromBase64urlStrict(text).length !== 32) throw new RangeError('an X25519 public key is 32 bytes')
  return createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: text }, format: 'jwk' })
}

function wrapKey(shared: Buffer, ephemeral: string, recipient: string, purpose: string): Buffer {
  const salt = Buffer.concat([fromBase64urlStrict(ephemeral), fromBase64urlStrict(recipient)])
  return Buffer.from(hkdfSync('sha256', shared, salt, purpose, 32))
}

export function sealToX25519(recipient: KeyObject, secret: Uint8Array, purpose: string): X25519Sealed {
  const ephemeral = newX25519PrivateKey()
  const ephemeralKey = x25519PublicText(ephemeral)
  const shared = diffieHellman({ privateKey: ephemeral, publicKey: recipient })
  const key = wrapKey(shared, ephemeralKey, x25519PublicText(recipient), purpose)
  const sealed = seal(key, secret, Buffer.from(purpose, 'utf8'))
  return { ephemeralKey, nonce: toBase64url(sealed.nonce), ciphertext: toBase64url(sealed.ciphertext) }
}

/** Throws (DecryptionError, RangeError) when the sealed secret is not for this key and purpose. */
export function openWithX25519(privateKey: KeyObject, sealed: X25519Sealed, purpose: string): Buffer {
  const shared = diffieHellman({ privateKey, publicKey: x25519PublicKeyFromText(sealed.ephemeralKey) })
  const key = wrapKey(shared, sealed.ephemeralKey, x25519PublicText(privateKey), purpose)
  const nonce = fromBase64urlStrict(sealed.nonce)
  return open(key, { nonce, ciphertext: fromBase64urlStrict(sealed.ciphertext) }, Buffer.from(purpose, 'utf8'))
}

import { createHash, createPublicKey } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { fromBase64urlStrict, toBase64url } from './base64url'

/** An Ed25519 public key as a JWK: x is the base64url raw 32-byte key. */
export interface Ed25519PublicJwk {
  kty: 'OKP'
  crv: 'Ed25519'
  x: string
}

export class Ed25519KeyError extends Error {
  override readonly name = 'Ed25519KeyError'
  readonly code = 'NOT_AN_ED25519_KEY'
}

/** Station ids and authority key ids: the first 16 hex digits of SHA-256 over the raw 32-byte public key. */
export const ed25519KeyId = (rawPublicKey: Uint8Array): string =>
  createHash('sha256').update(rawPublicKey).digest('hex').slice(0, 16)

/** The public half of an Ed25519 key object (public or private) as a JWK. */
export function ed25519PublicJwk(key: KeyObject): Ed25519PublicJwk {
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Ed25519KeyError(`expected an Ed25519 key, got ${key.asymmetricKeyType ?? key.type}`)
  const publicKey = key.type === 'private' ? createPublicKey(key) : key
  const { x } = publicKey.export({ format: 'jwk' })
  if (typeof x !== 'string') throw new Ed25519KeyError('the key has no public point')
  return { kty: 'OKP', crv: 'Ed25519', x }
}

export const rawEd25519PublicKey = (key: KeyObject): Buffer => fromBase64urlStrict(ed25519PublicJwk(key).x)

/** Imports a public key from its raw bytes, refusing anything but exactly 32 canonically encoded bytes. */
export function ed25519PublicKeyFromRaw(raw: Uint8Array): KeyObject {
  if (raw.length !== 32) throw new Ed25519KeyError(`an Ed25519 public key is 32 bytes, not ${raw.length}`)
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: toBase64url(raw) }, format: 'jwk' })
}

/** Parses an SPKI PEM public key and checks it is Ed25519. */
export function ed25519PublicKeyFromPem(pem: string): KeyObject {
  let key: KeyObject
  try {
    key = createPublicKey(pem)
  } catch {
    throw new Ed25519KeyError('not a PEM public key')
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Ed25519KeyError(`expected an Ed25519 public key, got ${key.asymmetricKeyType ?? key.type}`)
  return key
}

export const spkiPem = (key: KeyObject): string =>
  (key.type === 'private' ? createPublicKey(key) : key).export({ type: 'spki', format: 'pem' }).toString()

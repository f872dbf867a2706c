import { createPrivateKey, generateKeyPairSync } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { ed25519KeyId, ed25519PublicKeyFromPem, rawEd25519PublicKey, spkiPem } from '../crypto/ed25519Keys'
import { PackageError } from './packageError'

/** An exam authority's Ed25519 signing key pair; the key id names the key in each package it signs. */
export interface AuthorityKeys {
  /** PKCS#8 PEM. Keep it off the stations: it lets its holder publish exams they will trust. */
  privateKeyPem: string
  /** SPKI PEM, installed on stations as a trusted authority. */
  publicKeyPem: string
  keyId: string
}

export const authorityKeyId = (key: KeyObject): string => ed25519KeyId(rawEd25519PublicKey(key))

export function generateAuthorityKeys(): AuthorityKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: spkiPem(publicKey),
    keyId: authorityKeyId(publicKey),
  }
}

export function authorityPrivateKey(pem: string): KeyObject {
  let key: KeyObject
  try {
    key = createPrivateKey(pem)
  } catch {
    throw new PackageError('AUTHORITY_KEY_INVALID', 'the authority signing key is not a PEM private key')
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new PackageError(
      'AUTHORITY_KEY_INVALID',
      `the authority signing key must be Ed25519, not ${key.asymmetricKeyType ?? 'unknown'}`,
    )
  }
  return key
}

export function authorityPublicKey(pem: string): KeyObject {
  try {
    return ed25519PublicKeyFromPem(pem)
  } catch (error) {
    throw new PackageError('AUTHORITY_KEY_INVALID', `a trusted authority key is unusable: ${(error as Error).message}`)
  }
}

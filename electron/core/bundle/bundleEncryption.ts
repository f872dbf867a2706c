import { KeyObject } from 'node:crypto'
import { CompactEncrypt, compactDecrypt } from 'jose'
import type { JWK } from 'jose'
import { BundleError, RESULT_JWS_TYPE } from './bundleFormat'

/**
 * Optional confidentiality for the upload: the signed bundle is wrapped, unchanged, in a JWE to the exam
 * authority's X25519 key (ECDH-ES+A256KW, A256GCM). Only the authority can read it; after decryption the inner
 * bundle verifies exactly as an unencrypted one.
 */
export type AuthorityKey = JWK | KeyObject

const KEY_MANAGEMENT = 'ECDH-ES+A256KW'
const CONTENT_ENCRYPTION = 'A256GCM'

function requireX25519(key: AuthorityKey, kind: 'public' | 'private'): void {
  const isX25519 =
    key instanceof KeyObject ? key.asymmetricKeyType === 'x25519' : key.kty === 'OKP' && key.crv === 'X25519'
  const hasPrivate = key instanceof KeyObject ? key.type === 'private' : typeof key.d === 'string'
  if (!isX25519 || (kind === 'private') !== hasPrivate) {
    throw new BundleError('BAD_KEY', `the exam authority key must be an X25519 ${kind} key`)
  }
}

export async function encryptBundleForAuthority(jwsText: string, authorityPublicKey: AuthorityKey): Promise<string> {
  requireX25519(authorityPublicKey, 'public')
  return new CompactEncrypt(Buffer.from(jwsText, 'ascii'))
    .setProtectedHeader({ alg: KEY_MANAGEMENT, enc: CONTENT_ENCRYPTION, cty: RESULT_JWS_TYPE })
    .encrypt(authorityPublicKey)
}

/** The inner JWS text. Throws BundleError DECRYPTION_FAILED for a wrong key or any tampering. */
export async function decryptBundle(jweText: string, authorityPrivateKey: AuthorityKey): Promise<string> {
  requireX25519(authorityPrivateKey, 'private')
  try {
    const { plaintext, protectedHeader } = await compactDecrypt(jweText, authorityPrivateKey, {
      keyManagementAlgorithms: [KEY_MANAGEMENT],
      contentEncryptionAlgorithms: [CONTENT_ENCRYPTION],
    })
    if (protectedHeader.cty !== RESULT_JWS_TYPE) throw new Error('not an encrypted result bundle')
    // latin1 maps each byte to one character, so a stray byte stays visible to the verifier's format check.
    return Buffer.from(plaintext).toString('latin1')
  } catch {
    throw new BundleError(
      'DECRYPTION_FAILED',
      'the encrypted bundle does not open with this authority key (wrong key or altered file)',
    )
  }
}

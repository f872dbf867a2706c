import { createPrivateKey, KeyObject } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { JWK } from 'jose'
import { UsageError } from './secretInput'

/** One flag, one meaning, wherever encrypted bundles are opened (`results import`, `intake`). */
export const AUTHORITY_KEY_FLAG = '--authority-key <keyFile>'
export const AUTHORITY_KEY_HELP = 'the exam authority X25519 private key (JWK or PEM), to open encrypted *.jwe bundles'

function isX25519Private(key: JWK | KeyObject): boolean {
  if (key instanceof KeyObject) return key.asymmetricKeyType === 'x25519' && key.type === 'private'
  return key.kty === 'OKP' && key.crv === 'X25519' && typeof key.d === 'string'
}

/**
 * The exam authority's X25519 private key, from a JWK or a PKCS#8 PEM. A file holding anything else (a public key,
 * the authority's Ed25519 signing key) is a usage error now, not a quarantine of every encrypted bundle later.
 */
export async function readAuthorityKey(file: string): Promise<JWK | KeyObject> {
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`)
  })
  let key: JWK | KeyObject
  try {
    key = text.trimStart().startsWith('{') ? (JSON.parse(text) as JWK) : createPrivateKey(text)
  } catch {
    throw new UsageError(`${file} is not a private key (JWK or PEM)`)
  }
  if (!isX25519Private(key)) {
    throw new UsageError(
      `${file} is not an X25519 private key: give the exam authority's encryption key, whose public half the stations encrypt bundles to`,
    )
  }
  return key
}

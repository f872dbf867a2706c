import { randomBytes, scrypt } from 'node:crypto'
import { z } from 'zod'
import { DecryptionError, open, seal } from './aead'
import { fromBase64urlStrict, toBase64url } from './base64url'
import { KeyProtectorError } from './keyProtector'
import type { KeyProtector, ProtectedKey } from './keyProtector'

/** scrypt cost parameters; stored beside each protected key so a later release can raise them. */
export interface ScryptParams {
  N: number
  r: number
  p: number
}

/** About 100 ms and 32 MiB on a lab PC: slow enough to hinder guessing, quick enough at every station start. */
export const DEFAULT_SCRYPT_PARAMS: Readonly<ScryptParams> = { N: 2 ** 15, r: 8, p: 1 }

const KIND = 'passphrase'
const SALT_BYTES = 16
/** Bounds what a (possibly tampered) station file can make us allocate: 128·N·r bytes. */
const MAX_SCRYPT_MEMORY = 256 * 1024 * 1024

const protectedShape = z.object({
  kind: z.literal(KIND),
  kdf: z.literal('scrypt'),
  N: z.number().int(),
  r: z.number().int(),
  p: z.number().int(),
  salt: z.string(),
  nonce: z.string(),
  ciphertext: z.string(),
})

function checkParams({ N, r, p }: ScryptParams): void {
  const powerOfTwo = Number.isInteger(Math.log2(N))
  if (!powerOfTwo || N < 2 ** 10 || r < 1 || r > 32 || p < 1 || p > 16 || 128 * N * r > MAX_SCRYPT_MEMORY) {
    throw new KeyProtectorError(
      'WRONG_KIND',
      `scrypt parameters N=${N}, r=${r}, p=${p} are outside the supported range`,
    )
  }
}

const aad = ({ N, r, p }: ScryptParams): Buffer =>
  Buffer.from(`invigil-master-key/1|scrypt|N=${N}|r=${r}|p=${p}`, 'utf8')

function deriveKek(passphrase: string, salt: Buffer, { N, r, p }: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(passphrase, salt, 32, { N, r, p, maxmem: 2 * 128 * N * r }, (error, key) =>
      error ? reject(error) : resolve(key),
    )
  })
}

function decodeField(name: string, text: string): Buffer {
  try {
    return fromBase64urlStrict(text)
  } catch {
    throw new KeyProtectorError('WRONG_KIND', `the passphrase-protected key is damaged: ${name} is not base64url`)
  }
}

/**
 * Protects the master key with a key-encryption key derived from a passphrase by scrypt. Used by the CLI, the
 * browser host and tests; the kiosk app uses the OS keystore. `params` exists so tests can run cheaply.
 */
export function passphraseProtector(passphrase: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): KeyProtector {
  // NFC: the same passphrase typed through different input methods must give the same key.
  const normalized = passphrase.normalize('NFC')
  if (normalized.length === 0) throw new KeyProtectorError('WRONG_PASSPHRASE', 'the passphrase must not be empty')
  checkParams(params)

  return {
    kind: KIND,
    async protect(key: Buffer): Promise<ProtectedKey> {
      const salt = randomBytes(SALT_BYTES)
      const kek = await deriveKek(normalized, salt, params)
      const sealed = seal(kek, key, aad(params))
      const { N, r, p } = params
      return {
        kind: KIND,
        kdf: 'scrypt',
        N,
        r,
        p,
        salt: toBase64url(salt),
        nonce: toBase64url(sealed.nonce),
        ciphertext: toBase64url(sealed.ciphertext),
      }
    },

    async unprotect(protectedKey: ProtectedKey): Promise<Buffer> {
      if (protectedKey.kind !== KIND) {
        throw new KeyProtectorError(
          'WRONG_KIND',
          `the master key is protected by "${protectedKey.kind}", not by a passphrase`,
        )
      }
      const parsed = protectedShape.safeParse(protectedKey)
      if (!parsed.success)
        throw new KeyProtectorError(
          'WRONG_KIND',
          'the passphrase-protected key is damaged: fields are missing or of the wrong type',
        )
      const stored = parsed.data
      const storedParams = { N: stored.N, r: stored.r, p: stored.p }
      checkParams(storedParams)
      const salt = decodeField('salt', stored.salt)
      const sealed = {
        nonce: decodeField('nonce', stored.nonce),
        ciphertext: decodeField('ciphertext', stored.ciphertext),
      }
      const kek = await deriveKek(normalized, salt, storedParams)
      try {
        return open(kek, sealed, aad(storedParams))
      } catch (error) {
        if (!(error instanceof DecryptionError)) throw error
        // GCM cannot tell a wrong passphrase from altered data; the first is by far the likelier.
        throw new KeyProtectorError('WRONG_PASSPHRASE', 'wrong passphrase (or the protected master key was altered)')
      }
    },
  }
}

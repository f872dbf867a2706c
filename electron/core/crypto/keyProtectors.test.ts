import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { open, seal } from './aead'
import { KeyProtectorError } from './keyProtector'
import type { ProtectedKey } from './keyProtector'
import { osKeystoreProtector } from './osKeystoreProtector'
import type { SafeStorageLike } from './osKeystoreProtector'
import { DEFAULT_SCRYPT_PARAMS, passphraseProtector } from './passphraseProtector'

/** Cheap scrypt for tests that are not about the cost parameters. */
const CHEAP = { N: 2 ** 10, r: 8, p: 1 }

async function rejection(promise: Promise<unknown>): Promise<KeyProtectorError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  if (!(error instanceof KeyProtectorError)) throw new Error(`expected a KeyProtectorError, got ${String(error)}`)
  return error
}

describe('passphrase protector', () => {
  it('round-trips the master key with the default scrypt parameters, stored beside the key', async () => {
    const master = randomBytes(32)
    const protector = passphraseProtector('correct horse battery staple')
    const stored = await protector.protect(master)
    expect(stored).toMatchObject({ kind: 'passphrase', kdf: 'scrypt', ...DEFAULT_SCRYPT_PARAMS })
    expect(JSON.stringify(stored)).not.toContain(master.toString('base64url'))
    expect((await protector.unprotect(stored)).equals(master)).toBe(true)
  })

  it('opens with the parameters it finds, so the defaults can be raised later', async () => {
    const master = randomBytes(32)
    const stored = await passphraseProtector('考場 A', CHEAP).protect(master)
    const unprotected = await passphraseProtector('考場 A', { N: 2 ** 12, r: 8, p: 1 }).unprotect(stored)
    expect(unprotected.equals(master)).toBe(true)
  })

  it('treats composed and decomposed forms of the same passphrase alike', async () => {
    const stored = await passphraseProtector('caf\u00e9', CHEAP).protect(randomBytes(32))
    await expect(passphraseProtector('cafe\u0301', CHEAP).unprotect(stored)).resolves.toHaveLength(32)
  })

  it('reports a wrong passphrase as WRONG_PASSPHRASE', async () => {
    const stored = await passphraseProtector('right', CHEAP).protect(randomBytes(32))
    const error = await rejection(passphraseProtector('wrong', CHEAP).unprotect(stored))
    expect(error.code).toBe('WRONG_PASSPHRASE')
    expect(error.message).toMatch(/wrong passphrase/)
  })

  it('detects altered parameters, because they are bound into the sealed key', async () => {
    const stored = await passphraseProtector('pw', CHEAP).protect(randomBytes(32))
    const error = await rejection(passphraseProtector('pw', CHEAP).unprotect({ ...stored, N: 2 ** 11 }))
    expect(error.code).toBe('WRONG_PASSPHRASE')
  })

  it('refuses an empty passphrase, and parameters a tampered file could use to exhaust memory', async () => {
    expect(() => passphraseProtector('')).toThrow(
      expect.objectContaining({ code: 'WRONG_PASSPHRASE', message: expect.stringMatching(/empty/) }),
    )
    const stored = await passphraseProtector('pw', CHEAP).protect(randomBytes(32))
    expect((await rejection(passphraseProtector('pw', CHEAP).unprotect({ ...stored, N: 2 ** 24 }))).message).toMatch(
      /outside/,
    )
    expect((await rejection(passphraseProtector('pw', CHEAP).unprotect({ ...stored, salt: 'A' }))).message).toMatch(
      /salt/,
    )
  })

  it('refuses a key protected by another kind of protector', async () => {
    const error = await rejection(
      passphraseProtector('pw', CHEAP).unprotect({ kind: 'safeStorage', backend: 'kwallet6' }),
    )
    expect(error.code).toBe('WRONG_KIND')
  })
})

/** A safeStorage double: real AES-GCM under a per-instance key, with a backend the test can switch. */
function fakeSafeStorage(
  initialBackend: string | undefined,
  available = true,
): SafeStorageLike & { backend: string; available: boolean } {
  const key = randomBytes(32)
  const aad = Buffer.from('fake-safe-storage')
  const fake = {
    backend: initialBackend ?? 'unknown',
    available,
    isEncryptionAvailable: () => fake.available,
    encryptString(text: string): Buffer {
      const sealed = seal(key, Buffer.from(text, 'utf8'), aad)
      return Buffer.concat([sealed.nonce, sealed.ciphertext])
    },
    decryptString: (blob: Buffer): string =>
      open(key, { nonce: blob.subarray(0, 12), ciphertext: blob.subarray(12) }, aad).toString('utf8'),
  }
  // Electron offers getSelectedStorageBackend on Linux only.
  return initialBackend === undefined ? fake : Object.assign(fake, { getSelectedStorageBackend: () => fake.backend })
}

describe('OS keystore protector', () => {
  it('round-trips the master key and records the backend', async () => {
    const master = randomBytes(32)
    const protector = osKeystoreProtector(fakeSafeStorage('gnome_libsecret'), 'linux')
    const stored = await protector.protect(master)
    expect(stored).toMatchObject({ kind: 'safeStorage', backend: 'gnome_libsecret' })
    expect((await protector.unprotect(stored)).equals(master)).toBe(true)
  })

  it('names the single backend of macOS and Windows, where Electron reports none', async () => {
    expect(await osKeystoreProtector(fakeSafeStorage(undefined), 'darwin').protect(randomBytes(32))).toMatchObject({
      backend: 'macos_keychain',
    })
    expect(await osKeystoreProtector(fakeSafeStorage(undefined), 'win32').protect(randomBytes(32))).toMatchObject({
      backend: 'windows_dpapi',
    })
  })

  it('refuses the weak basic_text and unknown backends, saying what to install', async () => {
    for (const backend of ['basic_text', 'unknown']) {
      const error = await rejection(osKeystoreProtector(fakeSafeStorage(backend), 'linux').protect(randomBytes(32)))
      expect(error.code).toBe('WEAK_BACKEND')
      expect(error.message).toContain(backend)
      expect(error.message).toMatch(/GNOME Keyring/)
      expect(error.message).toMatch(/KWallet/)
    }
    const linuxWithoutReport = await rejection(
      osKeystoreProtector(fakeSafeStorage(undefined), 'linux').protect(randomBytes(32)),
    )
    expect(linuxWithoutReport.code).toBe('WEAK_BACKEND')
  })

  it('reports unavailable encryption as UNAVAILABLE, when protecting and when opening', async () => {
    expect(
      (await rejection(osKeystoreProtector(fakeSafeStorage('kwallet6', false), 'linux').protect(randomBytes(32)))).code,
    ).toBe('UNAVAILABLE')
    const storage = fakeSafeStorage('kwallet6')
    const stored = await osKeystoreProtector(storage, 'linux').protect(randomBytes(32))
    storage.available = false
    expect((await rejection(osKeystoreProtector(storage, 'linux').unprotect(stored))).code).toBe('UNAVAILABLE')
  })

  it('reports a changed backend naming both backends', async () => {
    const storage = fakeSafeStorage('kwallet6')
    const protector = osKeystoreProtector(storage, 'linux')
    const stored = await protector.protect(randomBytes(32))
    storage.backend = 'basic_text'
    const error = await rejection(protector.unprotect(stored))
    expect(error.code).toBe('BACKEND_CHANGED')
    expect(error.message).toContain('"kwallet6"')
    expect(error.message).toContain('"basic_text"')
  })

  it('refuses a passphrase-protected key', async () => {
    const stored: ProtectedKey = { kind: 'passphrase', kdf: 'scrypt' }
    expect((await rejection(osKeystoreProtector(fakeSafeStorage('kwallet6'), 'linux').unprotect(stored))).code).toBe(
      'WRONG_KIND',
    )
  })
})

import { fromBase64urlStrict, toBase64url } from './base64url'
import { KeyProtectorError } from './keyProtector'
import type { KeyProtector, ProtectedKey } from './keyProtector'

/** The part of Electron's `safeStorage` we use, so the core can depend on it without importing Electron. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean
  /** Linux only in Electron: basic_text, gnome_libsecret, kwallet, kwallet5, kwallet6 or unknown. */
  getSelectedStorageBackend?(): string
  encryptString(plainText: string): Buffer
  decryptString(encrypted: Buffer): string
}

const KIND = 'safeStorage'
/** Tags the plaintext so a blob decrypted under some other context is not mistaken for our key. */
const PREFIX = 'invigil-master-key/1:'

/**
 * basic_text encrypts with a password hard-coded in Chromium: anyone with a copy of the disk can decrypt.
 * unknown means safeStorage was asked before the app was ready, or found nothing usable.
 */
const WEAK_BACKENDS = new Set(['basic_text', 'unknown'])

const INSTALL_HINT =
  'Install and unlock a system keyring (GNOME Keyring with libsecret, or KWallet) in the desktop session that runs ' +
  'Invigil, or start it with --password-store=gnome-libsecret (or kwallet6); otherwise protect the station with a passphrase.'

/** The backend name recorded with the key: Linux reports its own; macOS and Windows each have exactly one. */
function currentBackend(storage: SafeStorageLike, platform: NodeJS.Platform): string {
  const reported = storage.getSelectedStorageBackend?.()
  if (reported !== undefined) return reported
  if (platform === 'darwin') return 'macos_keychain'
  if (platform === 'win32') return 'windows_dpapi'
  return 'unknown'
}

function availableBackend(storage: SafeStorageLike, platform: NodeJS.Platform): string {
  if (!storage.isEncryptionAvailable()) {
    throw new KeyProtectorError('UNAVAILABLE', `the OS keystore cannot encrypt on this machine. ${INSTALL_HINT}`)
  }
  return currentBackend(storage, platform)
}

function refuseWeak(backend: string): void {
  if (WEAK_BACKENDS.has(backend)) {
    throw new KeyProtectorError(
      'WEAK_BACKEND',
      `the OS keystore backend is "${backend}", which does not protect keys (anyone with a copy of the disk could read them). ${INSTALL_HINT}`,
    )
  }
}

/**
 * Protects the master key with the OS keystore (Electron safeStorage: Keychain, DPAPI, libsecret or KWallet).
 * The backend is recorded so that a later change (e.g. the keyring went missing) is reported as such, rather
 * than as an unexplained decryption failure.
 */
export function osKeystoreProtector(
  storage: SafeStorageLike,
  platform: NodeJS.Platform = process.platform,
): KeyProtector {
  return {
    kind: KIND,
    async protect(key: Buffer): Promise<ProtectedKey> {
      const backend = availableBackend(storage, platform)
      refuseWeak(backend)
      const encrypted = storage.encryptString(PREFIX + toBase64url(key))
      return { kind: KIND, backend, ciphertext: toBase64url(encrypted) }
    },

    async unprotect(protectedKey: ProtectedKey): Promise<Buffer> {
      if (protectedKey.kind !== KIND) {
        throw new KeyProtectorError(
          'WRONG_KIND',
          `the master key is protected by "${protectedKey.kind}", not by the OS keystore`,
        )
      }
      const recorded = protectedKey.backend
      const now = availableBackend(storage, platform)
      if (now !== recorded) {
        throw new KeyProtectorError(
          'BACKEND_CHANGED',
          `the master key was protected with the OS keystore backend "${String(recorded)}", but the backend now in use is "${now}". ` +
            `Run Invigil in the same desktop session and keyring that set up this station.`,
        )
      }
      // Only a hand-edited file records a weak backend; protect() never does.
      refuseWeak(now)
      const { ciphertext } = protectedKey
      if (typeof ciphertext !== 'string')
        throw new KeyProtectorError('WRONG_KIND', 'the keystore-protected key has no ciphertext')
      let plain: string
      try {
        plain = storage.decryptString(fromBase64urlStrict(ciphertext))
      } catch {
        throw new KeyProtectorError(
          'UNAVAILABLE',
          'the OS keystore could not decrypt the master key (is the keyring unlocked, and is it the same user?)',
        )
      }
      if (!plain.startsWith(PREFIX))
        throw new KeyProtectorError(
          'WRONG_KIND',
          'the OS keystore returned something that is not an Invigil master key',
        )
      return fromBase64urlStrict(plain.slice(PREFIX.length))
    },
  }
}

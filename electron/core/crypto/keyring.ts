import { open, seal } from './aead'

/**
 * Wraps per-session data keys under the station master key. Only wrapped keys are stored; the master key stays in
 * memory for as long as the station is open.
 */
export interface SessionKeyring {
  wrapSessionKey(sessionId: string, key: Buffer): Buffer
  unwrapSessionKey(sessionId: string, wrapped: Buffer): Buffer
}

const aad = (sessionId: string): Buffer => Buffer.from(`invigil-session-key/1|${sessionId}`, 'utf8')

/** A keyring over a 32-byte master key: nonce (12 bytes) followed by the AES-256-GCM ciphertext and tag. */
export function masterKeyKeyring(masterKey: Buffer): SessionKeyring {
  return {
    wrapSessionKey(sessionId, key) {
      const sealed = seal(masterKey, key, aad(sessionId))
      return Buffer.concat([sealed.nonce, sealed.ciphertext])
    },
    unwrapSessionKey(sessionId, wrapped) {
      return open(masterKey, { nonce: wrapped.subarray(0, 12), ciphertext: wrapped.subarray(12) }, aad(sessionId))
    },
  }
}

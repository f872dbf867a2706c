import { verify } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { ed25519PublicKeyFromRaw } from './ed25519Keys'

/**
 * Ed25519 signature checks straight on node:crypto, for verifiers that check many signatures from few keys (the
 * results import: thousands of bundles from a lab's stations). Importing a key costs about a tenth of a verify, so
 * each key is imported once and kept; the async check runs on the libuv threadpool, so several verify at once.
 */

/** Far more stations than a results store enrols; past it the oldest key is dropped and re-imported if seen again. */
const MAX_CACHED_KEYS = 4096
const keysByX = new Map<string, KeyObject>()

/**
 * The public key object for a JWK's x (the base64url raw 32-byte key), imported once per key. `raw` is x decoded,
 * which the caller has checked to be 32 canonically encoded bytes. Throws Ed25519KeyError for a wrong length.
 */
export function cachedEd25519PublicKey(x: string, raw: Uint8Array): KeyObject {
  const cached = keysByX.get(x)
  if (cached) return cached
  const key = ed25519PublicKeyFromRaw(raw)
  if (keysByX.size >= MAX_CACHED_KEYS) {
    const oldest = keysByX.keys().next()
    if (!oldest.done) keysByX.delete(oldest.value)
  }
  keysByX.set(x, key)
  return key
}

/** Whether `signature` is `key`'s Ed25519 signature of `data`, checked on this thread. False for a malformed one. */
export function verifyEd25519(data: Uint8Array, key: KeyObject, signature: Uint8Array): boolean {
  try {
    return verify(null, data, key, signature)
  } catch {
    return false
  }
}

/**
 * verifyEd25519 on the libuv threadpool: the calling thread goes on with other work (another bundle's checks) while
 * the signature is checked. Costs a thread hand-off (some microseconds of CPU) per call, so a single check is better
 * done with verifyEd25519.
 */
export function verifyEd25519OffThread(data: Uint8Array, key: KeyObject, signature: Uint8Array): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      verify(null, data, key, signature, (error, ok) => resolve(error === null && ok))
    } catch {
      resolve(false)
    }
  })
}

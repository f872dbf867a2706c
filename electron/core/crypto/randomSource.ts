import { randomBytes, randomFillSync } from 'node:crypto'

/** Randomness is injected (keys, nonces, salts, form seeds) so tests can replay it. */
export type RandomSource = (bytes: number) => Buffer

/** Requests up to this size are served from a pool (an AES-GCM nonce on every save is 12 bytes). */
export const POOLED_MAX_BYTES = 32
const POOL_BYTES = 4096

/**
 * The CSPRNG, with small requests cut from a pool it filled: one native call per 4 KiB instead of one per nonce
 * (about 10 µs each, on every save). Every byte is handed out once, as a copy, and zeroed in the pool when it is
 * taken, so no two callers share bytes and the pool keeps no copy of a key.
 */
export function pooledRandom(poolBytes = POOL_BYTES): RandomSource {
  const pool = Buffer.allocUnsafeSlow(poolBytes)
  let used = poolBytes
  return (bytes) => {
    if (bytes > POOLED_MAX_BYTES) return randomBytes(bytes)
    if (used + bytes > poolBytes) {
      randomFillSync(pool)
      used = 0
    }
    // Its own memory, as randomBytes gives: not a slice of the pool or of Buffer's shared pool.
    const out = Buffer.allocUnsafeSlow(bytes)
    pool.copy(out, 0, used, used + bytes)
    pool.fill(0, used, used + bytes)
    used += bytes
    return out
  }
}

export const defaultRandom: RandomSource = pooledRandom()

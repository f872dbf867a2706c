import { createHash } from 'node:crypto'

/**
 * A small deterministic random source: SHA-256 in counter mode over (seed, scope). The same seed and scope give the
 * same sequence on every machine; each scope (one section's items, one item's options) draws its own stream, so
 * editing one item never reshuffles another.
 */
export function seededUint32(seed: string, scope: string): () => number {
  let counter = 0
  let block = Buffer.alloc(0)
  let offset = 0
  return () => {
    if (offset >= block.length) {
      block = createHash('sha256').update(`${seed}\u0000${scope}\u0000${counter}`, 'utf8').digest()
      counter += 1
      offset = 0
    }
    const value = block.readUInt32BE(offset)
    offset += 4
    return value
  }
}

const RANGE = 2 ** 32

/** A uniform integer in [0, n): rejection sampling, because `value % n` would favour the low numbers. */
export function uniformBelow(next: () => number, n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > RANGE)
    throw new RangeError(`uniformBelow: n must be an integer in 1..2^32, got ${n}`)
  const limit = RANGE - (RANGE % n)
  for (;;) {
    const value = next()
    if (value < limit) return value % n
  }
}

/** Fisher-Yates over a copy; the input is left as it was. */
export function seededShuffle<T>(values: readonly T[], seed: string, scope: string): T[] {
  const next = seededUint32(seed, scope)
  const result = [...values]
  for (let i = result.length - 1; i > 0; i--) {
    const j = uniformBelow(next, i + 1)
    const a = result[i] as T
    result[i] = result[j] as T
    result[j] = a
  }
  return result
}

import { describe, expect, it } from 'vitest'
import { POOLED_MAX_BYTES, pooledRandom } from './randomSource'

/** The pooled CSPRNG every save draws its AES-GCM nonce from (issue 12.1): no byte handed out twice, none shared. */
describe('pooledRandom', () => {
  it('never hands out the same nonce twice, across many refills of its pool', () => {
    const random = pooledRandom(64)
    const seen = new Set<string>()
    for (let i = 0; i < 20_000; i++) seen.add(random(12).toString('hex'))
    expect(seen.size).toBe(20_000)
  })

  it('gives each caller its own memory: changing one result changes no other, and no pool bytes leak out', () => {
    const random = pooledRandom(64)
    const a = random(12)
    const b = random(12)
    const copyOfB = Buffer.from(b)
    a.fill(0xff)
    expect(b).toEqual(copyOfB)
    expect(a.buffer.byteLength).toBe(12)
    expect(b.buffer.byteLength).toBe(12)
  })

  it('serves exactly the bytes asked for, straight from the CSPRNG above the pooled size', () => {
    const random = pooledRandom(64)
    for (const bytes of [0, 1, 12, POOLED_MAX_BYTES, POOLED_MAX_BYTES + 1, 4096])
      expect(random(bytes)).toHaveLength(bytes)
    // Keys and larger draws are not all zeros, and differ between draws.
    expect(random(32).equals(random(32))).toBe(false)
    expect(random(4096).equals(Buffer.alloc(4096))).toBe(false)
  })
})

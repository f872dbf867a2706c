import { describe, expect, it } from 'vitest'
import { hashPin, verifyPin } from './secretHash'

const FAST = { N: 1024, r: 8, p: 1, keyLength: 32 }

describe('proctor PIN hash', () => {
  it('verifies the PIN it hashed and nothing else', async () => {
    const stored = await hashPin('24681357', Buffer.alloc(16, 7), FAST)
    expect(stored.hash).toHaveLength(32)
    expect(await verifyPin('24681357', stored)).toBe(true)
    for (const wrong of ['24681358', '2468135', '', '24681357 ', 'abcdefgh'])
      expect(await verifyPin(wrong, stored)).toBe(false)
  })

  it('salts: the same PIN under two salts gives two hashes', async () => {
    const a = await hashPin('123456', Buffer.alloc(16, 1), FAST)
    const b = await hashPin('123456', Buffer.alloc(16, 2), FAST)
    expect(a.hash.equals(b.hash)).toBe(false)
  })
})

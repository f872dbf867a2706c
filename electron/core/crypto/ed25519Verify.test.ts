import { generateKeyPairSync, sign } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { rawEd25519PublicKey, ed25519PublicJwk } from './ed25519Keys'
import { cachedEd25519PublicKey, verifyEd25519, verifyEd25519OffThread } from './ed25519Verify'

const { publicKey, privateKey } = generateKeyPairSync('ed25519')
const { x } = ed25519PublicJwk(publicKey)
const raw = rawEd25519PublicKey(publicKey)
const data = Buffer.from('header.payload')
const signature = sign(null, data, privateKey)

describe('Ed25519 verification on node:crypto', () => {
  it('imports a key once and hands out the same key object after', () => {
    const key = cachedEd25519PublicKey(x, raw)
    expect(key.equals(publicKey)).toBe(true)
    expect(cachedEd25519PublicKey(x, raw)).toBe(key)
  })

  it('accepts the signature and refuses a changed message, signature or key, on and off the thread', async () => {
    const key = cachedEd25519PublicKey(x, raw)
    const other = generateKeyPairSync('ed25519').publicKey
    const flipped = Buffer.from(signature)
    flipped[0] = (flipped[0] ?? 0) ^ 1
    const cases: [Buffer, Buffer, typeof key, boolean][] = [
      [data, signature, key, true],
      [Buffer.from('header.payloaD'), signature, key, false],
      [data, flipped, key, false],
      [data, signature, other, false],
      [data, signature.subarray(0, 63), key, false],
    ]
    for (const [message, sig, publicKeyObject, expected] of cases) {
      expect(verifyEd25519(message, publicKeyObject, sig)).toBe(expected)
      expect(await verifyEd25519OffThread(message, publicKeyObject, sig)).toBe(expected)
    }
  })

  it('refuses to import a key that is not 32 bytes', () => {
    expect(() => cachedEd25519PublicKey('AAAA', Buffer.alloc(3))).toThrow(
      expect.objectContaining({ name: 'Ed25519KeyError' }),
    )
  })
})

import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  newX25519PrivateKey,
  openWithX25519,
  sealToX25519,
  x25519PrivateKeyFromSeed,
  x25519PublicKeyFromText,
  x25519PublicText,
} from './x25519Seal'

describe('sealing a session key to an X25519 key', () => {
  const secret = randomBytes(32)

  it('opens with the recipient key and the same purpose', () => {
    const recipient = newX25519PrivateKey()
    const sealed = sealToX25519(x25519PublicKeyFromText(x25519PublicText(recipient)), secret, 'escrow|ses_1')
    expect(openWithX25519(recipient, sealed, 'escrow|ses_1').equals(secret)).toBe(true)
  })

  it('refuses another key, another purpose, and an edited ciphertext', () => {
    const recipient = newX25519PrivateKey()
    const sealed = sealToX25519(recipient, secret, 'escrow|ses_1')
    expect(() => openWithX25519(newX25519PrivateKey(), sealed, 'escrow|ses_1')).toThrow()
    expect(() => openWithX25519(recipient, sealed, 'escrow|ses_2')).toThrow()
    const flipped = Buffer.from(sealed.ciphertext, 'base64url')
    flipped[0] = (flipped[0] ?? 0) ^ 1
    expect(() =>
      openWithX25519(recipient, { ...sealed, ciphertext: flipped.toString('base64url') }, 'escrow|ses_1'),
    ).toThrow()
  })

  it('derives the same key from the same seed, another from another', () => {
    const seed = randomBytes(32)
    expect(x25519PublicText(x25519PrivateKeyFromSeed(seed))).toBe(x25519PublicText(x25519PrivateKeyFromSeed(seed)))
    expect(x25519PublicText(x25519PrivateKeyFromSeed(randomBytes(32)))).not.toBe(
      x25519PublicText(x25519PrivateKeyFromSeed(seed)),
    )
  })
})

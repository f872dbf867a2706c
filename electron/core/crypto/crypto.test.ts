import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { open, seal } from './aead'
import { fromBase64urlStrict, toBase64url } from './base64url'
import { canonicalJson } from '../base/canonicalJson'

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: true, y: null }], c: 'x' }, u: undefined })).toBe(
      '{"a":{"c":"x","d":[1,{"y":null,"z":true}]},"b":1}',
    )
  })
  it('gives the same bytes whatever the insertion order', () => {
    expect(canonicalJson({ x: 1, y: '業' })).toBe(canonicalJson({ y: '業', x: 1 }))
  })
  it('refuses values JSON cannot carry faithfully', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError)
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError)
  })
})

describe('strict base64url', () => {
  it('round-trips every length', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = randomBytes(n)
      expect(fromBase64urlStrict(toBase64url(bytes)).equals(bytes)).toBe(true)
    }
  })
  it('rejects padding, foreign characters and non-canonical trailing bits', () => {
    expect(() => fromBase64urlStrict('AQ==')).toThrow(/base64url/)
    expect(() => fromBase64urlStrict('AQ+/')).toThrow(/base64url/)
    expect(() => fromBase64urlStrict('AQ\n')).toThrow(/base64url/)
    expect(fromBase64urlStrict('AQ')).toEqual(Buffer.from([1]))
    // 'AR' decodes to the same single byte as 'AQ' in lenient decoders: the unused bits differ.
    expect(() => fromBase64urlStrict('AR')).toThrow(/non-canonical/)
    expect(() => fromBase64urlStrict('A')).toThrow(/base64url/)
  })
  it('refuses every UTF-16 code unit outside the alphabet, wherever it stands', () => {
    const valid = toBase64url(randomBytes(8)) // 11 characters: a final group of three
    const alphabet = new Set('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_')
    let refused = 0
    for (let code = 0; code <= 0xffff; code++) {
      const char = String.fromCharCode(code)
      if (alphabet.has(char)) continue
      // In place of a character, added in the middle, and added at the end.
      for (const text of [
        `${char}${valid.slice(1)}`,
        `${valid.slice(0, 5)}${char}${valid.slice(5)}`,
        `${valid}${char}`,
      ]) {
        expect(() => fromBase64urlStrict(text), `U+${code.toString(16)} in ${JSON.stringify(text)}`).toThrow(
          /base64url/,
        )
        refused++
      }
    }
    expect(refused).toBe(3 * (0x10000 - 64))
  })
  it('accepts only zero unused bits in the last character', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    // Two characters leave 4 bits unused (4 of 64 last characters are canonical), three leave 2 (16), four none.
    for (const [stem, canonical] of [
      ['Q', 4],
      ['QU', 16],
      ['QUJ', 64],
    ] as const) {
      let accepted = 0
      for (const last of alphabet) {
        const text = `${stem}${last}`
        if (toBase64url(Buffer.from(text, 'base64url')) === text) {
          expect(fromBase64urlStrict(text).length).toBe(Math.floor((text.length * 3) / 4))
          accepted++
        } else expect(() => fromBase64urlStrict(text), text).toThrow(/non-canonical/)
      }
      expect(accepted).toBe(canonical)
    }
  })
})

describe('AES-256-GCM seal/open', () => {
  const key = randomBytes(32)
  const aad = Buffer.from('v1|session-1|item-3|rev-2')

  it('opens what it sealed, with a fresh nonce each time', () => {
    const a = seal(key, Buffer.from('答案 B'), aad)
    const b = seal(key, Buffer.from('答案 B'), aad)
    expect(a.nonce.equals(b.nonce)).toBe(false)
    expect(open(key, a, aad).toString()).toBe('答案 B')
  })

  it('fails on a flipped ciphertext bit, another context or another key', () => {
    const sealed = seal(key, Buffer.from('secret'), aad)
    const flipped = Buffer.from(sealed.ciphertext)
    flipped[0] = (flipped[0] ?? 0) ^ 1
    expect(() => open(key, { ...sealed, ciphertext: flipped }, aad)).toThrow(/authentication/)
    expect(() => open(key, sealed, Buffer.from('v1|session-1|item-4|rev-2'))).toThrow(/authentication/)
    expect(() => open(randomBytes(32), sealed, aad)).toThrow(/authentication/)
  })
})

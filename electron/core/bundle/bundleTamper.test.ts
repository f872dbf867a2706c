import { describe, expect, it } from 'vitest'
import { toBase64url } from '../crypto/base64url'
import { writeResultBundle } from './bundleWriter'
import { verifyBundle } from './bundleVerifier'
import { createTestStation, sampleBundleInput, sampleEventLines } from './testing/sampleBundle'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const station = createTestStation()
const bundle = Buffer.from(writeResultBundle(sampleBundleInput(), sampleEventLines(), station), 'ascii')

/** Another base64url character (or, for a dot, a letter): the subtlest edit that keeps the text well-formed. */
function otherChar(byte: number): number {
  const index = ALPHABET.indexOf(String.fromCharCode(byte))
  return ALPHABET.charCodeAt(index < 0 ? 0 : (index + 1) % ALPHABET.length)
}

async function failures(variants: Buffer[]): Promise<number[]> {
  const results = await Promise.all(variants.map((variant) => verifyBundle(variant)))
  return results.flatMap((result, index) => (result.ok ? [index] : []))
}

describe('any change to any byte of a bundle fails verification', () => {
  it('accepts the untouched bundle', async () => {
    expect(await verifyBundle(bundle)).toMatchObject({ ok: true })
  })

  it(`rejects every single-byte change: xor 1 and another base64url character at each of the ${bundle.length} positions`, async () => {
    const edits = [(byte: number): number => byte ^ 1, otherChar]
    for (const edit of edits) {
      const variants = [...bundle].map((byte, position) => {
        const copy = Buffer.from(bundle)
        copy[position] = edit(byte)
        return copy
      })
      expect(await failures(variants)).toEqual([])
    }
  })

  it('gives the same verdict, word for word, with the signature checked on the libuv threadpool', async () => {
    const variants = [
      bundle,
      ...[...bundle].map((byte, position) => {
        const copy = Buffer.from(bundle)
        copy[position] = byte ^ 1
        return copy
      }),
    ]
    const inline = await Promise.all(variants.map((variant) => verifyBundle(variant)))
    const pooled = await Promise.all(variants.map((variant) => verifyBundle(variant, { signatureOffThread: true })))
    expect(pooled).toEqual(inline)
    expect(pooled[0]).toMatchObject({ ok: true })
  })

  it('rejects appended bytes, truncation and removed bytes', async () => {
    const variants = [
      Buffer.concat([bundle, Buffer.from('\n')]),
      Buffer.concat([bundle, Buffer.from('\r\n')]),
      Buffer.concat([bundle, Buffer.from(' ')]),
      Buffer.concat([bundle, Buffer.from('A')]),
      Buffer.concat([bundle, Buffer.from('.')]),
      Buffer.concat([Buffer.from('\uFEFF'), bundle]),
      ...[1, 2, 3, 4, 86, bundle.length - 1].map((cut) => bundle.subarray(0, bundle.length - cut)),
      ...[0, 10, 500].map((position) => Buffer.concat([bundle.subarray(0, position), bundle.subarray(position + 1)])),
      Buffer.alloc(0),
    ]
    expect(await failures(variants)).toEqual([])
  })

  it('rejects a non-canonical base64 spelling of the same signature', async () => {
    const text = bundle.toString('ascii')
    const [header, payload, signature] = text.split('.') as [string, string, string]
    // 64 bytes leave 4 unused bits in the last character: flipping one changes the text but not the decoded bytes.
    const last = ALPHABET.indexOf(signature.slice(-1))
    const sameBytes = `${signature.slice(0, -1)}${ALPHABET[last ^ 1] ?? ''}`
    expect(Buffer.from(sameBytes, 'base64url').equals(Buffer.from(signature, 'base64url'))).toBe(true)
    const signatureBytes = Buffer.from(signature, 'base64url')
    const variants = [
      `${header}.${payload}.${sameBytes}`,
      `${header}.${payload}.${signatureBytes.toString('base64')}`,
      `${header}.${payload}.${signature}==`,
      `${header}.${payload}.${toBase64url(signatureBytes)}`, // control: the canonical spelling verifies
    ]
    const results = await Promise.all(variants.map((variant) => verifyBundle(variant)))
    expect(results.map((result) => result.ok)).toEqual([false, false, false, true])
  })

  it('rejects a character beyond ASCII that Node would decode as the base64url character it replaced', async () => {
    const text = bundle.toString('ascii')
    const at = text.indexOf('.') + 100
    // U+0100 plus a character: Node's base64 decoder reads only its low byte, so the decoded bytes stay the same.
    const alias = String.fromCharCode(0x100 + text.charCodeAt(at))
    const forged = `${text.slice(0, at)}${alias}${text.slice(at + 1)}`
    expect(Buffer.from(forged.split('.')[1] ?? '', 'base64url')).toEqual(
      Buffer.from(text.split('.')[1] ?? '', 'base64url'),
    )
    expect(await verifyBundle(forged)).toMatchObject({ ok: false, code: 'MALFORMED' })
    // The same character as bytes (its UTF-8) is refused too.
    expect(await verifyBundle(Buffer.from(forged, 'utf8'))).toMatchObject({ ok: false, code: 'MALFORMED' })
  })
})

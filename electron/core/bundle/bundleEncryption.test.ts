import { generateKeyPairSync } from 'node:crypto'
import type { JWK } from 'jose'
import { describe, expect, it } from 'vitest'
import { decryptBundle, encryptBundleForAuthority } from './bundleEncryption'
import { verifyBundle } from './bundleVerifier'
import { writeResultBundle } from './bundleWriter'
import { createTestStation, sampleBundleInput, sampleEventLines } from './testing/sampleBundle'

const station = createTestStation()
const jws = writeResultBundle(sampleBundleInput(), sampleEventLines(), station)
const authority = generateKeyPairSync('x25519')
const publicJwk = authority.publicKey.export({ format: 'jwk' }) as JWK
const privateJwk = authority.privateKey.export({ format: 'jwk' }) as JWK

describe('bundle encryption to the exam authority', () => {
  it('wraps the signed bundle unchanged in a JWE (ECDH-ES+A256KW, A256GCM) only the authority opens', async () => {
    const jwe = await encryptBundleForAuthority(jws, publicJwk)
    expect(jwe.split('.')).toHaveLength(5)
    const header = JSON.parse(Buffer.from(jwe.split('.')[0] ?? '', 'base64url').toString()) as Record<string, unknown>
    expect(header).toMatchObject({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', cty: 'invigil-result+jws' })
    expect(await decryptBundle(jwe, privateJwk)).toBe(jws)
    expect(await decryptBundle(jwe, authority.privateKey)).toBe(jws)
    expect(jwe).not.toContain(jws.split('.')[1]?.slice(0, 40))
  })

  it('accepts a key object as well as a JWK, and refuses keys of the wrong kind', async () => {
    expect((await encryptBundleForAuthority(jws, authority.publicKey)).split('.')).toHaveLength(5)
    await expect(encryptBundleForAuthority(jws, privateJwk)).rejects.toMatchObject({ code: 'BAD_KEY' })
    await expect(encryptBundleForAuthority(jws, station.publicKey)).rejects.toMatchObject({ code: 'BAD_KEY' })
    await expect(decryptBundle('a.b.c.d.e', publicJwk)).rejects.toMatchObject({ code: 'BAD_KEY' })
  })

  it('is verified only with the private key, and then exactly like the inner bundle', async () => {
    const jwe = await encryptBundleForAuthority(jws, publicJwk)
    expect(await verifyBundle(jwe)).toMatchObject({ ok: false, code: 'ENCRYPTED' })
    const opened = await verifyBundle(jwe, {
      authorityPrivateKey: privateJwk,
      trustedStationKeys: [station.publicKeyJwk],
    })
    expect(opened).toMatchObject({ ok: true, encrypted: true, manifest: { station: { id: station.stationId } } })
    const untrusted = await verifyBundle(jwe, { authorityPrivateKey: privateJwk, trustedStationKeys: [] })
    expect(untrusted).toMatchObject({ ok: false, code: 'UNTRUSTED_KEY' })
  })

  it('fails for the wrong authority key, a changed byte or trailing bytes', async () => {
    const jwe = await encryptBundleForAuthority(jws, publicJwk)
    const stranger = generateKeyPairSync('x25519').privateKey
    expect(await verifyBundle(jwe, { authorityPrivateKey: stranger })).toMatchObject({
      ok: false,
      code: 'DECRYPTION_FAILED',
    })
    const positions = [0, 60, jwe.indexOf('.') + 5, jwe.length - 30, jwe.length - 1]
    for (const position of positions) {
      const changed = Buffer.from(jwe)
      changed[position] = (changed[position] ?? 0) ^ 1
      expect(await verifyBundle(changed, { authorityPrivateKey: privateJwk }), `byte ${position}`).toMatchObject({
        ok: false,
      })
    }
    expect(await verifyBundle(`${jwe}\n`, { authorityPrivateKey: privateJwk })).toMatchObject({
      ok: false,
      code: 'MALFORMED',
    })
  })
})

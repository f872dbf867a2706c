import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { toBase64url } from '../electron/core/crypto/base64url'
import { verifyBundle } from '../electron/core/bundle/bundleVerifier'
import { writeResultBundle } from '../electron/core/bundle/bundleWriter'
import { createTestStation, sampleBundleInput, sampleEventLines } from '../electron/core/bundle/testing/sampleBundle'

// A third party checks a bundle with openssl, sha256sum and coreutils alone: this runs exactly the script we publish.
const script = resolve(import.meta.dirname, '../scripts/verify-bundle.sh')
const dir = mkdtempSync(join(tmpdir(), 'invigil-openssl-'))
const file = (name: string, content: string): string => {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}
const station = createTestStation()
const pem = file('station.pem', station.publicKeyPem)
const bundle = writeResultBundle(sampleBundleInput(), sampleEventLines(), station)
const [header = '', payload = '', signature = ''] = bundle.split('.')

const verifyWithOpenssl = (bundlePath: string, keyPath = pem) =>
  spawnSync('bash', [script, bundlePath, keyPath], { encoding: 'utf8' })

/** A bundle the station key really signed, with a payload of our choosing: only the chain check can catch it. */
function resigned(payloadText: string): string {
  const signingInput = `${header}.${toBase64url(Buffer.from(payloadText, 'utf8'))}`
  return `${signingInput}.${toBase64url(station.sign(Buffer.from(signingInput, 'ascii')))}`
}
// 64 bytes leave 4 unused bits in the last character: flipping the lowest changes the text, not the bytes.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const sameBytesLastChar = ALPHABET[ALPHABET.indexOf(signature.slice(-1)) ^ 1] ?? ''
const payloadLines = Buffer.from(payload, 'base64url').toString('utf8').split('\n')
const manifest = JSON.parse(payloadLines[0] ?? '') as { event_log: { count: number; head: string } }

describe('scripts/verify-bundle.sh (openssl + sha256sum)', () => {
  it('verifies a real bundle: signature, then the event chain against the manifest head', () => {
    const result = verifyWithOpenssl(file('good.jws', bundle))
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect(result.stdout).toBe(`OK: signature verified; 6 events chain to ${manifest.event_log.head}\n`)
  })

  it.each([
    [
      'a changed payload byte',
      `${header}.${payload.slice(0, 40)}${payload[40] === 'A' ? 'B' : 'A'}${payload.slice(41)}.${signature}`,
      /signature does not verify/,
    ],
    [
      'a changed signature byte',
      `${header}.${payload}.${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`,
      /signature does not verify/,
    ],
    ['a trailing newline', `${bundle}\n`, /outside the compact serialization/],
    [
      'a non-canonical signature spelling (same bytes)',
      `${header}.${payload}.${signature.slice(0, -1)}${sameBytesLastChar}`,
      /not canonical/,
    ],
    ['a missing part', `${header}.${payload}`, /three dot-separated parts/],
    [
      'an event edited and re-signed',
      resigned(
        payloadLines.map((line, i) => (i === 3 ? line.replace('"revision":1', '"revision":7') : line)).join('\n'),
      ),
      /chain head/,
    ],
    [
      'an event dropped and re-signed',
      resigned(payloadLines.slice(0, -1).join('\n')),
      /counts 6 events but the bundle holds 5/,
    ],
  ])('fails on %s, as the TypeScript verifier does', async (_, tampered, reason) => {
    const result = verifyWithOpenssl(file('tampered.jws', tampered))
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/^FAILED: /)
    expect(result.stderr).toMatch(reason)
    expect(await verifyBundle(tampered)).toMatchObject({ ok: false })
  })

  it('fails with another station key', () => {
    expect(
      verifyWithOpenssl(file('good.jws', bundle), file('other.pem', createTestStation().publicKeyPem)).status,
    ).toBe(1)
  })

  it('prints the PEM of the header key from the fixed DER prefix and the raw key', () => {
    const printed = execFileSync('bash', [script, '--header-key', file('good.jws', bundle)], { encoding: 'utf8' })
    expect(printed).toBe(station.publicKeyPem)
  })

  it('exits 2 for usage errors', () => {
    expect(spawnSync('bash', [script], { encoding: 'utf8' }).status).toBe(2)
    expect(spawnSync('bash', [script, join(dir, 'missing.jws'), pem], { encoding: 'utf8' }).status).toBe(2)
  })
})

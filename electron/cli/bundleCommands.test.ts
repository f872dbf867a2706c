import { execFileSync } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { encryptBundleForAuthority } from '../core/bundle/bundleEncryption'
import { writeResultBundle } from '../core/bundle/bundleWriter'
import { createTestStation, sampleBundleInput, sampleEventLines } from '../core/bundle/testing/sampleBundle'
import { main } from './main'

async function run(...argv: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { out: (text) => void (stdout += text), err: (text) => void (stderr += text) })
  return { code, stdout, stderr }
}

const dir = mkdtempSync(join(tmpdir(), 'invigil-bundle-cli-'))
const file = (name: string, content: string | Buffer): string => {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}
const station = createTestStation()
const other = createTestStation()
const jws = writeResultBundle(sampleBundleInput(), sampleEventLines(), station)
const good = file('good.jws', jws)
const tampered = file('tampered.jws', `${jws}\n`)
const stationPem = file('station.pem', station.publicKeyPem)
const stationJwk = file('station.jwk', JSON.stringify({ ...station.publicKeyJwk, kid: station.stationId }))
const otherPem = file('other.pem', other.publicKeyPem)

describe('invigil bundle verify', () => {
  it('exits 0 when every bundle verifies, and says whose result it is', async () => {
    const { code, stdout } = await run('bundle', 'verify', good)
    expect(code).toBe(0)
    expect(stdout).toBe(
      `ok: ${good}: session sess-1, candidate C-001, station ${station.stationId}; checked against the key inside the file only: give --trust STATION_KEY to know which station signed it\n`,
    )
  })

  it('exits 1 when any fails, and prints {file, ok, reason} per file with --json', async () => {
    const { code, stdout } = await run('bundle', 'verify', good, tampered, join(dir, 'missing.jws'), '--json')
    expect(code).toBe(1)
    const results = JSON.parse(stdout) as { file: string; ok: boolean; reason: string }[]
    expect(results.map((result) => [result.file, result.ok])).toEqual([
      [good, true],
      [tampered, false],
      [join(dir, 'missing.jws'), false],
    ])
    expect(results[1]?.reason).toMatch(/newline/)
    expect(results[2]?.reason).toMatch(/cannot read/)
  })

  it('refuses a FIFO, /dev/zero and a link at once, reading none of them', async () => {
    const fifo = join(dir, 'pipe.jws')
    execFileSync('mkfifo', [fifo])
    const link = join(dir, 'link.jws')
    symlinkSync(good, link)
    const started = Date.now()
    const { code, stdout } = await run('bundle', 'verify', fifo, '/dev/zero', link, good)
    expect(Date.now() - started).toBeLessThan(2000)
    expect(code).toBe(1)
    expect(stdout.split('\n')).toEqual([
      `FAILED: ${fifo}: cannot read the file: not a regular file: a named pipe (FIFO)`,
      'FAILED: /dev/zero: cannot read the file: not a regular file: a character device',
      `FAILED: ${link}: cannot read the file: not a regular file: a symbolic link (links are not followed)`,
      expect.stringMatching(/^ok: /),
      '',
    ])
  })

  it('checks the signer against --trust keys given as PEM or JWK, repeatable', async () => {
    expect((await run('bundle', 'verify', good, '--trust', stationPem)).code).toBe(0)
    expect((await run('bundle', 'verify', good, '--trust', otherPem, '--trust', stationJwk)).code).toBe(0)
    const untrusted = await run('bundle', 'verify', good, '--trust', otherPem)
    expect(untrusted.code).toBe(1)
    expect(untrusted.stdout).toMatch(/not one of the trusted station keys/)
  })

  it('says when it checked only the key inside the file, and takes the file results trust takes', async () => {
    expect((await run('bundle', 'verify', good)).stdout).toContain('checked against the key inside the file only')
    const shown = file(
      'station-show.json',
      JSON.stringify({
        stationId: station.stationId,
        publicKeyJwk: station.publicKeyJwk,
        publicKeyPem: station.publicKeyPem,
      }),
    )
    const trusted = await run('bundle', 'verify', good, '--trust', shown)
    expect([trusted.code, trusted.stdout]).toEqual([0, expect.stringContaining('signed by a trusted station key')])
  })

  it('opens an encrypted bundle only with --authority-key', async () => {
    const authority = generateKeyPairSync('x25519')
    const sealed = file('sealed.jwe', await encryptBundleForAuthority(jws, authority.publicKey))
    const keyFile = file('authority.pem', authority.privateKey.export({ type: 'pkcs8', format: 'pem' }))
    const jwkFile = file('authority.jwk', JSON.stringify(authority.privateKey.export({ format: 'jwk' })))
    expect((await run('bundle', 'verify', sealed)).stdout).toMatch(/encrypted; give the exam authority private key/)
    expect((await run('bundle', 'verify', sealed, '--authority-key', keyFile)).stdout).toMatch(
      /^ok: .*, encrypted; checked against the key inside the file only/,
    )
    expect((await run('bundle', 'verify', sealed, '--authority-key', jwkFile)).code).toBe(0)
  })

  it('exits 2 for usage errors: no file, an unknown option, a key file that holds no key', async () => {
    const notAKey = file('not-a-key.pem', 'hello')
    for (const argv of [
      ['bundle', 'verify'],
      ['bundle', 'verify', good, '--strict'],
      ['bundle', 'verify', good, '--trust', notAKey],
      ['bundle', 'verify', good, '--trust', join(dir, 'nope.pem')],
    ]) {
      const { code, stderr } = await run(...argv)
      expect(code, argv.join(' ')).toBe(2)
      expect(stderr, argv.join(' ')).toMatch(/^error: /)
    }
  })
})

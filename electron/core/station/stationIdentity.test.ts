import { spawnSync } from 'node:child_process'
import { createPublicKey, generateKeyPairSync, randomBytes, verify } from 'node:crypto'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { seal } from '../crypto/aead'
import { toBase64url } from '../crypto/base64url'
import { ed25519PublicJwk, ed25519KeyId, rawEd25519PublicKey } from '../crypto/ed25519Keys'
import { passphraseProtector } from '../crypto/passphraseProtector'
import { signingKeyAad, STATION_FILE } from './stationFile'
import type { StationFile } from './stationFile'
import { openOrCreateStation, readStationPublicInfo } from './stationIdentity'

const CHEAP = { N: 2 ** 10, r: 8, p: 1 }
const protector = (passphrase = 'proctor passphrase') => passphraseProtector(passphrase, CHEAP)
const opensslAvailable = spawnSync('openssl', ['version']).status === 0

let root: string
let dir: string
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'invigil-station-'))
  dir = join(root, 'data', 'station')
})
afterEach(() => rm(root, { recursive: true, force: true }))

const readFileJson = async (): Promise<StationFile> =>
  JSON.parse(await readFile(join(dir, STATION_FILE), 'utf8')) as StationFile
const writeFileJson = (file: unknown): Promise<void> => writeFile(join(dir, STATION_FILE), JSON.stringify(file))

async function failure(promise: Promise<unknown>): Promise<{ name: string; code: string; message: string }> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  if (!(error instanceof Error) || !('code' in error) || typeof error.code !== 'string')
    throw new Error(`expected a typed error, got ${String(error)}`)
  return { name: error.name, code: error.code, message: error.message }
}

describe('station identity', () => {
  it('is created on first use and the same station comes back with the same passphrase', async () => {
    const created = await openOrCreateStation(dir, protector())
    expect(created.stationId).toMatch(/^[0-9a-f]{16}$/)
    expect(created.stationId).toBe(ed25519KeyId(Buffer.from(created.publicKeyJwk.x, 'base64url')))

    const reopened = await openOrCreateStation(dir, protector())
    expect(reopened.stationId).toBe(created.stationId)
    expect(reopened.publicKeyPem).toBe(created.publicKeyPem)
    const data = Buffer.from('result bundle manifest')
    expect(verify(null, data, createPublicKey(created.publicKeyPem), reopened.sign(data))).toBe(true)
  })

  it('unwraps after a reopen the session keys it wrapped before', async () => {
    const sessionKey = randomBytes(32)
    const wrapped = (await openOrCreateStation(dir, protector())).wrapSessionKey('session-1', sessionKey)
    const station = await openOrCreateStation(dir, protector())
    expect(station.unwrapSessionKey('session-1', wrapped).equals(sessionKey)).toBe(true)
    expect(() => station.unwrapSessionKey('session-2', wrapped)).toThrow(/authentication/)
  })

  it.skipIf(!opensslAvailable)('makes signatures that openssl verifies with publicKeyPem', async () => {
    const station = await openOrCreateStation(dir, protector())
    const data = Buffer.from('考生 0042 答案 bundle')
    await writeFile(join(root, 'pub.pem'), station.publicKeyPem)
    await writeFile(join(root, 'data.bin'), data)
    await writeFile(join(root, 'sig.bin'), station.sign(data))
    const args = ['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-rawin', '-in', 'data.bin', '-sigfile']
    expect(spawnSync('openssl', [...args, 'sig.bin'], { cwd: root, encoding: 'utf8' }).stdout).toMatch(
      /Signature Verified Successfully/,
    )
    await writeFile(join(root, 'bad.bin'), station.sign(Buffer.from('other data')))
    expect(spawnSync('openssl', [...args, 'bad.bin'], { cwd: root }).status).not.toBe(0)
  })

  it('keeps secrets only in protected form, on disk and in memory', async () => {
    const station = await openOrCreateStation(dir, protector())
    const file = await readFileJson()
    expect(file).toMatchObject({
      format: 'invigil-station/1',
      station_id: station.stationId,
      public_key: station.publicKeyJwk,
    })
    const masterKey = await protector().unprotect(file.master_key)
    for (const shown of [
      JSON.stringify(file),
      JSON.stringify(station),
      inspect(station, { showHidden: true, depth: 9 }),
    ]) {
      expect(shown).not.toContain(masterKey.toString('base64url'))
      expect(shown).not.toContain(masterKey.toString('hex'))
    }
    if (process.platform !== 'win32') expect((await stat(join(dir, STATION_FILE))).mode & 0o777).toBe(0o600)
  })

  it('refuses a wrong passphrase and leaves the station as it was', async () => {
    await openOrCreateStation(dir, protector())
    const before = await readFile(join(dir, STATION_FILE), 'utf8')
    expect(await failure(openOrCreateStation(dir, protector('guess')))).toMatchObject({ code: 'WRONG_PASSPHRASE' })
    expect(await readFile(join(dir, STATION_FILE), 'utf8')).toBe(before)
  })

  it('shows the public identity without any passphrase', async () => {
    const station = await openOrCreateStation(dir, protector())
    expect(await readStationPublicInfo(dir)).toEqual({
      stationId: station.stationId,
      publicKeyJwk: station.publicKeyJwk,
      publicKeyPem: station.publicKeyPem,
    })
    expect(await failure(readStationPublicInfo(join(root, 'elsewhere')))).toMatchObject({
      code: 'STATION_NOT_FOUND',
      name: 'StationError',
    })
  })
})

describe('a damaged or altered station.json', () => {
  beforeEach(() => openOrCreateStation(dir, protector()).then(() => undefined))

  const refusal = async (code: string, message: RegExp): Promise<void> => {
    const before = await readFile(join(dir, STATION_FILE), 'utf8')
    expect(await failure(openOrCreateStation(dir, protector()))).toMatchObject({
      name: 'StationError',
      code,
      message: expect.stringMatching(message),
    })
    // Never replaced by a fresh identity: that would orphan everything the station signed.
    expect(await readFile(join(dir, STATION_FILE), 'utf8')).toBe(before)
  }

  it('is refused when it is not JSON', async () => {
    await writeFile(join(dir, STATION_FILE), '{"format": "invigil-station/1",')
    await refusal('STATION_CORRUPT', /not valid JSON/)
  })

  it('is refused when its format is another one, naming it', async () => {
    await writeFileJson({ ...(await readFileJson()), format: 'invigil-station/2' })
    await refusal('STATION_UNSUPPORTED', /invigil-station\/2/)
    await writeFileJson({ ...(await readFileJson()), format: 'something-else' })
    await refusal('STATION_CORRUPT', /format/)
  })

  it('is refused when the station id does not belong to the public key', async () => {
    await writeFileJson({ ...(await readFileJson()), station_id: '0123456789abcdef' })
    await refusal('STATION_TAMPERED', /does not belong to the public key/)
    await expect(readStationPublicInfo(dir)).rejects.toMatchObject({ code: 'STATION_TAMPERED' })
  })

  it('is refused when the identity of another station is swapped in', async () => {
    const other = generateKeyPairSync('ed25519').publicKey
    const swapped = {
      ...(await readFileJson()),
      public_key: ed25519PublicJwk(other),
      station_id: ed25519KeyId(rawEd25519PublicKey(other)),
    }
    await writeFileJson(swapped)
    await refusal('STATION_TAMPERED', /does not open/)
  })

  it('is refused when the sealed private key does not match the public key', async () => {
    const file = await readFileJson()
    const masterKey = await protector().unprotect(file.master_key)
    const pkcs8 = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' })
    const sealed = seal(masterKey, pkcs8, signingKeyAad(file.station_id))
    await writeFileJson({
      ...file,
      signing_key: { nonce: toBase64url(sealed.nonce), ciphertext: toBase64url(sealed.ciphertext) },
    })
    await refusal('STATION_TAMPERED', /does not match the public key/)
  })
})

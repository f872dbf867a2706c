import { createPrivateKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import { DecryptionError, open, seal } from '../crypto/aead'
import { fromBase64urlStrict, NonCanonicalEncodingError, toBase64url } from '../crypto/base64url'
import { ed25519KeyId, ed25519PublicJwk, rawEd25519PublicKey, spkiPem } from '../crypto/ed25519Keys'
import type { KeyProtector } from '../crypto/keyProtector'
import { masterKeyKeyring } from '../crypto/keyring'
import type { SessionKeyring } from '../crypto/keyring'
import type { StationSigner } from '../crypto/stationSigner'
import { writeFileAtomic } from '../fs/writeFileAtomic'
import {
  checkStationFile,
  readStationText,
  signingKeyAad,
  STATION_FORMAT,
  stationFilePath,
  StationError,
} from './stationFile'
import type { CheckedStationFile, StationFile, StationPublicInfo } from './stationFile'

/** An open station: it signs and wraps session keys, but never hands out its private key or master key. */
export interface Station extends StationSigner, SessionKeyring {
  /** SPKI PEM, for tools such as `openssl pkeyutl -verify`. */
  readonly publicKeyPem: string
}

const MASTER_KEY_BYTES = 32

/** Secrets live only in this closure, so neither JSON.stringify nor util.inspect of a station can show them. */
function stationFrom(info: StationPublicInfo, privateKey: KeyObject, masterKey: Buffer): Station {
  const keyring = masterKeyKeyring(masterKey)
  return Object.freeze({
    stationId: info.stationId,
    publicKeyJwk: info.publicKeyJwk,
    publicKeyPem: info.publicKeyPem,
    sign: (data: Uint8Array): Buffer => sign(null, data, privateKey),
    wrapSessionKey: (sessionId: string, key: Buffer): Buffer => keyring.wrapSessionKey(sessionId, key),
    unwrapSessionKey: (sessionId: string, wrapped: Buffer): Buffer => keyring.unwrapSessionKey(sessionId, wrapped),
  })
}

async function createStation(dir: string, protector: KeyProtector): Promise<Station> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const stationId = ed25519KeyId(rawEd25519PublicKey(publicKey))
  const masterKey = randomBytes(MASTER_KEY_BYTES)
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' })
  const sealed = seal(masterKey, pkcs8, signingKeyAad(stationId))
  pkcs8.fill(0)
  const file: StationFile = {
    format: STATION_FORMAT,
    station_id: stationId,
    public_key: ed25519PublicJwk(publicKey),
    master_key: await protector.protect(masterKey),
    signing_key: { nonce: toBase64url(sealed.nonce), ciphertext: toBase64url(sealed.ciphertext) },
  }
  await writeFileAtomic(stationFilePath(dir), `${JSON.stringify(file, null, 2)}\n`, 0o600)
  return stationFrom(
    { stationId, publicKeyJwk: file.public_key, publicKeyPem: spkiPem(publicKey) },
    privateKey,
    masterKey,
  )
}

function tampered(path: string, what: string): StationError {
  return new StationError(
    'STATION_TAMPERED',
    `${path}: ${what}; the station file was altered or mixed with another station's`,
  )
}

async function unlockStation(checked: CheckedStationFile, protector: KeyProtector, path: string): Promise<Station> {
  // A wrong passphrase or a changed keystore surfaces here as the protector's own KeyProtectorError.
  const masterKey = await protector.unprotect(checked.masterKey)
  if (masterKey.length !== MASTER_KEY_BYTES) throw tampered(path, 'the master key has the wrong length')
  let pkcs8: Buffer
  try {
    const sealed = {
      nonce: fromBase64urlStrict(checked.file.signing_key.nonce),
      ciphertext: fromBase64urlStrict(checked.file.signing_key.ciphertext),
    }
    pkcs8 = open(masterKey, sealed, signingKeyAad(checked.stationId))
  } catch (error) {
    if (error instanceof DecryptionError || error instanceof NonCanonicalEncodingError) {
      throw tampered(path, "the sealed signing key does not open under this station's master key")
    }
    throw error
  }
  let privateKey: KeyObject
  try {
    privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })
  } catch {
    throw tampered(path, 'the signing key is not a private key')
  } finally {
    pkcs8.fill(0)
  }
  if (privateKey.asymmetricKeyType !== 'ed25519' || ed25519PublicJwk(privateKey).x !== checked.publicKeyJwk.x) {
    throw tampered(path, 'the signing key does not match the public key')
  }
  return stationFrom(checked, privateKey, masterKey)
}

/**
 * Opens the station in `dir`, or creates one on first use: a fresh Ed25519 identity and master key, written
 * atomically to station.json. An existing but damaged station.json is an error, never silently replaced, since
 * replacing it would orphan every session and result the station signed.
 */
export async function openOrCreateStation(dir: string, protector: KeyProtector): Promise<Station> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 })
  } catch (error) {
    throw new StationError(
      'STATION_UNREADABLE',
      `cannot create the station directory ${dir}: ${(error as Error).message}`,
    )
  }
  const text = await readStationText(dir)
  if (text === undefined) return createStation(dir, protector)
  const path = stationFilePath(dir)
  return unlockStation(checkStationFile(text, path), protector, path)
}

/** The station's id and public key, for `station show`: reads station.json without unlocking anything. */
export async function readStationPublicInfo(dir: string): Promise<StationPublicInfo> {
  const text = await readStationText(dir)
  const path = stationFilePath(dir)
  if (text === undefined)
    throw new StationError('STATION_NOT_FOUND', `no station has been set up in ${dir} (there is no ${path})`)
  const { stationId, publicKeyJwk, publicKeyPem } = checkStationFile(text, path)
  return { stationId, publicKeyJwk, publicKeyPem }
}

import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import type { KeyObject } from 'node:crypto'
import type { ProtectedKey } from '../crypto/keyProtector'
import { ed25519KeyId, ed25519PublicKeyFromRaw, spkiPem } from '../crypto/ed25519Keys'
import type { Ed25519PublicJwk } from '../crypto/ed25519Keys'
import { fromBase64urlStrict } from '../crypto/base64url'

/** station.json's format identifier. A change that old apps cannot read gets a new number. */
export const STATION_FORMAT = 'invigil-station/1'
export const STATION_FILE = 'station.json'

export type StationErrorCode =
  'STATION_NOT_FOUND' | 'STATION_UNREADABLE' | 'STATION_CORRUPT' | 'STATION_UNSUPPORTED' | 'STATION_TAMPERED'

export class StationError extends Error {
  override readonly name = 'StationError'
  constructor(
    readonly code: StationErrorCode,
    message: string,
  ) {
    super(message)
  }
}

const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/)

/** What station.json holds. Secrets appear only sealed: the master key by the protector, the signing key by the master key. */
export const stationFileSchema = z.strictObject({
  format: z.literal(STATION_FORMAT),
  station_id: z.string().regex(/^[0-9a-f]{16}$/),
  public_key: z.strictObject({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: base64url }),
  master_key: z
    .object({ kind: z.string().min(1), backend: z.string().optional() })
    .catchall(z.union([z.string(), z.number()]).optional()),
  /** Ed25519 private key, PKCS#8 DER, AES-256-GCM under the master key (see signingKeyAad). */
  signing_key: z.strictObject({ nonce: base64url, ciphertext: base64url }),
})
export type StationFile = z.infer<typeof stationFileSchema>

/** Binding the station id means one station's sealed signing key cannot be swapped into another's file. */
export const signingKeyAad = (stationId: string): Buffer =>
  Buffer.from(`invigil-station-signing-key/1|${stationId}`, 'utf8')

export interface StationPublicInfo {
  stationId: string
  publicKeyJwk: Ed25519PublicJwk
  publicKeyPem: string
}

export interface CheckedStationFile extends StationPublicInfo {
  file: StationFile
  masterKey: ProtectedKey
  publicKey: KeyObject
}

export const stationFilePath = (dir: string): string => join(dir, STATION_FILE)

/** Reads station.json; undefined when there is none yet. */
export async function readStationText(dir: string): Promise<string | undefined> {
  const path = stationFilePath(dir)
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new StationError('STATION_UNREADABLE', `cannot read ${path}: ${(error as Error).message}`)
  }
}

/** Parses station.json and checks everything that needs no secret: the format, and that the id is the key's. */
export function checkStationFile(text: string, path: string): CheckedStationFile {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    throw new StationError('STATION_CORRUPT', `${path} is not valid JSON; the station file is damaged`)
  }
  const format = typeof data === 'object' && data !== null ? (data as { format?: unknown }).format : undefined
  if (typeof format === 'string' && format !== STATION_FORMAT && format.startsWith('invigil-station/')) {
    throw new StationError(
      'STATION_UNSUPPORTED',
      `${path} is in format "${format}", which this version of Invigil cannot read (it reads ${STATION_FORMAT})`,
    )
  }
  const parsed = stationFileSchema.safeParse(data)
  if (!parsed.success) {
    const where = parsed.error.issues.map((issue) => issue.path.join('.') || '(top level)').join(', ')
    throw new StationError('STATION_CORRUPT', `${path} is not a valid ${STATION_FORMAT} file (problem at: ${where})`)
  }
  const file = parsed.data
  let publicKey: KeyObject
  try {
    publicKey = ed25519PublicKeyFromRaw(fromBase64urlStrict(file.public_key.x))
  } catch {
    throw new StationError('STATION_CORRUPT', `${path}: public_key is not an Ed25519 public key`)
  }
  const expectedId = ed25519KeyId(fromBase64urlStrict(file.public_key.x))
  if (file.station_id !== expectedId) {
    throw new StationError(
      'STATION_TAMPERED',
      `${path}: station_id ${file.station_id} does not belong to the public key (which gives ${expectedId}); the file was altered`,
    )
  }
  return {
    file,
    masterKey: file.master_key,
    publicKey,
    stationId: file.station_id,
    publicKeyJwk: file.public_key,
    publicKeyPem: spkiPem(publicKey),
  }
}

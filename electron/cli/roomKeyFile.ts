import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ed25519KeyId, rawEd25519PublicKey, spkiPem } from '../core/crypto/ed25519Keys'
import type { ProtectedKey } from '../core/crypto/keyProtector'
import { passphraseProtector } from '../core/crypto/passphraseProtector'
import { writeFileAtomic } from '../core/fs/writeFileAtomic'
import { KeyFileError } from './keyFileError'

/**
 * The room's Ed25519 key in its data directory: the private key only in its passphrase-protected form (scrypt and
 * AES-256-GCM, as the station's keys without an OS keystore), and the public key as PEM for the sitting spec.
 */
export const ROOM_PASSPHRASE_ENV = 'INVIGIL_ROOM_PASSPHRASE'
const KEY_FILE = 'room-key.json'
export const ROOM_PUBLIC_FILE = 'room-public.pem'
const FORMAT = 'invigil-room-key/1'

export const roomKeyId = (key: KeyObject): string => ed25519KeyId(rawEd25519PublicKey(key))

export async function createRoomKey(dir: string, passphrase: string): Promise<{ keyId: string; publicFile: string }> {
  const keyFile = join(dir, KEY_FILE)
  if (existsSync(keyFile))
    throw new KeyFileError('BAD_KEY_FILE', `${keyFile} exists already: this directory has a room key; nothing changed`)
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const der = privateKey.export({ type: 'pkcs8', format: 'der' })
  const protectedKey = await passphraseProtector(passphrase).protect(der)
  der.fill(0)
  const keyId = roomKeyId(publicKey)
  await writeFileAtomic(keyFile, `${JSON.stringify({ format: FORMAT, keyId, key: protectedKey }, null, 2)}\n`, 0o600)
  const publicFile = join(dir, ROOM_PUBLIC_FILE)
  await writeFileAtomic(publicFile, spkiPem(publicKey))
  return { keyId, publicFile }
}

export async function openRoomKey(dir: string, passphrase: string): Promise<KeyObject> {
  const keyFile = join(dir, KEY_FILE)
  let parsed: { format?: unknown; key?: ProtectedKey }
  try {
    parsed = JSON.parse(await readFile(keyFile, 'utf8')) as typeof parsed
  } catch (error) {
    throw new KeyFileError(
      'KEY_FILE_UNREADABLE',
      `cannot read the room key ${keyFile} (${(error as Error).message}); create one with \`invigil room init --data ${dir}\``,
    )
  }
  if (parsed.format !== FORMAT || !parsed.key) throw new KeyFileError('BAD_KEY_FILE', `${keyFile} is not a room key`)
  const der = await passphraseProtector(passphrase).unprotect(parsed.key)
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })
  } finally {
    der.fill(0)
  }
}

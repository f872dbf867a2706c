import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto'
import { canonicalJson } from '../base/canonicalJson'
import { fromBase64urlStrict, toBase64url } from '../crypto/base64url'
import { ed25519KeyId, ed25519PublicKeyFromRaw, rawEd25519PublicKey } from '../crypto/ed25519Keys'
import {
  ROOM_PROTOCOL,
  roomCommandSchema,
  stationMessageSchemas,
  type RoomCommand,
  type SignedRoomCommand,
  type StationEnvelope,
  type StationMessageKind,
} from './roomMessages'

/**
 * Signatures of the room protocol: Ed25519 over the canonical JSON of the message, behind a domain prefix so a
 * signature made for one purpose (a bundle, a package) can never be replayed as another. Anyone holding the public
 * key checks them with openssl alone: `printf '%s' "$prefix$json" | openssl pkeyutl -verify -rawin ...`.
 */
const STATION_DOMAIN = `${ROOM_PROTOCOL} station-message\n`
const COMMAND_DOMAIN = `${ROOM_PROTOCOL} room-command\n`

export const stationEnvelopeBytes = (envelope: StationEnvelope): Buffer =>
  Buffer.from(STATION_DOMAIN + canonicalJson(envelope), 'utf8')
export const roomCommandBytes = (command: RoomCommand): Buffer =>
  Buffer.from(COMMAND_DOMAIN + canonicalJson(command), 'utf8')

export interface SignedEnvelope<K extends StationMessageKind = StationMessageKind> {
  envelope: StationEnvelope<K>
  signature: string
}

export class RoomSignatureError extends Error {
  override readonly name = 'RoomSignatureError'
  constructor(
    readonly code: 'MALFORMED' | 'BAD_SIGNATURE' | 'WRONG_STATION' | 'WRONG_SITTING',
    message: string,
  ) {
    super(message)
  }
}

/** Signs a station message with the station's key (a StationSigner's sign, or a private KeyObject in tests). */
export function signStationEnvelope<K extends StationMessageKind>(
  envelope: StationEnvelope<K>,
  signBytes: (data: Uint8Array) => Buffer,
): SignedEnvelope<K> {
  return { envelope, signature: toBase64url(signBytes(stationEnvelopeBytes(envelope))) }
}

/**
 * Checks a station message: its shape, that the station id is the one its public key derives, the signature, and
 * the sitting. Which stations may speak at all (the sitting's list, a proctor's approval) is the room's decision.
 */
export function openStationEnvelope(value: unknown, sittingId: string): SignedEnvelope {
  const raw = value as Partial<SignedEnvelope> | null
  const envelope = raw?.envelope
  if (!envelope || typeof raw.signature !== 'string' || envelope.protocol !== ROOM_PROTOCOL)
    throw new RoomSignatureError('MALFORMED', `not an ${ROOM_PROTOCOL} station message`)
  const schema = stationMessageSchemas[envelope.kind as StationMessageKind] as
    (typeof stationMessageSchemas)[StationMessageKind] | undefined
  if (!schema || !schema.safeParse(envelope.message).success)
    throw new RoomSignatureError('MALFORMED', `a ${String(envelope.kind)} message that does not match the protocol`)
  let publicKey: KeyObject
  try {
    publicKey = ed25519PublicKeyFromRaw(fromBase64urlStrict(envelope.publicKey))
  } catch {
    throw new RoomSignatureError('MALFORMED', 'the station public key is not an Ed25519 key')
  }
  if (ed25519KeyId(rawEd25519PublicKey(publicKey)) !== envelope.stationId)
    throw new RoomSignatureError(
      'WRONG_STATION',
      `station id ${envelope.stationId} is not derived from the key it sent`,
    )
  if (!verifySignature(publicKey, stationEnvelopeBytes(envelope), raw.signature))
    throw new RoomSignatureError(
      'BAD_SIGNATURE',
      `the message from station ${envelope.stationId} is not signed by its key`,
    )
  if (envelope.sittingId !== sittingId)
    throw new RoomSignatureError('WRONG_SITTING', `the message is for sitting ${envelope.sittingId}, not ${sittingId}`)
  return { envelope, signature: raw.signature }
}

export const signRoomCommand = (command: RoomCommand, roomPrivateKey: KeyObject): SignedRoomCommand => ({
  command,
  signature: toBase64url(sign(null, roomCommandBytes(command), roomPrivateKey)),
})

/** A station checks each command against the room key its sitting names before it applies anything. */
export function verifyRoomCommand(value: unknown, roomPublicKey: KeyObject, sittingId: string): RoomCommand {
  const raw = value as Partial<SignedRoomCommand> | null
  const parsed = roomCommandSchema.safeParse(raw?.command)
  if (!parsed.success || typeof raw?.signature !== 'string')
    throw new RoomSignatureError('MALFORMED', 'not an invigil-room/1 command')
  if (!verifySignature(roomPublicKey, roomCommandBytes(parsed.data), raw.signature))
    throw new RoomSignatureError('BAD_SIGNATURE', `command ${parsed.data.cmdId} is not signed by this sitting's room`)
  if (parsed.data.sittingId !== sittingId)
    throw new RoomSignatureError(
      'WRONG_SITTING',
      `command ${parsed.data.cmdId} is for sitting ${parsed.data.sittingId}`,
    )
  return parsed.data
}

function verifySignature(key: KeyObject, data: Buffer, signature: string): boolean {
  try {
    return verify(null, data, key.type === 'private' ? createPublicKey(key) : key, fromBase64urlStrict(signature))
  } catch {
    return false
  }
}

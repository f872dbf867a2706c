import { sign, verify, createPublicKey, type KeyObject } from 'node:crypto'
import { z } from 'zod'
import { canonicalJson } from '../base/canonicalJson'
import { fromBase64urlStrict, toBase64url } from '../crypto/base64url'
import { ROOM_PROTOCOL, seatLabelSchema } from './roomMessages'

/**
 * Moving a candidate to a spare PC (docs/room.md). Three signed statements make a move checkable by anyone:
 * - the head attestation: the old station signs the chain head it shipped (seq, hash) with the session's state and
 *   clock, so the spare and any auditor know the log up to there is the old station's own;
 * - the move order: the room signs which session moves from which station to which, at which head, by whom, why;
 * - the escrow key: the room signs the X25519 key that stations seal each session's data key to, so the key can
 *   reach the spare (re-sealed to the spare's own key) without ever crossing the wire in the clear.
 * Each is Ed25519 over a domain prefix and canonical JSON, checkable with openssl alone (docs/room.md shows how).
 */
const id = z.string().min(1).max(200)
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/)
const base64url = z.string().regex(/^[A-Za-z0-9_-]{1,400}$/)

export const sessionHeadAttestationSchema = z.strictObject({
  protocol: z.literal(ROOM_PROTOCOL),
  kind: z.literal('session_head'),
  sittingId: id,
  stationId: id,
  sessionId: id,
  seq: z.number().int().positive(),
  hash: sha256Hex,
  state: z.string().min(1).max(40),
  allowedMs: z.number().int().positive(),
  elapsedMs: z.number().int().min(0),
})
export type SessionHeadAttestation = z.infer<typeof sessionHeadAttestationSchema>

export const seatMoveOrderSchema = z.strictObject({
  protocol: z.literal(ROOM_PROTOCOL),
  kind: z.literal('seat_move'),
  sittingId: id,
  moveId: id,
  seat: seatLabelSchema,
  sessionId: id,
  fromStationId: id,
  toStationId: id,
  atSeq: z.number().int().positive(),
  atHash: sha256Hex,
  reason: z.string().min(1).max(1000),
  staffId: id,
  issuedAt: z.string().datetime({ offset: true }),
})
export type SeatMoveOrder = z.infer<typeof seatMoveOrderSchema>

export const x25519SealedSchema = z.strictObject({ ephemeralKey: base64url, nonce: base64url, ciphertext: base64url })
export const sealedBlobSchema = z.strictObject({ nonce: base64url, ciphertext: z.string().max(20_000) })

const HEAD_DOMAIN = `${ROOM_PROTOCOL} session-head\n`
const MOVE_DOMAIN = `${ROOM_PROTOCOL} seat-move\n`
const ESCROW_DOMAIN = `${ROOM_PROTOCOL} escrow-key\n`

export const sessionHeadBytes = (head: SessionHeadAttestation): Buffer =>
  Buffer.from(HEAD_DOMAIN + canonicalJson(head), 'utf8')
export const seatMoveBytes = (order: SeatMoveOrder): Buffer => Buffer.from(MOVE_DOMAIN + canonicalJson(order), 'utf8')
export const escrowKeyBytes = (sittingId: string, publicKey: string): Buffer =>
  Buffer.from(ESCROW_DOMAIN + canonicalJson({ sittingId, publicKey }), 'utf8')

/** What a session's data key is sealed for: to the room (escrow), or to one spare station (handover). */
export const escrowPurpose = (sittingId: string, sessionId: string): string =>
  `${ROOM_PROTOCOL} escrow|${sittingId}|${sessionId}`
export const handoverPurpose = (sittingId: string, sessionId: string, toStationId: string): string =>
  `${ROOM_PROTOCOL} handover|${sittingId}|${sessionId}|${toStationId}`

export const signBytes = (bytes: Buffer, privateKey: KeyObject): string => toBase64url(sign(null, bytes, privateKey))

export function verifyBytes(bytes: Buffer, signature: string, key: KeyObject): boolean {
  try {
    return verify(null, bytes, key.type === 'private' ? createPublicKey(key) : key, fromBase64urlStrict(signature))
  } catch {
    return false
  }
}

/** The room's escrow key as the room announces it: the key and the room's signature over it. */
export interface EscrowKeyNotice {
  publicKey: string
  signature: string
}

/** What the room hands a spare station: the order, the old station's last attested head, and the log up to it. */
export const seatHandoverSchema = z.strictObject({
  order: seatMoveOrderSchema,
  orderSignature: base64url,
  head: sessionHeadAttestationSchema,
  headSignature: base64url,
  /** base64url raw Ed25519 key of the old station (its id is derived from it). */
  fromPublicKey: base64url,
  lines: z.array(z.string().max(100_000)).min(1).max(20_000),
  hashes: z.array(sha256Hex).min(1).max(20_000),
  sealedAnswers: z
    .array(
      z.strictObject({
        unitId: id,
        revision: z.number().int().positive(),
        keyId: id,
        nonce: base64url,
        ciphertext: z.string().max(200_000),
        savedAt: z.string(),
      }),
    )
    .max(20_000),
  candidate: sealedBlobSchema.nullable(),
  /** The session's data key, sealed to the spare's handover key for this purpose (handoverPurpose). */
  wrappedKey: x25519SealedSchema,
})
export type SeatHandover = z.infer<typeof seatHandoverSchema>

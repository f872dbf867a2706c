import { z } from 'zod'

/**
 * The room protocol (`invigil-room/1`): what stations and the room say to each other on the lab's network. Stations
 * ask and the room answers, over HTTP on loopback or pinned TLS; every station message is signed by the station's
 * Ed25519 key and every room command by the room's key (roomSignature.ts), so a message means the same whoever
 * carried it. Defined once here, below both sides, so the station and the room cannot drift apart.
 */
export const ROOM_PROTOCOL = 'invigil-room/1'

const id = z.string().min(1).max(200)
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lower-case hex')
const isoTime = z.string().datetime({ offset: true })
const count = z.number().int().min(0).max(1_000_000)
/** Seat labels as a room lays them out: `A-01`, `Lab2-14`. */
export const seatLabelSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, 'a seat label such as A-01')

/** A station's own view of its seat, sent on every change and every few seconds. */
export const seatStatusSchema = z.strictObject({
  seat: seatLabelSchema.nullable(),
  candidateId: id.nullable(),
  sessionId: id.nullable(),
  state: z.enum(['idle', 'checked_in', 'running', 'paused', 'submitted', 'interrupted']),
  /** Questions answered of questions, as the candidate counts them: a scenario is one, answered with all its parts. */
  answered: count,
  total: count,
  remainingMs: z.number().int().min(0).nullable(),
  lastSave: z.enum(['none', 'ok', 'failing']),
  incidents: count,
  environment: z.enum(['not_checked', 'passed', 'failed', 'overridden']),
})
export type SeatStatus = z.infer<typeof seatStatusSchema>

/** The newest committed head of one session's hash chain (eventChain.ts). */
export const sessionHeadSchema = z.strictObject({ sessionId: id, seq: z.number().int().min(0), hash: sha256Hex })
export type SessionHead = z.infer<typeof sessionHeadSchema>

/** A station's answer to one room command, by the command's id and sequence number. */
export const commandAckSchema = z.strictObject({
  cmdId: id,
  seq: z.number().int().positive(),
  outcome: z.enum(['applied', 'already_applied', 'refused']),
  reason: z.string().max(500).optional(),
  at: isoTime,
})
export type CommandAck = z.infer<typeof commandAckSchema>

export const joinMessageSchema = z.strictObject({
  hostname: z.string().max(200),
  appVersion: z.string().max(50),
  /** base64url raw X25519 key a moved session's data key is sealed to for this station (seatMove.ts). */
  handoverKey: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/)
    .optional(),
})

export const heartbeatMessageSchema = z.strictObject({
  status: seatStatusSchema,
  heads: z.array(sessionHeadSchema).max(100),
  /** The highest command sequence number this station has applied or refused; the room sends what follows. */
  lastCommandSeq: z.number().int().min(0),
  acks: z.array(commandAckSchema).max(1000),
})
export type HeartbeatMessage = z.infer<typeof heartbeatMessageSchema>

/** A sealed answer row as the station stores it: the room can check it against the event's digest, never open it. */
export const sealedAnswerSchema = z.strictObject({
  unitId: id,
  revision: z.number().int().positive(),
  keyId: id,
  nonce: z.string().max(64),
  ciphertext: z.string().max(200_000),
  savedAt: isoTime,
})

/** Part of a session's log, from `fromSeq`: the event lines, their chain hashes and the sealed rows they cite. */
export const logShipmentSchema = z.strictObject({
  sessionId: id,
  fromSeq: z.number().int().positive(),
  lines: z.array(z.string().max(100_000)).min(1).max(2000),
  hashes: z.array(sha256Hex).min(1).max(2000),
  sealedAnswers: z.array(sealedAnswerSchema).max(2000),
  /** The station's signed head at the shipment's last line (seatMove.ts), so a spare can take the session over. */
  head: z.strictObject({ attestation: z.record(z.string(), z.unknown()), signature: z.string().max(200) }).optional(),
  /** The candidate's identity, sealed under the session key as the station stores it. */
  candidate: z.strictObject({ nonce: z.string().max(64), ciphertext: z.string().max(20_000) }).optional(),
  /** The session's data key sealed to the room's escrow key (seatMove.ts escrowPurpose). */
  escrow: z
    .strictObject({ ephemeralKey: z.string().max(64), nonce: z.string().max(64), ciphertext: z.string().max(200) })
    .optional(),
})
export type LogShipment = z.infer<typeof logShipmentSchema>

export const stationMessageSchemas = {
  join: joinMessageSchema,
  heartbeat: heartbeatMessageSchema,
  log: logShipmentSchema,
} as const
export type StationMessageKind = keyof typeof stationMessageSchemas
export type StationMessage<K extends StationMessageKind> = z.infer<(typeof stationMessageSchemas)[K]>

/** What every station message is wrapped in before it is signed. */
export interface StationEnvelope<K extends StationMessageKind = StationMessageKind> {
  protocol: typeof ROOM_PROTOCOL
  kind: K
  sittingId: string
  stationId: string
  /** base64url raw Ed25519 public key; the station id is derived from it (ed25519KeyId). */
  publicKey: string
  sentAt: string
  /** 16 random bytes, base64url: the room refuses an envelope it has seen. */
  nonce: string
  message: StationMessage<K>
}

export const ROOM_ACTIONS = ['release_start', 'pause', 'resume', 'extend', 'announce', 'end'] as const
export type RoomAction = (typeof ROOM_ACTIONS)[number]

/** A room-wide or per-seat command: absolute (it names its target), idempotent by id, ordered by seq. */
export const roomCommandSchema = z.strictObject({
  protocol: z.literal(ROOM_PROTOCOL),
  sittingId: id,
  cmdId: id,
  seq: z.number().int().positive(),
  issuedAt: isoTime,
  /** Every seat, or the listed ones. */
  target: z.union([
    z.strictObject({ all: z.literal(true) }),
    z.strictObject({ seats: z.array(seatLabelSchema).min(1).max(500) }),
  ]),
  action: z.enum(ROOM_ACTIONS),
  /** extend: minutes; announce: message. */
  minutes: z.number().int().positive().max(600).optional(),
  message: z.string().min(1).max(2000).optional(),
  reason: z.string().min(1).max(1000),
  /** The named staff member who gave it (the sitting's staff id). */
  staffId: id,
})
export type RoomCommand = z.infer<typeof roomCommandSchema>

/** What the room answers a heartbeat: whether the station is admitted, the commands it has not applied yet, and the log it lacks. */
export interface HeartbeatReply {
  admission: 'admitted' | 'pending' | 'refused'
  commands: SignedRoomCommand[]
  want: { sessionId: string; fromSeq: number }[]
  roomTime: string
  /** The room's X25519 key for sealing session keys, signed by the room key (seatMove.ts). */
  escrowKey?: { publicKey: string; signature: string }
  /** Sessions moved to this station, to take over (seatMove.ts SeatHandover). */
  handovers?: unknown[]
}

export interface SignedRoomCommand {
  command: RoomCommand
  /** base64url Ed25519 signature by the room key over roomCommandBytes(command). */
  signature: string
}

/** What the room answers a join: the heartbeat reply's shape (no commands, no wants yet), so a station reads both alike. */
export type JoinReply = HeartbeatReply

/** What the room answers an accepted log shipment: the head of the session's replica it now holds. */
export interface LogReply {
  sessionId: string
  heldSeq: number
  heldHash: string
}

/**
 * The room's receipt for a collected bundle: which bytes (SHA-256), from which station and session, stored when.
 * The room signs it with its key (core/room/bundleReceipt.ts), so a station or an auditor can show the room took it.
 */
export interface BundleReceipt {
  protocol: typeof ROOM_PROTOCOL
  kind: 'bundle_receipt'
  sittingId: string
  sha256: string
  status: 'imported' | 'duplicate'
  stationId: string
  sessionId: string
  candidateId: string
  receivedAt: string
}

/** What the room answers a bundle it collected (200): the fields the upload outbox judges, and the signed receipt. */
export interface BundleCollected {
  sha256: string
  status: 'imported' | 'duplicate'
  receipt: BundleReceipt
  /** base64url Ed25519 signature by the room key over the receipt. */
  signature: string
}

/** What the room answers a bundle it refused (422); the code is the results store's quarantine code. */
export interface BundleRefused<Code extends string = string> {
  sha256: string
  status: 'rejected'
  code: Code
  reason: string
}

/** The body of every refusal the room server sends (4xx, 5xx) for the station messages and routes. */
export interface RoomErrorBody {
  error: { code: string; message: string }
  roomTime?: string
}

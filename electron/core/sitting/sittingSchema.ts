import { z } from 'zod'
import { fromBase64urlStrict } from '../crypto/base64url'
import { scryptParamsSchema } from '../crypto/secretHash'
import { environmentPolicySchema } from '../environment/environmentPolicy'
import { MAX_ROSTER_ROWS } from '../roster/rosterCsv'

/**
 * The signed payload of a sitting file, `invigil-sitting/1`: everything a station needs to take part in one sitting
 * (which exams, when, who sits where, who may act, which room to trust), defined once here. Objects are strict and
 * strings bounded, so a file that carries anything unexpected is refused rather than half-read.
 */
export const SITTING_FORMAT = 'invigil-sitting/1'
export const SITTING_TYP = 'invigil-sitting+jws'

/** Seat labels as printed on a desk, upper case: A-01, 12, B7. Compared exactly, so the builder upper-cases them. */
export const SEAT_LABEL = /^[A-Z0-9](?:[A-Z0-9-]{0,14}[A-Z0-9])?$/
/** Ids a person types: a sitting id, a staff id. */
export const PLAIN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/
/** host:port, the host a name, an IPv4 address or a bracketed IPv6 address. */
export const ROOM_ADDRESS = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]{2,45}\]):(\d{1,5})$/
const SPKI_PEM = /^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]{40,200}-----END PUBLIC KEY-----\n$/
/** Seats per row and rows per room: far beyond any exam room, small enough to draw. */
export const MAX_SEAT_POSITION = 200
export const MAX_PACKAGE_CHARS = 8 * 1024 * 1024

const text = (max: number) => z.string().min(1).max(max)
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits (a SHA-256)')
const isCanonicalBase64url = (value: string): boolean => {
  try {
    fromBase64urlStrict(value)
    return true
  } catch {
    return false
  }
}
const base64url = (max: number) =>
  z.string().min(1).max(max).refine(isCanonicalBase64url, 'must be canonical base64url')
const instant = z.iso.datetime({
  offset: true,
  error: 'must be an ISO 8601 time with its offset, e.g. 2026-11-23T09:00:00+08:00',
})
const position = z.number().int().min(1).max(MAX_SEAT_POSITION)

export const sittingPackageSchema = z.strictObject({
  exam_id: text(200),
  /** The bank title; absent for an encrypted package, whose title stays secret until its start password is given. */
  title: text(500).optional(),
  encrypted: z.boolean(),
  /** SHA-256 (hex) of `text`: the package hash results and logs cite. */
  sha256: sha256Hex,
  /** The package file exactly as the authority built it, its own signature included. */
  text: text(MAX_PACKAGE_CHARS),
})

export const seatSchema = z.strictObject({ label: z.string().regex(SEAT_LABEL), row: position, column: position })

export const sittingCandidateSchema = z.strictObject({
  candidate_id: text(200),
  name: text(500),
  seat: z.string().regex(SEAT_LABEL),
  /**
   * The exam (a package's exam_id) this candidate sits. Optional, so a one-package sitting file written before it
   * existed stays valid as `invigil-sitting/1`; required by the cross-checks when the sitting has several packages.
   */
  exam_id: text(200).optional(),
  extra_percent: z.number().min(0).max(400).optional(),
  extra_minutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .optional(),
})

/** An scrypt verifier of a staff secret, as a station stores it (crypto/secretHash.ts PinHash); never the secret. */
export const staffVerifierSchema = z.strictObject({
  scheme: z.literal('scrypt'),
  params: scryptParamsSchema,
  salt: base64url(88),
  hash: base64url(88),
})

export const STAFF_ROLES = ['proctor', 'admin'] as const
export const sittingStaffSchema = z.strictObject({
  id: z.string().regex(PLAIN_ID),
  name: text(200),
  /** A proctor's verifier is of a PIN, an admin's of a password. */
  role: z.enum(STAFF_ROLES),
  verifier: staffVerifierSchema,
})

export const roomSchema = z.strictObject({
  /** The room server's Ed25519 key (SPKI PEM): stations accept commands signed by it only. */
  public_key: z.string().regex(SPKI_PEM, 'must be an SPKI PEM public key'),
  /** SHA-256 of the room's TLS certificate (hex), pinned so no other server can pose as the room. */
  tls_sha256: sha256Hex.optional(),
  /** Where stations find the room when discovery fails. */
  address: z
    .string()
    .max(300)
    .regex(ROOM_ADDRESS, 'must be host:port')
    .refine((value) => {
      const port = Number(ROOM_ADDRESS.exec(value)?.[1])
      return port >= 1 && port <= 65535
    }, 'the port must be 1 to 65535')
    .optional(),
})

export const sittingPayloadSchema = z.strictObject({
  format: z.literal(SITTING_FORMAT, { error: `format must be "${SITTING_FORMAT}"` }),
  created_at: z.iso.datetime(),
  id: z.string().regex(PLAIN_ID),
  title: text(200),
  window: z.strictObject({ opens_at: instant, closes_at: instant }),
  packages: z.array(sittingPackageSchema).min(1).max(20),
  seats: z.array(seatSchema).min(1).max(2000),
  roster: z.array(sittingCandidateSchema).min(1).max(MAX_ROSTER_ROWS),
  /** The environment checks, as environment.yaml writes them (defaults filled in), now under the signature. */
  environment: environmentPolicySchema,
  staff: z.array(sittingStaffSchema).min(1).max(200),
  room: roomSchema,
  /** Station ids (first 16 hex digits of SHA-256 over the station's raw public key); absent: any station. */
  stations: z
    .array(z.string().regex(/^[0-9a-f]{16}$/))
    .min(1)
    .max(2000)
    .optional(),
})

export type SittingPayload = z.infer<typeof sittingPayloadSchema>
export type SittingPackage = z.infer<typeof sittingPackageSchema>
export type Seat = z.infer<typeof seatSchema>
export type SittingCandidate = z.infer<typeof sittingCandidateSchema>
export type SittingStaff = z.infer<typeof sittingStaffSchema>
export type StaffVerifier = z.infer<typeof staffVerifierSchema>
export type StaffRole = (typeof STAFF_ROLES)[number]

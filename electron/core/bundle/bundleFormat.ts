import { z } from 'zod'
import { EVENT_TYPES } from '../base/eventChain'
import { gradingResultSchema } from '../grading/gradingTypes'
import { responseSchema } from '../base/responseSchema'
import type { SubmitReason } from '../session/sessionTypes'

/**
 * A result bundle is one file per session: a JWS compact serialization `header.payload.signature`, nothing more
 * (no newline). The payload is UTF-8 text: line 1 the manifest as canonical JSON, then the session's event lines
 * exactly as stored, joined by "\n". Anyone can check it with openssl and sha256sum (scripts/verify-bundle.sh).
 */
export const RESULT_FORMAT = 'invigil-result/1'
export const RESULT_JWS_TYPE = 'invigil-result+jws'

const isoTime = z.iso.datetime()
/** The pattern isoTime checks: the verifier's hand check of the manifest (manifestCheck) uses the very same one. */
export const isoTimePattern: RegExp = isoTime._zod.pattern
const text = z.string().min(1)
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 digest as 64 lower-case hex digits')
const stationId = z.string().regex(/^[0-9a-f]{16}$/, 'a station id is 16 lower-case hex digits')
const milliseconds = z.number().int().nonnegative()

export const ed25519JwkSchema = z.strictObject({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'x is a 32-byte key in base64url'),
})

/** Exactly these fields: a verifier that tolerated others could be steered by them (crit, b64, x5u...). */
export const bundleHeaderSchema = z.strictObject({
  alg: z.literal('EdDSA'),
  typ: z.literal(RESULT_JWS_TYPE),
  kid: stationId,
  jwk: ed25519JwkSchema,
})
export type BundleHeader = z.infer<typeof bundleHeaderSchema>

/** A proctor's extension, as the session log records it. */
export const timeExtensionSchema = z.strictObject({
  minutes: z.number().positive(),
  reason: z.string(),
  at: isoTime,
})

/** Extra time granted at check-in; both count towards allowed_ms. */
export const accommodationsSchema = z.strictObject({
  extra_percent: z.number().nonnegative().optional(),
  extra_minutes: z.number().nonnegative().optional(),
})

const SUBMIT_REASONS = ['candidate', 'proctor', 'time_up'] as const satisfies readonly SubmitReason[]

export const savedResponseSchema = z.strictObject({
  /** Unit id: an item, or a scenario part. */
  item: text,
  /** By ORIGINAL option letters, whatever order the candidate saw. */
  value: responseSchema,
  /** The answer_saved revision this value comes from: the last one for the item. */
  revision: z.number().int().positive(),
  saved_at: isoTime,
})

export const resultManifestSchema = z.strictObject({
  format: z.literal(RESULT_FORMAT),
  exam: z.strictObject({ id: text, title: text, package_hash: sha256Hex }),
  station: z.strictObject({ id: stationId }),
  candidate: z.strictObject({ id: text, name: z.string() }),
  session: z.strictObject({
    id: text,
    created_at: isoTime,
    started_at: isoTime.nullable(),
    submitted_at: isoTime.nullable(),
    /** Who ended the session; null if it never was submitted. */
    submit_reason: z.enum(SUBMIT_REASONS).nullable(),
    /** Why a proctor ended it, as they wrote it (the `submitted` event's note); absent otherwise. */
    submit_note: z.string().min(1).max(1000).optional(),
  }),
  timing: z.strictObject({
    allowed_ms: milliseconds,
    elapsed_ms: milliseconds,
    extensions: z.array(timeExtensionSchema),
    accommodations: accommodationsSchema,
  }),
  responses: z.array(savedResponseSchema),
  /** Unit ids the candidate left flagged for review. */
  flags: z.array(text),
  scores: gradingResultSchema,
  event_log: z.strictObject({ count: z.number().int().positive(), head: sha256Hex }),
  exported_at: isoTime,
})
export type ResultManifest = z.infer<typeof resultManifestSchema>
export type SavedResponse = z.infer<typeof savedResponseSchema>

/**
 * One stored event line, as the verifier reads it back: the reference. The verifier's hot path checks it by hand
 * (isSessionEvent in base/eventChain), and eventLineCheck.test.ts holds the two to the same verdicts.
 */
export const bundleEventSchema = z.strictObject({
  seq: z.number().int().positive(),
  type: z.enum(EVENT_TYPES),
  at: z.string(),
  data: z.record(z.string(), z.unknown()),
})

export type BundleProblemCode =
  | 'MALFORMED'
  | 'ENCRYPTED'
  | 'DECRYPTION_FAILED'
  | 'BAD_HEADER'
  | 'UNTRUSTED_KEY'
  | 'BAD_SIGNATURE'
  | 'BAD_MANIFEST'
  | 'BAD_EVENT_LOG'
  | 'INCONSISTENT'

/** What is wrong with a bundle, as the verifier reports it (and the writer refuses it). */
export interface BundleProblem {
  code: BundleProblemCode
  reason: string
}

/** A bundle that cannot be written (bad input) or opened (wrong key); verification reports problems as values. */
export class BundleError extends Error {
  override readonly name = 'BundleError'
  constructor(
    readonly code: BundleProblemCode | 'BAD_SIGNER' | 'BAD_KEY',
    message: string,
  ) {
    super(message)
  }
}

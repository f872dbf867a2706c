import { z } from 'zod'

/**
 * One bundle in the outbox, as its entry file records it. The entry is the whole truth about the bundle's
 * delivery: it is replaced atomically (write, fsync, rename, fsync the folder) at every step, so after a crash it
 * holds either the step before or the step after, never half of one.
 */
export const OUTBOX_FORMAT = 'invigil-outbox/1'

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/)
const isoTime = z.iso.datetime()

export const outboxErrorSchema = z.strictObject({ code: z.string().min(1), message: z.string() })
export type OutboxProblem = z.infer<typeof outboxErrorSchema>

export const outboxEntrySchema = z.strictObject({
  format: z.literal(OUTBOX_FORMAT),
  /** SHA-256 of the bundle bytes: the entry's identity, and what the server must echo back. */
  sha256: sha256Hex,
  /** The file name it was enqueued from, for people reading the status. */
  name: z.string(),
  size: z.number().int().nonnegative(),
  /**
   * pending: to send (now, or at nextAttemptAt); delivered: the server confirmed this exact hash;
   * failed: parked for the admin (rejected by the server, a hash mismatch, or out of attempts). Enqueue it again to retry.
   */
  state: z.enum(['pending', 'delivered', 'failed']),
  /** Attempts started; recorded before each request is sent, so a crash mid-request still counts it. */
  attempts: z.number().int().nonnegative(),
  enqueuedAt: isoTime,
  updatedAt: isoTime,
  /** Not before this time (backoff after a failed attempt); null: at once. */
  nextAttemptAt: isoTime.nullable(),
  lastError: outboxErrorSchema.nullable(),
  delivery: z.strictObject({ at: isoTime, status: z.enum(['imported', 'duplicate']), endpoint: z.string() }).nullable(),
})
export type OutboxEntry = z.infer<typeof outboxEntrySchema>

export type OutboxErrorCode =
  | 'OUTBOX_UNREADABLE'
  | 'OUTBOX_IN_USE'
  | 'CORRUPT_ENTRY'
  | 'NOT_A_BUNDLE'
  | 'UNREADABLE_FILE'
  | 'INSECURE_ENDPOINT'
  | 'BAD_ENDPOINT'
  | 'BAD_OPTION'

/** A problem with the outbox itself or the way it was asked to run; delivery problems are recorded in entries. */
export class OutboxError extends Error {
  override readonly name = 'OutboxError'
  constructor(
    readonly code: OutboxErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options)
  }
}

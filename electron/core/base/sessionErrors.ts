import type { JsonValue } from './jsonValue'

/** Typed session failures: handlers map `code` to a translated message; `details` carries the numbers the UI shows. */
export type SessionErrorCode =
  | 'SESSION_NOT_FOUND'
  | 'ILLEGAL_TRANSITION'
  | 'NOT_RUNNING'
  | 'TIME_UP'
  | 'SESSION_INTERRUPTED'
  | 'VALIDATION_FAILED'
  | 'PIN_NOT_SET'
  | 'PIN_FORMAT'
  | 'PIN_INVALID'
  | 'PIN_LOCKED'
  | 'EXTENSION_LIMIT'

export class SessionError extends Error {
  override readonly name = 'SessionError'
  constructor(
    readonly code: SessionErrorCode,
    message: string,
    readonly details: Record<string, JsonValue> = {},
  ) {
    super(message)
  }
}

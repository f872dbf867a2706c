/**
 * Failures of station administration (setup, credentials, grading, export, purge). `code` is what crosses IPC and
 * what the renderer translates; `details` carries what the UI shows (a retry delay, which check an export folder failed).
 */
export type AdminErrorCode =
  | 'NOT_SET_UP'
  | 'ALREADY_SET_UP'
  | 'ADMIN_PASSWORD_FORMAT'
  | 'ADMIN_PASSWORD_INVALID'
  | 'ADMIN_PASSWORD_LOCKED'
  | 'PIN_NOT_SET'
  | 'PIN_FORMAT'
  | 'PIN_INVALID'
  | 'PIN_LOCKED'
  | 'NOT_GRADABLE'
  | 'SCORE_OUT_OF_RANGE'
  | 'EXPORT_DIR_INVALID'
  | 'JOB_NOT_FOUND'
  | 'EXPORT_IN_PROGRESS'

export class AdminError extends Error {
  override readonly name = 'AdminError'
  constructor(
    readonly code: AdminErrorCode,
    message: string,
    readonly details: Record<string, string | number> = {},
  ) {
    super(message)
  }
}

import type { ApiError, ApiErrorCode, ApiResult } from './contract'

/**
 * Turning thrown errors into ApiResult failures. Typed core errors (SessionError, StoreError...) carry a string
 * `code`; a code the contract knows crosses the boundary as is, with the core's message. Anything else is a bug or
 * an environment failure: the renderer gets a generic INTERNAL and the real error goes to the server-side log only,
 * so no stack trace, path or SQL ever reaches a candidate's screen.
 */
// A record, not a list: a code added to the contract and missing here does not compile.
const KNOWN: Readonly<Record<ApiErrorCode, true>> = {
  VALIDATION_FAILED: true,
  UNKNOWN_METHOD: true,
  NO_EXAM_INSTALLED: true,
  NO_ACTIVE_SESSION: true,
  SESSION_NOT_FOUND: true,
  ILLEGAL_TRANSITION: true,
  NOT_RUNNING: true,
  TIME_UP: true,
  SESSION_INTERRUPTED: true,
  PIN_NOT_SET: true,
  PIN_FORMAT: true,
  PIN_INVALID: true,
  PIN_LOCKED: true,
  EXTENSION_LIMIT: true,
  TAMPER_DETECTED: true,
  STORAGE_FAILED: true,
  TRANSPORT_FAILED: true,
  INTERNAL: true,
  AUTH_REQUIRED: true,
  NOT_SET_UP: true,
  ALREADY_SET_UP: true,
  ADMIN_PASSWORD_FORMAT: true,
  ADMIN_PASSWORD_INVALID: true,
  ADMIN_PASSWORD_LOCKED: true,
  AUTHORITY_KEY_INVALID: true,
  PACKAGE_INVALID: true,
  PACKAGE_UNTRUSTED: true,
  PACKAGE_PASSWORD_REQUIRED: true,
  PACKAGE_PASSWORD_WRONG: true,
  PACKAGE_SETTINGS_INVALID: true,
  EXAM_INVALID: true,
  ACCOMMODATIONS_NOT_ALLOWED: true,
  SITTING_UNTRUSTED: true,
  ROOM_UNREACHABLE: true,
  ROOM_NOT_PINNED: true,
  SITTING_ALTERED: true,
  SITTING_INVALID: true,
  SITTING_PACKAGE_UNTRUSTED: true,
  SITTING_PACKAGE_INVALID: true,
  SITTING_NOT_FOR_STATION: true,
  SITTING_CLOSED: true,
  SITTING_PACKAGE_UNSUPPORTED: true,
  NOT_ON_ROSTER: true,
  ROSTER_NAME_MISMATCH: true,
  ENVIRONMENT_BLOCKED: true,
  START_NOT_RELEASED: true,
  NOT_GRADABLE: true,
  SCORE_OUT_OF_RANGE: true,
  EXPORT_DIR_INVALID: true,
  EXPORT_IN_PROGRESS: true,
  EXPORT_FAILED: true,
  BUNDLE_INVALID: true,
  JOB_NOT_FOUND: true,
}
const CONTRACT_CODES: ReadonlySet<string> = new Set(Object.keys(KNOWN))

export const isApiErrorCode = (code: unknown): code is ApiErrorCode =>
  typeof code === 'string' && CONTRACT_CODES.has(code)

/** A failure a handler means to report (no active session, no exam installed...). */
export class ApiFailure extends Error {
  override readonly name = 'ApiFailure'
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message)
  }
}

export const failure = (
  code: ApiErrorCode,
  message: string,
  details?: Record<string, unknown>,
): { ok: false; error: ApiError } => ({
  ok: false,
  error: details === undefined ? { code, message } : { code, message, details },
})

export type ErrorLog = (message: string, error: unknown) => void

export const consoleErrorLog: ErrorLog = (message, error) => console.error(message, error)

interface CodedError {
  code: string
  message: string
  details?: unknown
}

const isCodedError = (error: unknown): error is CodedError =>
  error instanceof Error && 'code' in error && typeof (error as { code: unknown }).code === 'string'

const plainDetails = (details: unknown): Record<string, unknown> | undefined =>
  details !== null && typeof details === 'object' && !Array.isArray(details) && Object.keys(details).length > 0
    ? (details as Record<string, unknown>)
    : undefined

const isStorageError = (error: unknown): error is CodedError => isCodedError(error) && error.code.startsWith('SQLITE_')

/** What a storage error means for the proctor; undefined for anything that is not one. */
export const storageFailureReason = (error: unknown): 'disk_full' | 'storage_error' | undefined =>
  isStorageError(error) ? (error.code === 'SQLITE_FULL' ? 'disk_full' : 'storage_error') : undefined

/** The ApiResult for an error thrown by a handler; `method` names the call in the server-side log. */
export function toApiFailure(error: unknown, method: string, log: ErrorLog): ApiResult<never> {
  if (isCodedError(error) && isApiErrorCode(error.code)) {
    // A typed error whose code is one the UI translates: its message is written for people, never a stack.
    if (error.code === 'INTERNAL' || error.code === 'STORAGE_FAILED' || error.code === 'TAMPER_DETECTED')
      log(`invigil api ${method}:`, error)
    return failure(error.code, error.message, plainDetails(error.details))
  }
  if (isStorageError(error)) {
    // Disk full, I/O error, database locked: the action was NOT stored, and the UI must not say "Saved".
    log(`invigil api ${method}: storage failed:`, error)
    return failure('STORAGE_FAILED', 'the station could not store this; nothing was saved')
  }
  log(`invigil api ${method} failed unexpectedly:`, error)
  return failure('INTERNAL', 'the station could not complete this request; ask the proctor')
}

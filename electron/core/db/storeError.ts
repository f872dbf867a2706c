/** Typed store failures. `code` is what crosses IPC; `instanceof` does not survive it. */
export type StoreErrorCode =
  'PRAGMA_NOT_APPLIED' | 'DATABASE_FROM_FUTURE' | 'MIGRATION_FAILED' | 'SESSION_NOT_FOUND' | 'TAMPER_DETECTED'

export class StoreError extends Error {
  override readonly name = 'StoreError'
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

/** Integrity failures name what broke, so a proctor or auditor can see which row was touched. */
export const tamperDetected = (reason: string): StoreError =>
  new StoreError('TAMPER_DETECTED', `tamper detected: ${reason}`)

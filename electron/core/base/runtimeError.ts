/** Failures of the station runtime's own steps; `code` is what crosses IPC and what the rehearsal reports. */
export type RuntimeErrorCode =
  | 'DATA_DIR_UNAVAILABLE'
  | 'STATION_IN_USE'
  | 'RUNTIME_CLOSED'
  | 'NO_EXAM_INSTALLED'
  | 'EXAM_INVALID'
  | 'ACCOMMODATIONS_NOT_ALLOWED'
  | 'STORAGE_FAILED'
  | 'KEYS_FAILED'
  | 'EXPORT_FAILED'
  | 'BUNDLE_INVALID'

export class RuntimeError extends Error {
  override readonly name = 'RuntimeError'
  constructor(
    readonly code: RuntimeErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

/**
 * Why a sitting file was refused; `code` survives IPC where `instanceof` does not. Each message says what is wrong
 * and how to put it right, since whoever reads it is at a station or at the authority's desk, not in the code.
 */
export type SittingErrorCode =
  /** Signed by a key the station does not trust: nothing inside is looked at. */
  | 'SITTING_UNTRUSTED'
  /** The signature does not verify: some byte changed after the authority signed. */
  | 'SITTING_ALTERED'
  /** Not a sitting file at all, or signed and intact but not a valid sitting: a schema or cross-check failure. */
  | 'SITTING_INVALID'
  /** An embedded exam package is signed by an untrusted key. */
  | 'SITTING_PACKAGE_UNTRUSTED'
  /** An embedded exam package does not verify, or does not match its hash or its listing. */
  | 'SITTING_PACKAGE_INVALID'
  /** Installing: the sitting lists the stations it is for, and this one is not among them. */
  | 'SITTING_NOT_FOR_STATION'
  /** Installing: the sitting's window has closed. */
  | 'SITTING_CLOSED'
  /** Installing: a station installs a sitting of unencrypted packages only for now (a start password, not yet). */
  | 'SITTING_PACKAGE_UNSUPPORTED'

export class SittingError extends Error {
  override readonly name = 'SittingError'
  constructor(
    readonly code: SittingErrorCode,
    message: string,
  ) {
    super(message)
  }
}

/** Why a package could not be built, verified or opened; `code` survives IPC where `instanceof` does not. */
export type PackageErrorCode =
  | 'AUTHORITY_KEY_INVALID'
  | 'PACKAGE_SETTINGS_INVALID'
  | 'PACKAGE_INVALID'
  | 'PACKAGE_UNTRUSTED'
  | 'PACKAGE_PASSWORD_REQUIRED'
  | 'PACKAGE_PASSWORD_WRONG'

export class PackageError extends Error {
  override readonly name = 'PackageError'
  constructor(
    readonly code: PackageErrorCode,
    message: string,
  ) {
    super(message)
  }
}

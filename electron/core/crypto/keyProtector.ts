/**
 * Protects the station master key at rest. Only the protected form ever touches disk. The app uses Electron
 * safeStorage (implemented in electron/shell/main); the CLI, browser host and tests use a passphrase (scrypt).
 */
export interface ProtectedKey {
  /** Which protector made it, e.g. "passphrase" or "safeStorage". */
  kind: string
  /** For safeStorage: the OS backend in use when the key was protected, so a later change is detected. */
  backend?: string
  [field: string]: string | number | undefined
}

export interface KeyProtector {
  readonly kind: string
  protect(key: Buffer): Promise<ProtectedKey>
  /** Throws a KeyProtectorError with a code saying why (wrong passphrase, backend changed, weak backend...). */
  unprotect(protectedKey: ProtectedKey): Promise<Buffer>
}

export class KeyProtectorError extends Error {
  override readonly name = 'KeyProtectorError'
  constructor(
    readonly code: 'WRONG_PASSPHRASE' | 'BACKEND_CHANGED' | 'WEAK_BACKEND' | 'UNAVAILABLE' | 'WRONG_KIND',
    message: string,
  ) {
    super(message)
  }
}

/**
 * A key file the command line named that cannot be read or holds no usable key: the command reports the file and
 * the reason, and signs or verifies nothing. Each command decides its exit code (`bundle verify`: a usage error).
 */
export class KeyFileError extends Error {
  override readonly name = 'KeyFileError'
  constructor(
    readonly code: 'KEY_FILE_UNREADABLE' | 'BAD_KEY_FILE',
    message: string,
  ) {
    super(message)
  }
}

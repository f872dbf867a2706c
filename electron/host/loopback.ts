import { isIP } from 'node:net'

/** The browser host serves exam content and answers: it must never listen beyond this machine. */
export function isLoopbackAddress(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '')
  if (bare === 'localhost') return true
  if (isIP(bare) === 4) return bare.startsWith('127.')
  if (isIP(bare) === 6) return bare === '::1' || /^::ffff:127\./i.test(bare)
  return false
}

export class NonLoopbackBindError extends Error {
  override readonly name = 'NonLoopbackBindError'
  readonly code = 'HOST_NOT_LOOPBACK'
  constructor(host: string) {
    super(`Refusing to listen on ${host}: the host binds to loopback only (127.0.0.1, ::1 or localhost).`)
  }
}

import { X509Certificate } from 'node:crypto'
import { isIP } from 'node:net'

/**
 * Where the room may listen. On loopback (the default) the stations are on this very PC and plain HTTP is fine.
 * On a LAN address stations reach the room across the network, so the room speaks TLS with the very certificate
 * the sitting pins (room.tls_sha256): a station then trusts nothing but that certificate, and the room refuses to
 * start rather than serve one the stations would refuse (on any address, loopback too, once TLS is given).
 */
export class RoomBindError extends Error {
  override readonly name = 'RoomBindError'
  constructor(
    readonly code: 'LAN_BIND_NEEDS_TLS' | 'TLS_NOT_PINNED',
    message: string,
  ) {
    super(message)
  }
}

export function isLoopbackHost(host: string | undefined): boolean {
  const bare = (host ?? '').replace(/^\[|\]$/g, '').replace(/^::ffff:/i, '')
  if (bare === 'localhost') return true
  if (isIP(bare) === 4) return bare.startsWith('127.')
  return bare === '::1'
}

/** SHA-256 of the certificate's DER bytes, lower-case hex without colons (as the sitting stores it). */
export const certificateSha256 = (certPem: string | Buffer): string =>
  new X509Certificate(certPem).fingerprint256.replaceAll(':', '').toLowerCase()

export function checkRoomBind(
  host: string,
  tls: { cert: string | Buffer; key: string | Buffer } | undefined,
  pinnedSha256: string | undefined,
): void {
  if (!tls) {
    if (isLoopbackHost(host)) return
    throw new RoomBindError(
      'LAN_BIND_NEEDS_TLS',
      `the room listens on ${host} only over TLS pinned by the sitting: give --cert and --key (the certificate whose SHA-256 the sitting names as room.tls_sha256), or bind 127.0.0.1`,
    )
  }
  // Also on loopback: stations would refuse any certificate but the pinned one, so the room does not serve it.
  const actual = certificateSha256(tls.cert)
  if (pinnedSha256 === undefined || actual !== pinnedSha256)
    throw new RoomBindError(
      'TLS_NOT_PINNED',
      `the certificate's SHA-256 is ${actual}, but the sitting pins ${pinnedSha256 ?? 'none'}: stations would refuse this room; rebuild the sitting with this fingerprint or use the certificate it names`,
    )
}

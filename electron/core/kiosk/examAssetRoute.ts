/**
 * A markdown bank's images, served by SHA-256 at /exam-assets/<hash> on the app's own origin: app:// in Electron and
 * the loopback page in the browser host, so the page's CSP (img-src 'self') covers them unchanged. Both read from the
 * installed exam in the core; nothing is served from the disk by name.
 */
export const EXAM_ASSET_PREFIX = '/exam-assets/'

export type ExamAssetLookup = (sha256: string) => { mediaType: string; bytes: Buffer } | undefined

export type ExamAssetRequest = { kind: 'none' } | { kind: 'invalid' } | { kind: 'asset'; sha256: string }

/** Whether a decoded path names an exam asset, and which. */
export function examAssetRequest(pathname: string): ExamAssetRequest {
  if (!pathname.startsWith(EXAM_ASSET_PREFIX)) return { kind: 'none' }
  const sha256 = pathname.slice(EXAM_ASSET_PREFIX.length)
  return /^[0-9a-f]{64}$/.test(sha256) ? { kind: 'asset', sha256 } : { kind: 'invalid' }
}

/**
 * Headers for an image: its type, no sniffing, not kept in any cache (exam content), and, should an SVG be opened
 * as a page, a CSP that lets it run and load nothing.
 */
export function examAssetHeaders(mediaType: string, length: number): Record<string, string> {
  return {
    'Content-Type': mediaType,
    'Content-Length': String(length),
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    'Cross-Origin-Resource-Policy': 'same-origin',
  }
}

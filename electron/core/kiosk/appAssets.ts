import path from 'node:path'

/**
 * The app's pages are served from `app://invigil/` (electron/shell/main/appProtocol.ts), not file://: one origin that
 * the IPC and navigation checks can name, a CSP header on every response, and no file-protocol privileges.
 */
export const APP_SCHEME = 'app'
export const APP_ORIGIN = 'app://invigil'
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/**
 * Sent with every response, on top of the meta CSP in src/index.html (a page obeys both). The renderer talks to the
 * station over IPC only, so it needs no network at all.
 */
export const APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ')

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
}

/** The Content-Type the app's assets are served with (app:// and the browser host alike); undefined for other files. */
export const assetContentType = (extension: string): string | undefined => CONTENT_TYPES[extension.toLowerCase()]

export type AppAsset =
  { ok: true; path: string; contentType: string } | { ok: false; status: 400 | 403 | 404; reason: string }

type PathApi = Pick<typeof path, 'resolve' | 'relative' | 'isAbsolute' | 'extname' | 'sep'>

/**
 * The file under `rendererDir` that an app:// URL names, or why there is none. Refuses other hosts, encoded
 * traversal (`..%2F`), backslashes and NUL, and anything that resolves outside the directory. `pathApi` lets the
 * tests check Windows path rules on any machine.
 */
export function resolveAppAsset(url: string, rendererDir: string, pathApi: PathApi = path): AppAsset {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return { ok: false, status: 400, reason: 'not a URL' }
  }
  if (`${parsed.protocol}//${parsed.host}` !== APP_ORIGIN)
    return { ok: false, status: 403, reason: `not the app origin: ${parsed.protocol}//${parsed.host}` }
  let relative: string
  try {
    relative = decodeURIComponent(parsed.pathname)
  } catch {
    return { ok: false, status: 400, reason: 'malformed percent-encoding' }
  }
  if (relative.includes('\\') || relative.includes('\0'))
    return { ok: false, status: 403, reason: 'backslash or NUL in the path' }
  if (relative === '/' || relative === '') relative = '/index.html'
  const root = pathApi.resolve(rendererDir)
  const file = pathApi.resolve(root, `.${relative}`)
  const inside = pathApi.relative(root, file)
  if (inside === '' || inside.startsWith('..') || pathApi.isAbsolute(inside))
    return { ok: false, status: 403, reason: 'outside the renderer directory' }
  const contentType = assetContentType(pathApi.extname(file))
  if (contentType === undefined)
    return { ok: false, status: 404, reason: `no such asset type: ${pathApi.extname(file) || '(none)'}` }
  return { ok: true, path: file, contentType }
}

/** Headers for a served asset: its type, the CSP, and no MIME sniffing. */
export function appResponseHeaders(contentType: string): Record<string, string> {
  return { 'Content-Type': contentType, 'Content-Security-Policy': APP_CSP, 'X-Content-Type-Options': 'nosniff' }
}

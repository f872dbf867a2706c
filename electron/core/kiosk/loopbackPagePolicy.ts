/**
 * Who may talk to a page server on loopback (the browser host, the room console), and the headers its pages go out
 * with. Binding to loopback keeps other machines out; these checks keep out other web pages open in the same
 * browser: a DNS-rebinding page arrives with its own Host header, and a cross-site page with its own Origin. Pure,
 * here in the core, so both servers share one policy without importing each other.
 */

/**
 * The renderer's Content-Security-Policy, sent as a header as well as the <meta> in src/index.html: the header also
 * enforces frame-ancestors, which browsers ignore in a meta. requestPolicy.test.ts keeps the two in step.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:*; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/** Sent on every response: nothing is cached (answers, exam text), sniffed, framed or referred elsewhere. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
}

/** The Host headers under which this server is reachable: its bound address, and `localhost`, on its port. */
export function allowedHostHeaders(boundAddress: string, port: number): Set<string> {
  const shown = boundAddress.includes(':') ? `[${boundAddress}]` : boundAddress
  return new Set([`${shown}:${String(port)}`, `localhost:${String(port)}`])
}

export const isAllowedHost = (hostHeader: string | undefined, allowed: ReadonlySet<string>): boolean =>
  hostHeader !== undefined && allowed.has(hostHeader.toLowerCase())

/**
 * API calls must come from the page this server served: its Origin is `http://` + the (already checked) Host.
 * A missing Origin is refused too; browsers always send one on POST, and scripts can set it.
 */
export const isAllowedOrigin = (origin: string | undefined, hostHeader: string): boolean =>
  origin !== undefined && origin.toLowerCase() === `http://${hostHeader.toLowerCase()}`

/** JSON only: a cross-site form or a "simple" fetch cannot send it without a CORS preflight, which we never grant. */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false
  const [type, ...params] = contentType.split(';').map((part) => part.trim().toLowerCase())
  if (type !== 'application/json') return false
  return params.every((param) => param === '' || param === 'charset=utf-8')
}

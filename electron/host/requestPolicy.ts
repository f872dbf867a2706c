/**
 * Who may talk to the browser host. Binding to loopback keeps other machines out; these checks keep out other web
 * pages open in the same browser: a DNS-rebinding page arrives with its own Host header, and a cross-site page with
 * its own Origin. Pure functions, so every case is tested without a socket.
 */

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

/** API method names as the contract spells them (`session.saveAnswer`); anything else is not even looked up. */
export const API_PATH = /^\/api\/([a-z]+\.[A-Za-z]+)$/

export const apiMethodOf = (pathname: string): string | undefined => API_PATH.exec(pathname)?.[1]

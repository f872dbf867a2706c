/**
 * Who may talk to the browser host: the Host/Origin/content-type checks are the core's (core/kiosk/
 * loopbackPagePolicy.ts, shared with the room console); the API path is the host's own.
 */

export { allowedHostHeaders, isAllowedHost, isAllowedOrigin, isJsonContentType } from '../core/kiosk/loopbackPagePolicy'

/** API method names as the contract spells them (`session.saveAnswer`); anything else is not even looked up. */
export const API_PATH = /^\/api\/([a-z]+\.[A-Za-z]+)$/

export const apiMethodOf = (pathname: string): string | undefined => API_PATH.exec(pathname)?.[1]

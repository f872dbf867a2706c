/** The CSP, the security headers and the replies that carry them live in the core, shared with the room console. */
export { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../core/kiosk/loopbackPagePolicy'
export { sendJson, sendText } from '../core/kiosk/rendererFiles'

import type { IncomingMessage, ServerResponse } from 'node:http'
import { allowedHostHeaders, isAllowedHost, isAllowedOrigin, isJsonContentType } from '../core/kiosk/loopbackPagePolicy'
import { sendJson, sendText, serveRendererFile } from '../core/kiosk/rendererFiles'
import type { RoomConsoleDispatch } from '../core/room/roomConsole'
import { isLoopbackHost } from './roomBind'

/**
 * The proctor's room console on the room server: the built renderer at `/` (the console opens at `/#room`) and the
 * console API as `POST /room/console/api/<method>` with a JSON body, answered with a RoomConsoleResult. Only a
 * browser on this PC gets either: the connection must be loopback at both ends (other requests are left to the room
 * server, which knows no such path), the Host header must name the loopback address it arrived on (no DNS
 * rebinding), and an API call must come from this server's own page (Origin) as JSON (no cross-site form). The
 * station protocol under /room/v1/ is left to the room server.
 */
export type RoomConsoleRoutes = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>

export const CONSOLE_API_PREFIX = '/room/console/api/'
/** A console call is a token and a few words; a command's message is at most 2000 characters. */
export const CONSOLE_BODY_LIMIT = 64 * 1024
const METHOD = /^[a-z]+\.[A-Za-z]+$/

const failure = (code: string, message: string) => ({ ok: false, error: { code, message } })

/** The body as JSON, or why not: too large (refused as soon as known) or not JSON. */
function readJson(req: IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false; status: 400 | 413 }> {
  if (Number(req.headers['content-length'] ?? 0) > CONSOLE_BODY_LIMIT) {
    req.resume()
    return Promise.resolve({ ok: false, status: 413 })
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= CONSOLE_BODY_LIMIT) chunks.push(chunk)
      else chunks.length = 0
    })
    req.on('error', () => resolve({ ok: false, status: 400 }))
    req.on('end', () => {
      if (size > CONSOLE_BODY_LIMIT) return resolve({ ok: false, status: 413 })
      try {
        resolve({ ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown })
      } catch {
        resolve({ ok: false, status: 400 })
      }
    })
  })
}

export function createRoomConsoleRoutes(options: {
  dispatch: RoomConsoleDispatch
  /** The built renderer (out/renderer); null serves the console API only. */
  rendererDir: string | null
}): RoomConsoleRoutes {
  async function api(req: IncomingMessage, res: ServerResponse, pathname: string, host: string): Promise<void> {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST')
      return sendJson(res, 405, failure('TRANSPORT_FAILED', 'console calls are POST requests'))
    }
    if (!isAllowedOrigin(req.headers.origin, host))
      return sendJson(res, 403, failure('TRANSPORT_FAILED', 'console calls come only from the page this room served'))
    if (!isJsonContentType(req.headers['content-type']))
      return sendJson(res, 415, failure('TRANSPORT_FAILED', 'console calls carry Content-Type: application/json'))
    const method = pathname.slice(CONSOLE_API_PREFIX.length)
    if (!METHOD.test(method)) return sendJson(res, 404, failure('UNKNOWN_METHOD', 'no such console method'))
    const body = await readJson(req)
    if (!body.ok)
      return body.status === 413
        ? sendJson(
            res,
            413,
            failure('TRANSPORT_FAILED', `console calls are at most ${String(CONSOLE_BODY_LIMIT)} bytes`),
          )
        : sendJson(res, 400, failure('VALIDATION_FAILED', 'the body is not JSON'))
    sendJson(res, 200, await options.dispatch(method, body.value))
  }

  return async (req, res) => {
    let pathname: string
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://room').pathname)
    } catch {
      return false
    }
    if (pathname.startsWith('/room/v1/')) return false
    const { localAddress, localPort, remoteAddress } = req.socket
    // Another PC is a station at most: it gets the room server's own answer (404) for anything off the protocol.
    if (!isLoopbackHost(localAddress) || !isLoopbackHost(remoteAddress)) return false
    const host = req.headers.host
    const allowed = allowedHostHeaders((localAddress ?? '').replace(/^::ffff:/i, ''), localPort ?? 0)
    if (!isAllowedHost(host, allowed) || host === undefined) {
      sendText(res, 421, 'the room console answers only to its loopback address')
      return true
    }
    if (pathname.startsWith(CONSOLE_API_PREFIX)) {
      await api(req, res, pathname, host)
      return true
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') sendText(res, 405, 'method not allowed')
    else if (options.rendererDir === null) sendText(res, 404, 'not found')
    else await serveRendererFile(options.rendererDir, pathname, res, req.method === 'HEAD')
    return true
  }
}

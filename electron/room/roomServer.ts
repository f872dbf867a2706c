import { createServer as createHttpServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import type { BundleCollector } from '../core/room/bundleCollection'
import type { RoomService } from '../core/room/roomService'
import type { RoomRefusalCode } from '../core/room/roomTypes'
import { checkRoomBind, isLoopbackHost } from './roomBind'
import type { RoomConsoleRoutes } from './roomConsoleRoutes'

/**
 * The room server: invigil-room/1 over HTTP for the stations of a lab. Each route reads a size-capped body of the
 * right content type and hands it to the core, which decides everything: RoomService for the signed station
 * messages, the bundle collector for result bundles (the station's upload outbox posts to <url>/bundles).
 *   POST /room/v1/join       application/json  SignedEnvelope<'join'>       -> 200 HeartbeatReply
 *   POST /room/v1/heartbeat  application/json  SignedEnvelope<'heartbeat'>  -> 200 HeartbeatReply
 *   POST /room/v1/log        application/json  SignedEnvelope<'log'>        -> 200 LogReply
 *   POST /room/v1/bundles    application/jose  the bundle's bytes           -> 200 {sha256, status, receipt, signature}
 * Refusals: {error: {code, message}, roomTime} with 400, 401, 403, 409, 413, 415 or 422.
 */
export interface RoomServerOptions {
  service: RoomService
  collect: BundleCollector
  host: string
  /** 0 picks a free port (tests). */
  port: number
  tls?: { cert: string | Buffer; key: string | Buffer }
  /** The sitting's room.tls_sha256: a non-loopback bind must serve exactly that certificate. */
  pinnedTlsSha256?: string
  /** How often commands queued by `invigil room command` are signed and issued. */
  commandPollMs?: number
  onError?: (error: unknown) => void
  /** The signed sitting file's exact text, served at GET /room/v1/sitting (see serveSittingFile). */
  sittingText?: string
  /** The proctor's console (roomConsoleRoutes.ts): the renderer and its API, to a browser on this PC only. */
  console?: RoomConsoleRoutes
}

export interface RunningRoomServer {
  /** The base URL stations are given; the outbox endpoint is `${url}/room/v1`. */
  url: string
  server: Server
  close(): Promise<void>
}

export const ROOM_PREFIX = '/room/v1'
const MESSAGE_LIMIT = 256 * 1024
/** A log shipment carries up to 2000 lines and their sealed rows. */
const LOG_LIMIT = 16 * 1024 * 1024
const BUNDLE_LIMIT = 32 * 1024 * 1024

const STATUS_OF: Record<RoomRefusalCode, number> = {
  MALFORMED: 400,
  BAD_SIGNATURE: 401,
  WRONG_STATION: 401,
  WRONG_SITTING: 403,
  NOT_ADMITTED: 403,
  STALE: 409,
  REPLAYED: 409,
  LOG_REFUSED: 409,
}

class TooLarge extends Error {}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = `${JSON.stringify(body)}\n`
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    ...(status === 413 ? { connection: 'close' } : {}),
  })
  res.end(text)
}

/** Refuses (before reading on) a body whose declared or actual size passes the limit. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      req.resume()
      return reject(new TooLarge())
    }
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        chunks.length = 0
        req.resume()
        reject(new TooLarge())
      } else chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

const contentType = (req: IncomingMessage): string =>
  (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? ''

function handler(options: RoomServerOptions) {
  const { service } = options
  const routes = {
    join: (value: unknown, loopback: boolean) => service.join(value, { loopback }),
    heartbeat: (value: unknown, loopback: boolean) => {
      service.issueRequestedCommands()
      service.issueRequestedMoves()
      return service.heartbeat(value, { loopback })
    },
    log: (value: unknown, loopback: boolean) => service.log(value, { loopback }),
  } as const
  const refuse = (res: ServerResponse, status: number, code: string, message: string): void =>
    send(res, status, { error: { code, message }, roomTime: new Date().toISOString() })

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (options.console && (await options.console(req, res))) return
    const path = new URL(req.url ?? '/', 'http://room').pathname
    const route = path.startsWith(`${ROOM_PREFIX}/`) ? path.slice(ROOM_PREFIX.length + 1) : ''
    const known = route === 'bundles' || route in routes
    if (!known) return refuse(res, 404, 'NOT_FOUND', `no such route: ${path}`)
    if (req.method !== 'POST') return refuse(res, 405, 'METHOD_NOT_ALLOWED', 'use POST')
    const wanted = route === 'bundles' ? 'application/jose' : 'application/json'
    if (contentType(req) !== wanted) return refuse(res, 415, 'UNSUPPORTED_MEDIA_TYPE', `send Content-Type: ${wanted}`)
    const limit = route === 'bundles' ? BUNDLE_LIMIT : route === 'log' ? LOG_LIMIT : MESSAGE_LIMIT
    let body: Buffer
    try {
      body = await readBody(req, limit)
    } catch (error) {
      if (error instanceof TooLarge)
        return refuse(res, 413, 'TOO_LARGE', `a ${route} request is at most ${String(limit)} bytes`)
      throw error
    }
    if (route === 'bundles') {
      const answer = await options.collect(body)
      return send(res, answer.httpStatus, answer.body)
    }
    let value: unknown
    try {
      value = JSON.parse(body.toString('utf8'))
    } catch {
      return refuse(res, 400, 'MALFORMED', 'the body is not JSON')
    }
    const outcome = routes[route as keyof typeof routes](value, isLoopbackHost(req.socket.remoteAddress))
    if (outcome.ok) return send(res, 200, outcome.reply)
    refuse(res, STATUS_OF[outcome.code], outcome.code, outcome.message)
  }
}

export async function startRoomServer(options: RoomServerOptions): Promise<RunningRoomServer> {
  checkRoomBind(options.host, options.tls, options.pinnedTlsSha256)
  const handle = handler(options)
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    if (serveSittingFile(req, res, options.sittingText)) return
    handle(req, res).catch((error: unknown) => {
      options.onError?.(error)
      if (!res.headersSent) send(res, 500, { error: { code: 'INTERNAL', message: 'the room could not answer' } })
      else res.destroy()
    })
  }
  const server = options.tls
    ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, listener)
    : createHttpServer(listener)
  server.requestTimeout = 120_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const poll = setInterval(() => {
    try {
      options.service.issueRequestedCommands()
      options.service.issueRequestedMoves()
    } catch (error) {
      options.onError?.(error)
    }
  }, options.commandPollMs ?? 500)
  poll.unref()
  const { port } = server.address() as AddressInfo
  const host = options.host.includes(':') ? `[${options.host}]` : options.host
  return {
    url: `${options.tls ? 'https' : 'http'}://${host}:${String(port)}`,
    server,
    close: () =>
      new Promise((resolve) => {
        clearInterval(poll)
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

/**
 * GET /room/v1/sitting -> 200 application/jose, the signed sitting file exactly as the authority signed it: a station
 * fetches it to learn its exam, its roster and the room key, and verifies it against the authority it trusts before
 * using any of it, so serving it needs no trust in the room. True when the request was this route and was answered.
 */
function serveSittingFile(req: IncomingMessage, res: ServerResponse, sittingText: string | undefined): boolean {
  if (sittingText === undefined || new URL(req.url ?? '/', 'http://room').pathname !== `${ROOM_PREFIX}/sitting`)
    return false
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'use GET' }, roomTime: new Date().toISOString() })
    return true
  }
  res.writeHead(200, {
    'content-type': 'application/jose',
    'content-length': String(Buffer.byteLength(sittingText)),
    'cache-control': 'no-store',
  })
  res.end(req.method === 'HEAD' ? undefined : sittingText)
  return true
}

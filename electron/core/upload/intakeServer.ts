import { createServer as createHttpServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { MAX_BUNDLE_BYTES } from '../results/bundleFiles'
import type { BundleIntake } from './bundleIntake'

/**
 * The reference intake server for the central office: `POST /bundles` with a bundle's bytes
 * (Content-Type: application/jose) answers 200 {sha256, status: imported|duplicate}, or 422
 * {sha256, status: rejected, code, reason} for a bundle that is invalid or from a station not enrolled here. The
 * sha256 is computed by the server from the bytes it received, so the sender knows exactly what arrived.
 * Idempotent: the same bundle again is a duplicate, never a second result.
 */
export interface IntakeServerOptions {
  intake: BundleIntake
  host: string
  /** 0 picks a free port (tests). */
  port: number
  /** PEM certificate and key; without them the server speaks plain HTTP and only on a loopback address (behind a TLS proxy). */
  tls?: { cert: string | Buffer; key: string | Buffer }
  /** Largest bundle accepted. */
  maxBytes?: number
  /** Reports a request the server could not handle (an internal error), for the operator's log. */
  onError?: (error: unknown) => void
}

export interface RunningIntakeServer {
  url: string
  server: Server
  close(): Promise<void>
}

export const DEFAULT_MAX_BUNDLE_BYTES = MAX_BUNDLE_BYTES
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost'])

class TooLarge extends Error {}

export class IntakeServerError extends Error {
  override readonly name = 'IntakeServerError'
  constructor(
    readonly code: 'INSECURE_LISTEN',
    message: string,
  ) {
    super(message)
  }
}

function reply(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  const text = `${JSON.stringify(body)}\n`
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    ...headers,
  })
  res.end(text)
}

function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? NaN)
    if (declared > maxBytes) return reject(new TooLarge())
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBytes) {
        req.pause()
        reject(new TooLarge())
      } else chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function handler(options: IntakeServerOptions, maxBytes: number) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://intake').pathname
    if (path !== '/bundles') return reply(res, 404, { error: 'not found: POST bundles to /bundles' })
    if (req.method !== 'POST') return reply(res, 405, { error: 'method not allowed: use POST' }, { allow: 'POST' })
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
    if (type !== 'application/jose')
      return reply(res, 415, { error: 'send the bundle as Content-Type: application/jose' })
    let bytes: Buffer
    try {
      bytes = await readBody(req, maxBytes)
    } catch (error) {
      if (error instanceof TooLarge)
        return reply(res, 413, { error: `a bundle is at most ${String(maxBytes)} bytes` }, { connection: 'close' })
      throw error
    }
    const answer = await options.intake(bytes)
    reply(res, answer.httpStatus, answer.body)
  }
}

export async function startIntakeServer(options: IntakeServerOptions): Promise<RunningIntakeServer> {
  if (!options.tls && !LOOPBACK.has(options.host)) {
    throw new IntakeServerError(
      'INSECURE_LISTEN',
      `without --cert and --key the intake listens only on a loopback address, not ${options.host}`,
    )
  }
  const handle = handler(options, options.maxBytes ?? DEFAULT_MAX_BUNDLE_BYTES)
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((error: unknown) => {
      options.onError?.(error)
      if (!res.headersSent) reply(res, 500, { error: 'the intake could not store the bundle; try again later' })
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
  const { port } = server.address() as AddressInfo
  const host = options.host.includes(':') ? `[${options.host}]` : options.host
  return {
    url: `${options.tls ? 'https' : 'http'}://${host}:${String(port)}`,
    server,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

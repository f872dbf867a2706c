import { Agent as HttpAgent, request as httpRequest } from 'node:http'
import { Agent, request } from 'node:https'
import { isIP } from 'node:net'
import { OutboxError } from './outboxEntry'
import type { TransportOutcome } from './deliveryVerdict'

/** Sends one bundle's bytes; never throws for network trouble, which comes back as an outcome to judge. */
export interface BundleTransport {
  readonly endpoint: string
  send(bytes: Uint8Array): Promise<TransportOutcome>
  close(): void
}

export interface HttpsTransportOptions {
  /** The intake server's base URL; bundles go to POST <endpoint>/bundles. HTTPS, or HTTP to a loopback address. */
  endpoint: string
  /** PEM of a private CA to trust (besides the system's), e.g. a center's own. */
  ca?: string | Buffer
  /** Whole request, connect to last byte of the reply. */
  timeoutMs?: number
  /** Sockets kept open (the run's concurrency). */
  maxSockets?: number
}

export const DEFAULT_TIMEOUT_MS = 60_000
/** Replies are small JSON; anything longer is cut off rather than buffered without end. */
const MAX_REPLY_BYTES = 64 * 1024

/**
 * Plain HTTP is allowed to a loopback address only (127.0.0.0/8, ::1; not a name, which could resolve elsewhere):
 * a room server on this very PC (`invigil room serve`, bound to loopback), where the bytes never leave the machine.
 */
export function isLoopbackIp(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, '')
  if (isIP(bare) === 4) return bare.startsWith('127.')
  return isIP(bare) === 6 && bare === '::1'
}

/** The URL bundles are posted to; refuses anything but https, or http to a loopback address. */
export function bundlesUrl(endpoint: string): URL {
  let base: URL
  try {
    base = new URL(endpoint)
  } catch {
    throw new OutboxError('BAD_ENDPOINT', `${endpoint} is not a URL; give the intake server as https://HOST[:PORT]`)
  }
  const loopbackHttp = base.protocol === 'http:' && isLoopbackIp(base.hostname)
  if (base.protocol !== 'https:' && !loopbackHttp)
    throw new OutboxError(
      'INSECURE_ENDPOINT',
      `${endpoint} is not https: results travel only over HTTPS (or plain HTTP to 127.0.0.1 or [::1] on this PC)`,
    )
  if (base.username || base.password)
    throw new OutboxError('BAD_ENDPOINT', 'the endpoint must not carry a user name or password')
  if (base.search || base.hash) throw new OutboxError('BAD_ENDPOINT', 'the endpoint must not carry a query or fragment')
  return new URL(`${base.pathname.replace(/\/+$/, '')}/bundles`, base)
}

export function createHttpsTransport(options: HttpsTransportOptions): BundleTransport {
  const url = bundlesUrl(options.endpoint)
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const plain = url.protocol === 'http:'
  const maxSockets = options.maxSockets ?? 2
  const agent = plain
    ? new HttpAgent({ keepAlive: true, maxSockets })
    : new Agent({ keepAlive: true, maxSockets, ...(options.ca === undefined ? {} : { ca: options.ca }) })
  const post = plain ? httpRequest : request
  const send = (bytes: Uint8Array): Promise<TransportOutcome> =>
    new Promise((resolve) => {
      let settled = false
      const finish = (outcome: TransportOutcome): void => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        resolve(outcome)
      }
      const req = post(url, {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/jose',
          'content-length': String(bytes.byteLength),
          accept: 'application/json',
        },
      })
      const timer = setTimeout(() => {
        finish({ kind: 'error', code: 'TIMEOUT', message: `no complete reply within ${String(timeoutMs)} ms` })
        req.destroy()
      }, timeoutMs)
      req.on('error', (error: NodeJS.ErrnoException) =>
        finish({ kind: 'error', code: error.code ?? 'NETWORK', message: error.message }),
      )
      req.on('response', (res) => {
        const chunks: Buffer[] = []
        let size = 0
        res.on('data', (chunk: Buffer) => {
          size += chunk.length
          if (size <= MAX_REPLY_BYTES) chunks.push(chunk)
        })
        res.on('end', () =>
          finish({ kind: 'response', status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        )
        res.on('error', (error: NodeJS.ErrnoException) =>
          finish({ kind: 'error', code: error.code ?? 'NETWORK', message: error.message }),
        )
        res.on('aborted', () =>
          finish({ kind: 'error', code: 'ECONNRESET', message: 'the connection closed before the reply was complete' }),
        )
      })
      req.end(bytes)
    })
  return { endpoint: url.origin + url.pathname.replace(/\/bundles$/, ''), send, close: () => agent.destroy() }
}

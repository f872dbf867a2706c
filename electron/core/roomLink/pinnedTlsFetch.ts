import { request, type RequestOptions } from 'node:https'
import { connect, type TLSSocket } from 'node:tls'
import type { RoomFetch } from './roomTransport'

/**
 * The room link over the lab's network: TLS to the room, trusting exactly the certificate the sitting pins by its
 * SHA-256 (room.tls_sha256) and nothing else: no certificate authority, no trust on first use. The pin is checked on
 * the handshake, before a byte of the request is written, so a station never talks to an impostor room.
 */
export class RoomPinMismatchError extends Error {
  override readonly name = 'RoomPinMismatchError'
}

const normalise = (fingerprint: string): string => fingerprint.replaceAll(':', '').toLowerCase()

interface TlsReply {
  status: number
  text: string
  /** The SHA-256 of the certificate the server presented (lower-case hex). */
  certificateSha256: string
}

interface TlsRequestInit {
  method: 'GET' | 'POST'
  headers?: Record<string, string>
  body?: string
  signal: AbortSignal
}

/** One request over TLS; with a pin, a server presenting another certificate is dropped before the request is sent. */
function tlsRequest(url: string, init: TlsRequestInit, pin: string | null): Promise<TlsReply> {
  let certificateSha256 = ''
  // The chain is not what decides here (a lab's room certificate is its own); the pin does, in the callback below.
  const createConnection: RequestOptions['createConnection'] = (options, ready) => {
    const socket: TLSSocket = connect({ ...(options as object), rejectUnauthorized: false })
    socket.once('secureConnect', () => {
      certificateSha256 = normalise(socket.getPeerX509Certificate()?.fingerprint256 ?? '')
      if (pin === null || certificateSha256 === pin) ready(null, socket)
      else {
        socket.destroy()
        ready(
          new RoomPinMismatchError(`the room's certificate is ${certificateSha256}, not the ${pin} the sitting pins`),
          socket,
        )
      }
    })
    socket.once('error', (error) => ready(error, socket))
    return undefined
  }
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: init.method,
      ...(init.headers ? { headers: init.headers } : {}),
      signal: init.signal,
      // No agent: Node then uses createConnection (an agent, even agent:false, would dial with its own).
      createConnection,
    })
    req.once('error', reject)
    req.once('response', (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.once('error', reject)
      res.once('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), certificateSha256 }),
      )
    })
    req.end(init.body)
  })
}

export function pinnedTlsFetch(pinnedSha256: string): RoomFetch {
  const pin = normalise(pinnedSha256)
  return async (url, init) => {
    const { status, text } = await tlsRequest(url, init, pin)
    return {
      ok: status >= 200 && status < 300,
      status,
      json: () => Promise.resolve(JSON.parse(text) as unknown),
    }
  }
}

/**
 * GETs a text over TLS and says which certificate served it, trusting none: for the signed sitting a station fetches
 * before it knows the pin. The caller trusts the text only if the authority signed it and it pins that very
 * certificate; a GET carries nothing of the station's.
 */
export function tlsGetNamingCertificate(url: string, signal: AbortSignal): Promise<TlsReply> {
  return tlsRequest(url, { method: 'GET', signal }, null)
}

/** A GET through the pin: a room with another certificate gets no request at all. */
export function pinnedTlsGet(url: string, pinnedSha256: string, signal: AbortSignal): Promise<TlsReply> {
  return tlsRequest(url, { method: 'GET', signal }, normalise(pinnedSha256))
}

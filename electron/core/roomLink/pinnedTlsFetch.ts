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

export function pinnedTlsFetch(pinnedSha256: string): RoomFetch {
  const pin = normalise(pinnedSha256)
  // The chain is not what decides here (a lab's room certificate is its own); the pin does, in the callback below.
  const createConnection: RequestOptions['createConnection'] = (options, ready) => {
    const socket: TLSSocket = connect({ ...(options as object), rejectUnauthorized: false })
    socket.once('secureConnect', () => {
      const actual = normalise(socket.getPeerX509Certificate()?.fingerprint256 ?? '')
      if (actual === pin) ready(null, socket)
      else {
        socket.destroy()
        ready(new RoomPinMismatchError(`the room's certificate is ${actual}, not the ${pin} the sitting pins`), socket)
      }
    })
    socket.once('error', (error) => ready(error, socket))
    return undefined
  }
  return (url, init) =>
    new Promise((resolve, reject) => {
      const req = request(url, {
        method: init.method,
        headers: init.headers,
        signal: init.signal,
        // No agent: Node then uses createConnection (an agent, even agent:false, would dial with its own).
        createConnection,
      })
      req.once('error', reject)
      req.once('response', (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.once('error', reject)
        res.once('end', () => {
          const status = res.statusCode ?? 0
          const text = Buffer.concat(chunks).toString('utf8')
          resolve({
            ok: status >= 200 && status < 300,
            status,
            json: () => Promise.resolve(JSON.parse(text) as unknown),
          })
        })
      })
      req.end(init.body)
    })
}

import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { X509Certificate } from 'node:crypto'
import { createServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pinnedTlsFetch } from './pinnedTlsFetch'
import { postJson } from './roomTransport'

// The room link trusts exactly the pinned certificate: a room with another certificate (an impostor on the lab's
// network) gets no request at all, not even the signed heartbeat.
function selfSigned(dir: string, name: string): { cert: string; key: string; sha256: string } {
  const key = join(dir, `${name}.key`)
  const cert = join(dir, `${name}.pem`)
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  )
  const pem = readFileSync(cert, 'utf8')
  return { cert: pem, key: readFileSync(key, 'utf8'), sha256: new X509Certificate(pem).fingerprint256 }
}

const dir = mkdtempSync(join(tmpdir(), 'invigil-pin-'))
const room = selfSigned(dir, 'room')
const impostor = selfSigned(dir, 'impostor')
const received: string[] = []
const server = createServer({ cert: room.cert, key: room.key }, (req, res) => {
  let body = ''
  req.on('data', (chunk: Buffer) => (body += chunk.toString()))
  req.on('end', () => {
    received.push(body)
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify({ echoed: JSON.parse(body) as unknown }))
  })
})
let url = ''

beforeAll(async () => {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  url = `https://127.0.0.1:${String((server.address() as AddressInfo).port)}/room/v1/heartbeat`
})
afterAll(() => server.close())

describe('the room link over pinned TLS', () => {
  it('talks to the room whose certificate the sitting pins', async () => {
    expect(await postJson(pinnedTlsFetch(room.sha256), url, { beat: 1 }, 5000)).toEqual({ echoed: { beat: 1 } })
  })

  it('sends nothing to a room with another certificate, CA-signed or not', async () => {
    const before = received.length
    await expect(postJson(pinnedTlsFetch(impostor.sha256), url, { beat: 2 }, 5000)).rejects.toThrow(
      /not the .* the sitting pins/,
    )
    expect(received.length).toBe(before)
  })
})

import { createServer, request } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inputLimitOf, inputTooLargeMessage } from '../core/api/inputLimits'
import { createHostRoutes } from './hostRoutes'
import { apiCall } from './testing/httpClient'
import type { RawResponse } from './testing/httpClient'

// The host reads each method's body by the contract's own input limit (core/api/inputLimits): a dispatch double
// records what got through.
const MB = 1024 * 1024
const token = 'a'.repeat(43)
const dispatched: string[] = []
let server: Server
let url = ''

beforeAll(async () => {
  let hosts = new Set<string>()
  server = createServer(
    createHostRoutes({
      dispatch: (method) => {
        dispatched.push(method)
        return Promise.resolve({ ok: true, value: null })
      },
      rendererDir: null,
      allowedHosts: () => hosts,
    }),
  )
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  hosts = new Set([`127.0.0.1:${String(port)}`])
  url = `http://127.0.0.1:${String(port)}/`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

const refusal = (response: RawResponse) => ({ status: response.status, body: response.json() })

describe('the browser host body limits', () => {
  it('accepts a 1 MB package and roster, as the API does', async () => {
    for (const [method, input] of [
      ['admin.installPackage', { token, packageText: 'x'.repeat(MB) }],
      ['admin.importRoster', { token, csvText: 'x'.repeat(MB) }],
      ['admin.installSitting', { token, sittingText: 'x'.repeat(MB) }],
    ] as const) {
      expect((await apiCall(url, method, input)).status, method).toBe(200)
    }
    expect(dispatched).toEqual(['admin.installPackage', 'admin.importRoster', 'admin.installSitting'])
  })

  it('refuses a body over the method limit with the limit in the message', async () => {
    dispatched.length = 0
    const roster = await apiCall(url, 'admin.importRoster', {
      token,
      csvText: 'x'.repeat(inputLimitOf('admin.importRoster')),
    })
    expect(refusal(roster)).toEqual({
      status: 413,
      body: { ok: false, error: { code: 'TRANSPORT_FAILED', message: inputTooLargeMessage('admin.importRoster') } },
    })
    const answer = await apiCall(url, 'session.saveAnswer', { unitId: 'q1', response: 'y'.repeat(MB) })
    expect(refusal(answer).body).toMatchObject({ error: { message: inputTooLargeMessage('session.saveAnswer') } })
    expect(dispatched).toEqual([])
  })

  it('refuses from the declared length alone, before the body is sent', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(new URL('/api/admin.installPackage', url), {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Origin: new URL(url).origin,
          'Content-Length': String(inputLimitOf('admin.installPackage') + 1),
        },
      })
      req.on('response', (res) => {
        resolve(res.statusCode ?? 0)
        req.destroy()
      })
      req.on('error', reject)
      req.flushHeaders()
    })
    expect(status).toBe(413)
  })
})

// @vitest-environment jsdom
import type { InvigilBridge } from '@contract'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createHttpBridge, getBridge, type FetchLike } from './bridge'

const reply = (status: number, body: unknown): Awaited<ReturnType<FetchLike>> => ({
  ok: status >= 200 && status < 300,
  status,
  json: () => (body instanceof Error ? Promise.reject(body) : Promise.resolve(body)),
})

describe('the HTTP bridge', () => {
  it('posts the input as JSON to /api/<method> and passes the result on', async () => {
    const fetchStub = vi.fn<FetchLike>().mockResolvedValue(reply(200, { ok: true, value: { position: 'q1' } }))
    const bridge = createHttpBridge(fetchStub)
    await expect(bridge.call('session.navigate', { unitId: 'q1' })).resolves.toEqual({
      ok: true,
      value: { position: 'q1' },
    })
    expect(fetchStub).toHaveBeenCalledWith('/api/session.navigate', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"unitId":"q1"}',
    })
  })

  it('passes a typed failure on as it came', async () => {
    const error = { code: 'NOT_RUNNING', message: 'session is submitted', details: { state: 'submitted' } }
    const bridge = createHttpBridge(vi.fn<FetchLike>().mockResolvedValue(reply(200, { ok: false, error })))
    await expect(bridge.call('session.tick', {})).resolves.toEqual({ ok: false, error })
  })

  it('never throws: a network failure is TRANSPORT_FAILED', async () => {
    const bridge = createHttpBridge(vi.fn<FetchLike>().mockRejectedValue(new TypeError('Failed to fetch')))
    const result = await bridge.call('session.saveAnswer', { unitId: 'q1', response: 'A' })
    expect(result).toMatchObject({ ok: false, error: { code: 'TRANSPORT_FAILED' } })
  })

  it.each([
    ['an HTML error page', reply(502, new SyntaxError('Unexpected token <'))],
    ['a body that is not an ApiResult', reply(200, { saved: true })],
    ['an error without a code', reply(500, { ok: false, error: { message: 'x' } })],
    ['null', reply(200, null)],
  ])('treats %s as TRANSPORT_FAILED', async (_what, response) => {
    const bridge = createHttpBridge(vi.fn<FetchLike>().mockResolvedValue(response))
    const result = await bridge.call('station.status', {})
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('TRANSPORT_FAILED')
  })
})

describe('getBridge', () => {
  afterEach(() => {
    Reflect.deleteProperty(window, 'invigil')
    vi.unstubAllGlobals()
  })

  it('uses the Electron preload when it is there', () => {
    const preload: InvigilBridge = { call: vi.fn() }
    Object.defineProperty(window, 'invigil', { value: preload, configurable: true })
    expect(getBridge()).toBe(preload)
  })

  it('otherwise posts to the page origin with fetch', async () => {
    const fetchStub = vi.fn().mockResolvedValue(reply(200, { ok: true, value: null }))
    vi.stubGlobal('fetch', fetchStub)
    await expect(getBridge().call('session.current', {})).resolves.toEqual({ ok: true, value: null })
    expect(fetchStub).toHaveBeenCalledWith(
      '/api/session.current',
      expect.objectContaining({ method: 'POST', credentials: 'same-origin' }),
    )
  })
})

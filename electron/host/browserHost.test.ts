import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AnswerAck, ApiResult, SessionView, SubmittedView } from '../core/api/contract'
import { startBrowserHost, RendererNotBuiltError } from './browserHost'
import type { BrowserHost } from './browserHost'
import { NonLoopbackBindError } from './loopback'
import { apiCall, rawRequest } from './testing/httpClient'

const PASSPHRASE = 'host test passphrase'
const SEED_BANK = resolve(import.meta.dirname, '../../banks/it-customer-service-certification-2026.yaml')
/** A fixed exam morning for the test clock: 09:00 in Taipei. */
const CLOCK_START_MS = Date.parse('2026-11-23T09:00:00+08:00')
let dir: string
let rendererDir: string
let host: BrowserHost

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'invigil-host-'))
  rendererDir = join(dir, 'renderer')
  mkdirSync(join(rendererDir, 'assets'), { recursive: true })
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Invigil</title>')
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer')
  host = await startBrowserHost({
    dataDir: join(dir, 'station'),
    port: 0,
    passphrase: PASSPHRASE,
    rendererDir,
    bank: SEED_BANK,
    clock: 'manual',
    clockStartMs: CLOCK_START_MS,
  })
})
afterAll(async () => {
  await host.close()
  rmSync(dir, { recursive: true, force: true })
})

async function value<T>(method: string, input: unknown): Promise<T> {
  const response = await apiCall(host.url, method, input)
  expect(response.status).toBe(200)
  const result = response.json() as ApiResult<T>
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`)
  return result.value
}

describe('binding', () => {
  it.each(['0.0.0.0', '::', '192.168.1.5', 'example.org'])('refuses to listen on %s', async (address) => {
    await expect(
      startBrowserHost({ dataDir: join(dir, 'never'), port: 0, host: address, passphrase: PASSPHRASE, rendererDir }),
    ).rejects.toThrow(NonLoopbackBindError)
  })

  it('says to build the renderer first when it is missing', async () => {
    await expect(
      startBrowserHost({
        dataDir: join(dir, 'never'),
        port: 0,
        passphrase: PASSPHRASE,
        rendererDir: join(dir, 'nope'),
      }),
    ).rejects.toThrow(RendererNotBuiltError)
  })

  it('listens on 127.0.0.1 and installed the bank', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    expect(host.bank).toMatchObject({ installed: true, exam: { id: 'it-customer-service-certification-2026' } })
  })
})

describe('the renderer', () => {
  it('is served with the security headers', async () => {
    const page = await rawRequest(host.url)
    expect(page.status).toBe(200)
    expect(page.text).toContain('<title>Invigil</title>')
    expect(page.headers).toMatchObject({
      'content-security-policy': expect.stringContaining("frame-ancestors 'none'"),
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      'content-type': 'text/html; charset=utf-8',
    })
    expect((await rawRequest(new URL('/assets/app.js', host.url).href)).headers['content-type']).toBe(
      'text/javascript; charset=utf-8',
    )
    expect((await rawRequest(new URL('/exam/q3', host.url).href)).text).toContain('<title>Invigil</title>')
  })

  it('answers nothing outside the renderer directory, and 404 for a missing asset', async () => {
    expect((await rawRequest(new URL('/assets/missing.js', host.url).href)).status).toBe(404)
    for (const path of ['/../secret.txt', '/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e/secret.txt']) {
      const escape = await rawRequest(host.url, { path })
      expect(escape.text, path).not.toContain('outside the renderer')
    }
  })
})

describe('requests from anywhere but the served page', () => {
  const origin = (): string => new URL(host.url).origin

  it('are refused when the Host header is not this server (DNS rebinding)', async () => {
    for (const hostHeader of ['evil.example', `evil.example:${new URL(host.url).port}`, '127.0.0.1:1']) {
      expect((await rawRequest(host.url, { headers: { Host: hostHeader } })).status).toBe(421)
      expect((await apiCall(host.url, 'station.status', {}, { Host: hostHeader })).status).toBe(421)
    }
  })

  it('are refused without this Origin, JSON, POST, or under the size limit', async () => {
    const refused = async (response: Promise<{ status: number; json(): unknown }>, status: number): Promise<void> => {
      const answer = await response
      expect(answer.status).toBe(status)
      expect(answer.json()).toMatchObject({ ok: false, error: { code: expect.any(String) } })
    }
    await refused(apiCall(host.url, 'station.status', {}, { Origin: 'http://evil.example' }), 403)
    await refused(apiCall(host.url, 'station.status', {}, { Origin: 'null' }), 403)
    await refused(
      rawRequest(new URL('/api/station.status', host.url).href, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      }),
      403,
    )
    await refused(apiCall(host.url, 'station.status', {}, { 'Content-Type': 'text/plain' }), 415)
    await refused(rawRequest(new URL('/api/station.status', host.url).href, { headers: { Origin: origin() } }), 405)
    await refused(apiCall(host.url, 'session.saveAnswer', { unitId: 'x', response: 'y'.repeat(300 * 1024) }), 413)
    const notJson = rawRequest(new URL('/api/station.status', host.url).href, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: origin() },
      body: '{"',
    })
    await refused(notJson, 400)
  })

  it('name an unknown method as such', async () => {
    expect((await apiCall(host.url, 'session.hack', {})).json()).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_METHOD' },
    })
    const noDot = await apiCall(host.url, 'station', {})
    expect(noDot.status).toBe(404)
    expect(noDot.json()).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } })
  })
})

describe('a candidate sitting the seed exam over HTTP', () => {
  it('checks in, answers, flags, moves, restores, and submits', async () => {
    const checkedIn = await value<SessionView>('session.checkIn', { candidateId: 'E-0001', name: '林小明' })
    expect(checkedIn).toMatchObject({ state: 'checked_in', rulesAcknowledged: false, position: null })
    const items = checkedIn.exam.sections.flatMap((section) => section.items)
    const single = items.find((item) => item.type === 'single')
    const scenario = items.find((item) => item.type === 'scenario')
    if (!single || !scenario) throw new Error('the seed exam has single-choice and scenario items')
    const letter = single.options[1]?.letter ?? 'A'
    const part = scenario.parts.find((p) => p.type === 'short_answer') ?? scenario.parts[0]
    if (!part) throw new Error('the scenario has parts')

    expect(await value<SessionView>('session.acknowledgeRules', {})).toMatchObject({
      state: 'running',
      rulesAcknowledged: true,
    })
    host.testClock?.advance(5 * 60_000)
    const ack = await value<AnswerAck>('session.saveAnswer', { unitId: single.id, response: letter })
    // Saved five minutes into the exam on the test clock's fixed morning, not at whatever time the suite ran.
    expect(ack).toMatchObject({
      unitId: single.id,
      revision: 1,
      remainingMs: 85 * 60_000,
      savedAt: '2026-11-23T01:05:00.000Z',
    })
    await value<AnswerAck>('session.saveAnswer', { unitId: part.id, response: '先向客戶致歉，再了解問題。' })
    expect(await value('session.setFlag', { unitId: scenario.id, flagged: true })).toEqual({ flags: [scenario.id] })
    expect(await value('session.navigate', { unitId: part.id })).toEqual({ position: part.id })

    // A reload: the page asks for the session and gets everything back.
    const restored = await value<SessionView>('session.current', {})
    expect(restored).toMatchObject({
      sessionId: checkedIn.sessionId,
      state: 'running',
      position: part.id,
      flags: [scenario.id],
    })
    expect(restored.answers.map((a) => [a.unitId, a.response]).sort()).toEqual(
      [
        [part.id, '先向客戶致歉，再了解問題。'],
        [single.id, letter],
      ].sort(),
    )
    expect(restored.time).toMatchObject({ elapsedMs: 5 * 60_000, remainingMs: 85 * 60_000 })

    const submitted = await value<SubmittedView>('session.submit', {})
    expect(submitted).toMatchObject({ sessionId: checkedIn.sessionId, state: 'submitted', answeredCount: 2 })
    expect(submitted.unitCount).toBeGreaterThan(30)
  })

  const testHook = (url: string, path: string, body: unknown): ReturnType<typeof rawRequest> =>
    rawRequest(new URL(path, url).href, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: new URL(url).origin },
      body: JSON.stringify(body),
    })

  it('lets E2E move the test clock', async () => {
    const before = host.testClock?.monotonicMs() ?? 0
    expect((await testHook(host.url, '/__test/clock/advance', { ms: 1000 })).status).toBe(200)
    expect(host.testClock?.monotonicMs()).toBe(before + 1000)
    expect((await testHook(host.url, '/__test/clock/advance', { ms: -5 })).status).toBe(400)
    expect(
      (
        await rawRequest(new URL('/__test/clock/advance', host.url).href, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Origin: 'http://evil' },
          body: '{"ms":1}',
        })
      ).status,
    ).toBe(403)
  })

  it('lets E2E stand in for the OS: an injected event reaches the live session as the kiosk shell would log it', async () => {
    const osEvent = (event: unknown): ReturnType<typeof rawRequest> => testHook(host.url, '/__test/os-event', event)
    // The last candidate submitted: the kiosk holds nobody, so nothing is logged.
    expect((await osEvent({ kind: 'blur' })).json()).toEqual({ ok: true, value: { recorded: false } })

    const { sessionId } = await value<SessionView>('session.checkIn', { candidateId: 'E-0002', name: '王大明' })
    const blocked = await osEvent({
      kind: 'key-blocked',
      keys: 'Alt+F4',
      category: 'close',
      reason: 'closing the window would leave the exam',
    })
    expect(blocked.status).toBe(200)
    expect(blocked.json()).toEqual({ ok: true, value: { recorded: true } })
    expect((await osEvent({ kind: 'blur' })).json()).toEqual({ ok: true, value: { recorded: true } })
    const logged = host.runtime.admin
      .eventsOf(sessionId, ['escape_attempt', 'focus_lost'])
      .map((event) => [event.type, event.data.summary])
    expect(logged).toEqual([
      ['escape_attempt', 'Alt+F4 was blocked: closing the window would leave the exam.'],
      ['focus_lost', 'The exam window lost focus: another window or the OS took the foreground.'],
    ])

    for (const notAnEvent of [
      { kind: 'reboot' },
      { kind: 'blur', detail: 'extra' },
      { kind: 'key-blocked', keys: 'Alt+F4', category: 'teleport', reason: 'x' },
      null,
    ]) {
      const refused = await osEvent(notAnEvent)
      expect(refused.status, JSON.stringify(notAnEvent)).toBe(400)
      expect(refused.json()).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } })
    }
  })

  it('has no test hooks at all on the system clock', async () => {
    const realClock = await startBrowserHost({
      dataDir: join(dir, 'real-clock'),
      port: 0,
      passphrase: PASSPHRASE,
      rendererDir,
    })
    try {
      expect(realClock.testClock).toBeUndefined()
      expect((await testHook(realClock.url, '/__test/clock/advance', { ms: 1000 })).status).toBe(404)
      expect((await testHook(realClock.url, '/__test/os-event', { kind: 'blur' })).status).toBe(404)
    } finally {
      await realClock.close()
    }
  })
})

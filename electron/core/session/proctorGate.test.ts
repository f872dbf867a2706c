import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runningSession, tempStation, TEST_PIN, type TempStation } from './testing/tempStation'

let station: TempStation
beforeEach(() => {
  station = tempStation()
})
afterEach(() => station.cleanup())

const authEvents = (sessionId: string): Record<string, unknown>[] =>
  station.db
    .prepare<[string], string>("SELECT line FROM events WHERE session_id = ? AND type = 'proctor_auth' ORDER BY seq")
    .pluck()
    .all(sessionId)
    .map((line) => (JSON.parse(line) as { data: Record<string, unknown> }).data)
const state = (sessionId: string): string | undefined =>
  station.db.prepare<[string], string>('SELECT state FROM sessions WHERE id = ?').pluck().get(sessionId)

describe('proctor PIN gate', () => {
  it('refuses PINs that are not 6 to 32 digits, and actions before a PIN is set', async () => {
    const { service } = station
    await expect(service.setProctorPin('12345')).rejects.toMatchObject({ code: 'PIN_FORMAT' })
    await expect(service.setProctorPin('12345a')).rejects.toMatchObject({ code: 'PIN_FORMAT' })
    const { sessionId } = service.createSession({
      examId: 'e',
      packageHash: 'ab'.repeat(32),
      formSeed: 's',
      durationMs: 60_000,
    })
    service.checkIn(sessionId, { candidateId: 'C', name: 'N' })
    service.start(sessionId)
    await expect(service.pause(sessionId, TEST_PIN)).rejects.toMatchObject({ code: 'PIN_NOT_SET' })
  })

  it('logs every attempt with its outcome and acts only on the right PIN', async () => {
    const id = await runningSession(station)
    await expect(station.service.pause(id, '00000000')).rejects.toMatchObject({
      code: 'PIN_INVALID',
      details: { failures: 1 },
    })
    expect(state(id)).toBe('running')
    await station.service.pause(id, TEST_PIN)
    expect(state(id)).toBe('paused')
    expect(authEvents(id)).toEqual([
      { action: 'pause', outcome: 'failed', failures: 1 },
      { action: 'pause', outcome: 'ok', failures: 0 },
    ])
  })

  it('an illegal action costs no attempt', async () => {
    const id = await runningSession(station)
    await expect(station.service.resume(id, '00000000')).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION' })
    expect(authEvents(id)).toEqual([])
  })

  it('locks for 30 s after five failures, refuses even the right PIN unchecked, then doubles the delay', async () => {
    const { service, clock } = station
    const id = await runningSession(station)
    for (let i = 1; i <= 4; i++)
      await expect(service.pause(id, '99999999')).rejects.toMatchObject({ code: 'PIN_INVALID' })
    await expect(service.pause(id, '99999999')).rejects.toMatchObject({
      code: 'PIN_INVALID',
      details: { failures: 5, retryAfterMs: 30_000 },
    })
    clock.advance(10_000)
    await expect(service.pause(id, TEST_PIN)).rejects.toMatchObject({
      code: 'PIN_LOCKED',
      details: { retryAfterMs: 20_000 },
    })
    expect(state(id)).toBe('running')
    clock.advance(20_000)
    await expect(service.pause(id, '99999999')).rejects.toMatchObject({
      code: 'PIN_INVALID',
      details: { retryAfterMs: 60_000 },
    })
    clock.advance(60_000)
    await service.pause(id, TEST_PIN)
    expect(authEvents(id).map((e) => e.outcome)).toEqual([...Array<string>(5).fill('failed'), 'locked', 'failed', 'ok'])
  })

  it('checks only five PINs of a concurrent burst of pauses: the right PIN after them is refused unchecked', async () => {
    const id = await runningSession(station)
    const pins = Array.from({ length: 40 }, (_, i) => (i === 20 ? TEST_PIN : String(10_000_000 + i)))
    const codes = await Promise.all(
      pins.map((pin) =>
        station.service.pause(id, pin).then(
          () => 'ok',
          (error: unknown) => String((error as { code?: unknown }).code),
        ),
      ),
    )
    expect(codes.filter((code) => code === 'PIN_INVALID')).toHaveLength(5)
    expect(codes.filter((code) => code === 'PIN_LOCKED')).toHaveLength(35)
    expect(state(id)).toBe('running')
    expect(authEvents(id).filter((e) => e.outcome === 'failed')).toHaveLength(5)
  })

  it('keeps the lockout station-wide and across restarts', async () => {
    const a = await runningSession(station)
    for (let i = 0; i < 5; i++)
      await expect(station.service.pause(a, '99999999')).rejects.toMatchObject({ code: 'PIN_INVALID' })
    const b = await runningSession(station)
    await expect(station.service.pause(b, TEST_PIN)).rejects.toMatchObject({ code: 'PIN_LOCKED' })
    station = station.reopen()
    station.service.listInterrupted()
    await expect(station.service.recover(b, TEST_PIN)).rejects.toMatchObject({ code: 'PIN_LOCKED' })
  })

  it('detects a PIN hash swapped in by someone without the station key', async () => {
    const id = await runningSession(station)
    const other = tempStation()
    try {
      await other.service.setProctorPin('11112222')
      const row = other.db
        .prepare<[], { salt: Buffer; hash: Buffer }>('SELECT salt, hash FROM proctor_credential')
        .get()
      station.db.prepare('UPDATE proctor_credential SET salt = ?, hash = ?').run(row?.salt, row?.hash)
    } finally {
      other.cleanup()
    }
    await expect(station.service.pause(id, '11112222')).rejects.toMatchObject({ code: 'TAMPER_DETECTED' })
    station.db.prepare('UPDATE proctor_credential SET failures = 0, locked_until_ms = 0, mac = randomblob(32)').run()
    await expect(station.service.pause(id, TEST_PIN)).rejects.toMatchObject({ code: 'TAMPER_DETECTED' })
  })
})

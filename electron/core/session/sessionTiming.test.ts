import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PACKAGE_HASH, runningSession, tempStation, TEST_PIN, type TempStation } from './testing/tempStation'

let station: TempStation
beforeEach(() => {
  station = tempStation()
})
afterEach(() => station.cleanup())

const MIN = 60_000
const HOUR = 60 * MIN
const events = (sessionId: string, type: string): Record<string, unknown>[] =>
  station.db
    .prepare<[string, string], string>('SELECT line FROM events WHERE session_id = ? AND type = ? ORDER BY seq')
    .pluck()
    .all(sessionId, type)
    .map((line) => (JSON.parse(line) as { data: Record<string, unknown> }).data)
const storedElapsed = (sessionId: string): number =>
  station.db.prepare<[string], number>('SELECT elapsed_ms FROM sessions WHERE id = ?').pluck().get(sessionId) ?? -1

describe('session timing', () => {
  it.each([HOUR, -HOUR])(
    'logs a wall-clock jump of %i ms as clock_jump and leaves remaining time unchanged',
    async (jump) => {
      const { service, clock } = station
      const id = await runningSession(station)
      clock.advance(10 * MIN)
      expect(service.tick(id).remainingMs).toBe(50 * MIN)
      clock.jumpWall(jump)
      expect(service.tick(id).remainingMs).toBe(50 * MIN)
      expect(events(id, 'clock_jump')).toEqual([{ wallDeltaMs: jump, monoDeltaMs: 0 }])
      clock.advance(MIN)
      expect(service.saveAnswer(id, 'q1', 'A').remainingMs).toBe(49 * MIN)
      expect(service.snapshot(id).remainingMs).toBe(49 * MIN)
    },
  )

  it('adds accommodations (extra % and minutes) and proctor extensions, each logged with its reason', async () => {
    const { service, clock } = station
    await service.setProctorPin(TEST_PIN)
    const { sessionId: id } = service.createSession({
      examId: 'e',
      packageHash: PACKAGE_HASH,
      formSeed: 's',
      durationMs: HOUR,
      accommodations: { extraPercent: 25, extraMinutes: 10 },
    })
    service.checkIn(id, { candidateId: 'C', name: 'N' })
    expect(service.start(id)).toMatchObject({ allowedMs: 85 * MIN, remainingMs: 85 * MIN })
    clock.advance(5 * MIN)
    expect(await service.extend(id, TEST_PIN, 10, 'fire alarm')).toMatchObject({
      allowedMs: 95 * MIN,
      remainingMs: 90 * MIN,
    })
    expect(await service.extend(id, TEST_PIN, 3, 'printer noise')).toMatchObject({ allowedMs: 98 * MIN })
    expect(events(id, 'extended')).toEqual([
      { minutes: 10, reason: 'fire alarm', allowedMs: 95 * MIN, remainingMs: 90 * MIN },
      { minutes: 3, reason: 'printer noise', allowedMs: 98 * MIN, remainingMs: 93 * MIN },
    ])
    await expect(service.extend(id, TEST_PIN, 5, '  ')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    service.submit(id, 'candidate')
    expect(service.exportRecord(id).timing).toMatchObject({
      accommodations: { extraPercent: 25, extraMinutes: 10 },
      extensions: [
        { minutes: 10, reason: 'fire alarm' },
        { minutes: 3, reason: 'printer noise' },
      ],
      allowedMs: 98 * MIN,
    })
  })

  it("bounds a long exam's extensions to 240 minutes in all, and refuses one past it with the minutes still allowed", async () => {
    const { service } = station
    const id = await runningSession(station, 300)
    for (const minutes of [0, 241, 1.5]) {
      await expect(service.extend(id, TEST_PIN, minutes, 'power cut')).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        message: 'extension at minutes: extension must be 1–240 minutes',
      })
    }
    expect(await service.extend(id, TEST_PIN, 200, 'power cut')).toMatchObject({ allowedMs: 500 * MIN })
    await expect(service.extend(id, TEST_PIN, 41, 'fire alarm')).rejects.toMatchObject({
      code: 'EXTENSION_LIMIT',
      message: 'minutes: extension must be 1–40 minutes (200 of 240 minutes already added)',
      details: { maxMinutes: 40, grantedMinutes: 200, limitMinutes: 240 },
    })
    expect(await service.extend(id, TEST_PIN, 40, 'fire alarm')).toMatchObject({ allowedMs: 540 * MIN })
    await expect(service.extend(id, TEST_PIN, 1, 'late start')).rejects.toMatchObject({
      code: 'EXTENSION_LIMIT',
      message: 'no more time can be added: 240 of 240 minutes already added',
      details: { maxMinutes: 0 },
    })
    expect(events(id, 'extended').map((data) => data.minutes)).toEqual([200, 40])
  })

  it("bounds a short exam's extensions to its own length: a 30-minute quiz takes at most 30 minutes more", async () => {
    const { service } = station
    const id = await runningSession(station, 30)
    await expect(service.extend(id, TEST_PIN, 31, 'power cut')).rejects.toMatchObject({
      code: 'EXTENSION_LIMIT',
      message: 'minutes: extension must be 1–30 minutes (0 of 30 minutes already added)',
      details: { maxMinutes: 30, grantedMinutes: 0, limitMinutes: 30 },
    })
    expect(await service.extend(id, TEST_PIN, 30, 'power cut')).toMatchObject({ allowedMs: 60 * MIN })
    expect(service.snapshot(id).extensionMinutesLeft).toBe(0)
  })

  it('fires the 10, 5 and 1 minute warnings once each, then submits at zero with reason time_up', async () => {
    const { service, clock } = station
    const id = await runningSession(station, 15)
    const fired: number[] = []
    let last = service.tick(id)
    while (!last.timeUp) {
      clock.advance(1000)
      last = service.tick(id)
      fired.push(...last.newWarnings)
    }
    expect(fired).toEqual([10 * MIN, 5 * MIN, MIN])
    expect(events(id, 'time_warning').map((d) => d.thresholdMs)).toEqual([10 * MIN, 5 * MIN, MIN])
    expect(last).toMatchObject({ state: 'submitted', remainingMs: 0, timeUp: true })
    expect(events(id, 'submitted')).toEqual([{ reason: 'time_up', elapsedMs: 15 * MIN, remainingMs: 0 }])
    expect(service.snapshot(id).warnings).toEqual([10 * MIN, 5 * MIN, MIN])
    expect(service.tick(id)).toMatchObject({ state: 'submitted', newWarnings: [], timeUp: false })
  })

  it('submits on a save that arrives after time ran out, and refuses the save', async () => {
    const { service, clock } = station
    const id = await runningSession(station, 1)
    clock.advance(MIN)
    expect(() => service.saveAnswer(id, 'q1', 'A')).toThrow(expect.objectContaining({ code: 'TIME_UP' }) as Error)
    expect(service.snapshot(id)).toMatchObject({ state: 'submitted', answers: [] })
    expect(events(id, 'submitted')[0]).toMatchObject({ reason: 'time_up' })
  })

  it('persists elapsed time with every save and at least every 5 s on tick; pause stops the clock', async () => {
    const { service, clock } = station
    const id = await runningSession(station)
    clock.advance(3000)
    service.tick(id)
    expect(storedElapsed(id)).toBe(0)
    clock.advance(2000)
    service.tick(id)
    expect(storedElapsed(id)).toBe(5000)
    clock.advance(1234)
    service.saveAnswer(id, 'q1', 'A')
    expect(storedElapsed(id)).toBe(6234)
    await service.pause(id, TEST_PIN)
    clock.advance(10 * MIN)
    expect(service.tick(id)).toMatchObject({ state: 'paused', elapsedMs: 6234 })
    expect(() => service.saveAnswer(id, 'q1', 'B')).toThrow(expect.objectContaining({ code: 'NOT_RUNNING' }) as Error)
    await service.resume(id, TEST_PIN)
    clock.advance(1000)
    expect(service.tick(id).elapsedMs).toBe(7234)
  })
})

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runningSession, tempStation, TEST_PIN, type TempStation } from './testing/tempStation'

let station: TempStation
beforeEach(() => {
  station = tempStation()
})
afterEach(() => station.cleanup())

const MIN = 60_000

describe('recovery after the process stopped', () => {
  it('marks left-over running and paused sessions interrupted and resumes them only with the PIN', async () => {
    const running = await runningSession(station)
    station.clock.advance(7 * MIN)
    station.service.saveAnswer(running, 'q1', 'B')
    station.clock.advance(3000) // not yet persisted: at most 5 s is lost, in the candidate's favour
    const paused = await runningSession(station)
    await station.service.pause(paused, TEST_PIN)
    const submitted = await runningSession(station)
    station.service.submit(submitted, 'candidate')

    station = station.reopen()
    const { service } = station
    expect(() => service.saveAnswer(running, 'q1', 'C')).toThrow(
      expect.objectContaining({ code: 'SESSION_INTERRUPTED' }) as Error,
    )
    const listed = service.listInterrupted()
    expect(listed.map((s) => s.sessionId).sort()).toEqual([running, paused].sort())
    expect(listed.find((s) => s.sessionId === running)).toMatchObject({ elapsedMs: 7 * MIN, remainingMs: 53 * MIN })
    expect(listed.every((s) => s.problem === undefined)).toBe(true)
    expect(service.listInterrupted()).toHaveLength(2) // idempotent: already interrupted

    expect(() => service.start(running)).toThrow(expect.objectContaining({ code: 'ILLEGAL_TRANSITION' }) as Error)
    await expect(service.recover(running, '00000000')).rejects.toMatchObject({ code: 'PIN_INVALID' })
    const restored = await service.recover(running, TEST_PIN)
    expect(restored).toMatchObject({ state: 'recovered', remainingMs: 53 * MIN, candidate: { candidateId: 'C-001' } })
    expect(restored.answers).toMatchObject([{ unitId: 'q1', revision: 1, response: 'B' }])

    station.clock.advance(MIN) // the recovery screen does not cost exam time
    expect(service.start(running)).toMatchObject({ state: 'running', remainingMs: 53 * MIN })
    station.clock.advance(MIN)
    expect(service.saveAnswer(running, 'q1', 'C')).toMatchObject({ revision: 2, remainingMs: 52 * MIN })
    expect(service.verifyIntegrity(running)).toMatchObject({ ok: true })
  })

  it('requires the PIN again when the process dies between recovery and the candidate continuing', async () => {
    const id = await runningSession(station)
    station = station.reopen()
    station.service.listInterrupted()
    await station.service.recover(id, TEST_PIN)
    station = station.reopen()
    expect(() => station.service.start(id)).toThrow(expect.objectContaining({ code: 'SESSION_INTERRUPTED' }) as Error)
    expect(station.service.listInterrupted().map((s) => s.sessionId)).toEqual([id])
    await station.service.recover(id, TEST_PIN)
    expect(station.service.start(id).state).toBe('running')
  })

  it('does not touch sessions this process is running', async () => {
    const id = await runningSession(station)
    expect(station.service.listInterrupted()).toEqual([])
    expect(station.service.saveAnswer(id, 'q1', 'A').revision).toBe(1)
  })
})

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  MASTER_KEY_HEX,
  PACKAGE_HASH,
  runningSession,
  tempStation,
  TEST_PIN,
  type TempStation,
} from './testing/tempStation'
import { masterKeyKeyring } from '../crypto/keyring'
import { checkStruckLetters, requireFormUnit, type FormUnit } from '../delivery/formUnits'
import { SessionService } from './sessionService'

/** Struck-out options: kept through a crash like flags, sealed like answers, never part of the answers. */
let station: TempStation
beforeEach(() => {
  station = tempStation()
})
afterEach(() => station.cleanup())

const struckEvents = (sessionId: string): { seq: number; data: Record<string, unknown> }[] =>
  station.db
    .prepare<[string], string>("SELECT line FROM events WHERE session_id = ? AND type = 'options_struck' ORDER BY seq")
    .pluck()
    .all(sessionId)
    .map((line) => JSON.parse(line) as { seq: number; data: Record<string, unknown> })

function errorOf(fn: () => unknown): { code?: string; message?: string } | undefined {
  try {
    fn()
  } catch (error) {
    return error as { code?: string; message?: string }
  }
  return undefined
}

describe('struck-out options', () => {
  it('keeps the latest set per unit, sorted, and drops a unit whose set is cleared', async () => {
    const { service } = station
    const id = await runningSession(station)
    expect(service.setStruckOptions(id, 'q2', ['D', 'A'])).toEqual(['A', 'D'])
    service.setStruckOptions(id, 'q1', ['C'])
    service.setStruckOptions(id, 'q1', ['C', 'B'])
    service.setStruckOptions(id, 'case-1b', ['A'])
    expect(service.setStruckOptions(id, 'case-1b', [])).toEqual([])
    expect(service.snapshot(id).struckOptions).toEqual([
      { unitId: 'q1', letters: ['B', 'C'] },
      { unitId: 'q2', letters: ['A', 'D'] },
    ])
  })

  it('survives a crash and the proctor recovery, with the record still verifying', async () => {
    const id = await runningSession(station)
    station.service.setStruckOptions(id, 'q1', ['A', 'C'])
    station = station.reopen()
    station.service.listInterrupted()
    const recovered = await station.service.recover(id, TEST_PIN)
    expect(recovered.struckOptions).toEqual([{ unitId: 'q1', letters: ['A', 'C'] }])
    station.service.start(id)
    station.service.setStruckOptions(id, 'q1', ['A'])
    expect(station.service.snapshot(id).struckOptions).toEqual([{ unitId: 'q1', letters: ['A'] }])
    expect(station.service.verifyIntegrity(id)).toMatchObject({ ok: true })
  })

  it('logs only the unit and a ciphertext, never the letters', async () => {
    const id = await runningSession(station)
    station.service.setStruckOptions(id, 'q1', ['A', 'B', 'C'])
    const [event] = struckEvents(id)
    expect(Object.keys(event?.data ?? {}).sort()).toEqual(['ct', 'item', 'nonce'])
    expect(event?.data.item).toBe('q1')
    expect(JSON.stringify(event)).not.toMatch(/"[A-Z]"/)
  })

  it('is not an answer: the exported responses and revisions hold only what was answered', async () => {
    const { service } = station
    const id = await runningSession(station)
    service.saveAnswer(id, 'q1', 'B')
    service.setStruckOptions(id, 'q1', ['A', 'B'])
    service.setStruckOptions(id, 'q2', ['C'])
    service.submit(id, 'candidate')
    const record = service.exportRecord(id)
    expect(record.responses.map((r) => [r.unitId, r.response])).toEqual([['q1', 'B']])
    expect(record.revisions).toHaveLength(1)
    expect(record.flags).toEqual([])
  })

  it.each([
    [['a'], /struck options of q1 at 0: option letters are single capitals/],
    [['A', 'A'], /struck options of q1: each option may be listed once/],
    [[...'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'A'], /struck options of q1/],
    ['A', /struck options of q1/],
  ])('refuses the letters %j with VALIDATION_FAILED, naming where', async (letters, message) => {
    const id = await runningSession(station)
    const error = errorOf(() => station.service.setStruckOptions(id, 'q1', letters as string[]))
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(message) as string })
    expect(struckEvents(id)).toEqual([])
  })

  it('refuses a bad unit id, a unit that is not a choice question, and a session that is not running', async () => {
    // The form's units, as the API resolves them (delivery/formUnits.ts) before it records struck options.
    const units = new Map<string, FormUnit>([
      ['s1', { id: 's1', type: 'single', letters: ['A', 'B'] }],
      ['t1', { id: 't1', type: 'true_false', letters: [] }],
    ])
    const service = new SessionService({
      db: station.db,
      keyring: masterKeyKeyring(Buffer.from(MASTER_KEY_HEX, 'hex')),
      clock: station.clock,
    })
    const strike = (unitId: string, letters: string[]): string[] => {
      checkStruckLetters(requireFormUnit(units, unitId), letters)
      return service.setStruckOptions(sessionId, unitId, letters)
    }
    const { sessionId } = service.createSession({
      examId: 'e',
      packageHash: PACKAGE_HASH,
      formSeed: 's',
      durationMs: 600_000,
    })
    service.checkIn(sessionId, { candidateId: 'C-2', name: 'Ng' })
    expect(errorOf(() => strike('s1', ['A']))).toMatchObject({ code: 'NOT_RUNNING' })
    service.start(sessionId)
    expect(strike('s1', ['A'])).toEqual(['A'])
    expect(errorOf(() => strike('t1', []))).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: /t1 is not a choice question/,
    })
    expect(errorOf(() => strike('nope', ['A']))).toMatchObject({ code: 'VALIDATION_FAILED' })
    expect(errorOf(() => service.setStruckOptions(sessionId, '../q1', ['A']))).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: /^item id/,
    })
    service.submit(sessionId, 'candidate')
    expect(errorOf(() => strike('s1', []))).toMatchObject({ code: 'NOT_RUNNING' })
  })
})

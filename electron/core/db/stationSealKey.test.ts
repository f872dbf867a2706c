import { afterEach, describe, expect, it } from 'vitest'
import { runningSession, tempStation, type TempStation } from '../session/testing/tempStation'
import { sealOf } from './testing/sealTestKit'

/**
 * The station seal is rewritten inside every save's transaction (issue 12.1 keeps its key instead of wrapping a new
 * one each time). Whatever the seal holds in memory, the row it commits must verify on the next open.
 */
let station: TempStation | undefined
afterEach(() => {
  station?.cleanup()
  station = undefined
})

const wrappedKey = (s: TempStation): unknown =>
  s.db.prepare('SELECT mac_key_wrapped FROM station_seal WHERE id = 1').pluck().get()

describe('station seal key', () => {
  it('verifies after a transaction that made its key rolled back, and a later reseal committed', async () => {
    station = tempStation()
    sealOf(station).verify()
    const sessionId = await runningSession(station)
    sealOf(station).reseal()
    const other = sealOf(station)
    expect(() =>
      station?.db.transaction(() => {
        other.reseal()
        throw new Error('the save failed after resealing')
      })(),
    ).toThrow(/save failed/)
    other.reseal()
    expect(() => sealOf(station as TempStation).verify()).not.toThrow()
    // Saves through the attached seal keep it verifiable, and keep one key.
    other.attach()
    const key = wrappedKey(station)
    for (let i = 0; i < 5; i++) station.service.saveAnswer(sessionId, 'q1', `a${String(i)}`)
    expect(wrappedKey(station)).toEqual(key)
    expect(() => sealOf(station as TempStation).verify()).not.toThrow()
  })

  it('still detects a session head rolled back under a seal that kept its key', async () => {
    station = tempStation()
    const seal = sealOf(station)
    seal.verify()
    seal.attach()
    const sessionId = await runningSession(station)
    station.service.saveAnswer(sessionId, 'q1', 'B')
    const head = station.db.prepare('SELECT head_seq, head_hash, head_mac FROM sessions WHERE id = ?').get(sessionId)
    station.service.saveAnswer(sessionId, 'q1', 'C')
    station.db
      .prepare('UPDATE sessions SET head_seq = @head_seq, head_hash = @head_hash, head_mac = @head_mac WHERE id = @id')
      .run({ ...(head as object), id: sessionId })
    expect(() => sealOf(station as TempStation).verify()).toThrow(/station seal/)
  })
})

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MASTER_KEY_HEX, runningSession, tempStation, TEST_PIN, type TempStation } from './testing/tempStation'
import { masterKeyKeyring } from '../crypto/keyring'
import { SessionContext } from './sessionContext'

/** Time warnings across a proctor's extension: once per crossing, re-armed only by time given back, never by a restart. */
let station: TempStation
beforeEach(() => {
  station = tempStation()
})
afterEach(() => station.cleanup())

const MIN = 60_000

/** Ticks once a second until `remaining` is left (or the session ends); returns the warnings those ticks announced. */
function tickDownTo(id: string, remaining: number): number[] {
  const fired: number[] = []
  let last = station.service.tick(id)
  fired.push(...last.newWarnings)
  while (last.remainingMs > remaining && !last.timeUp) {
    station.clock.advance(1000)
    last = station.service.tick(id)
    fired.push(...last.newWarnings)
  }
  return fired
}

const loggedWarnings = (sessionId: string): number[] =>
  station.db
    .prepare<[string], string>("SELECT line FROM events WHERE session_id = ? AND type = 'time_warning' ORDER BY seq")
    .pluck()
    .all(sessionId)
    .map((line) => (JSON.parse(line) as { data: { thresholdMs: number } }).data.thresholdMs)

/** A restart and the proctor's recovery, after which the candidate continues. */
async function crashAndRecover(id: string): Promise<void> {
  station = station.reopen()
  station.service.listInterrupted()
  await station.service.recover(id, TEST_PIN)
  station.service.start(id)
}

describe('time warnings and extensions', () => {
  it('fires 5 and 1 again after an extension past the 5-minute warning, but not 10 while time stays below it', async () => {
    const id = await runningSession(station, 15)
    expect(tickDownTo(id, 4 * MIN)).toEqual([10 * MIN, 5 * MIN])

    expect(await station.service.extend(id, TEST_PIN, 4, 'fire alarm')).toMatchObject({ remainingMs: 8 * MIN })
    expect(station.service.tick(id)).toMatchObject({ newWarnings: [], warnings: [10 * MIN] })
    expect(station.service.snapshot(id).warnings).toEqual([10 * MIN])

    expect(tickDownTo(id, 0)).toEqual([5 * MIN, MIN])
    expect(loggedWarnings(id)).toEqual([10 * MIN, 5 * MIN, 5 * MIN, MIN])
    expect(station.service.snapshot(id)).toMatchObject({ state: 'submitted', warnings: [10 * MIN, 5 * MIN, MIN] })
  })

  it('never announces a mark an extension jumps over: a short exam extended past 10 minutes with 8 left', async () => {
    const id = await runningSession(station, 8)
    expect(tickDownTo(id, 3 * MIN)).toEqual([5 * MIN])
    expect(await station.service.extend(id, TEST_PIN, 5, 'late start')).toMatchObject({ remainingMs: 8 * MIN })
    expect(station.service.tick(id).newWarnings).toEqual([])
    await crashAndRecover(id) // the set rebuilt from the log agrees
    expect(tickDownTo(id, 0)).toEqual([5 * MIN, MIN])
    expect(loggedWarnings(id)).toEqual([5 * MIN, 5 * MIN, MIN])
  })

  it('re-arms every warning an extension lifts time above, and none it does not', async () => {
    const id = await runningSession(station, 15)
    tickDownTo(id, 30_000)
    await station.service.extend(id, TEST_PIN, 1, 'login trouble') // 1.5 min left: only the 1-minute warning re-arms
    expect(station.service.tick(id).warnings).toEqual([10 * MIN, 5 * MIN])
    await station.service.extend(id, TEST_PIN, 14, 'power cut') // 15.5 min left: all three re-arm
    expect(station.service.tick(id).warnings).toEqual([])
    expect(tickDownTo(id, 0)).toEqual([10 * MIN, 5 * MIN, MIN])
  })

  it('keeps the re-armed state through a crash and announces nothing twice after recovery', async () => {
    const id = await runningSession(station, 15)
    tickDownTo(id, 4 * MIN)
    await station.service.extend(id, TEST_PIN, 10, 'fire alarm') // 14 min left: 10 and 5 re-armed

    await crashAndRecover(id)
    expect(station.service.snapshot(id).warnings).toEqual([])
    expect(tickDownTo(id, 9 * MIN)).toEqual([10 * MIN])

    await crashAndRecover(id)
    expect(station.service.snapshot(id).warnings).toEqual([10 * MIN])
    expect(tickDownTo(id, 0)).toEqual([5 * MIN, MIN])
    expect(loggedWarnings(id)).toEqual([10 * MIN, 5 * MIN, 10 * MIN, 5 * MIN, MIN])
  })

  it('does not repeat a warning after a restart when no extension came between', async () => {
    const id = await runningSession(station, 15)
    expect(tickDownTo(id, 7 * MIN)).toEqual([10 * MIN])
    await crashAndRecover(id)
    expect(tickDownTo(id, 0)).toEqual([5 * MIN, MIN])
    expect(loggedWarnings(id)).toEqual([10 * MIN, 5 * MIN, MIN])
  })

  it('re-arms nothing from an extension an older version logged without the time it left', async () => {
    const id = await runningSession(station, 15)
    tickDownTo(id, 4 * MIN)
    const older = new SessionContext({
      db: station.db,
      keyring: masterKeyKeyring(Buffer.from(MASTER_KEY_HEX, 'hex')),
      clock: station.clock,
    })
    older.append(
      id,
      'extended',
      { minutes: 10, reason: 'fire alarm', allowedMs: 25 * MIN },
      { allowedMs: 25 * MIN, elapsedMs: 11 * MIN },
    )
    await crashAndRecover(id)
    expect(station.service.snapshot(id)).toMatchObject({ remainingMs: 14 * MIN, warnings: [10 * MIN, 5 * MIN] })
    expect(tickDownTo(id, 0)).toEqual([MIN])
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import { seededUint32, uniformBelow } from '../delivery/seededShuffle'
import { runningSession, tempStation, type TempStation } from '../session/testing/tempStation'
import { sealOf } from './testing/sealTestKit'

/**
 * A save reseals from the facts this seal wrote last, with only its session's head replaced (no re-read of every
 * credential, exam and head). Whatever happened in between — a rolled-back save, another seal's honest change,
 * another connection's commit — the seal row it commits must still verify against the rows on the next open.
 */
let station: TempStation | undefined
afterEach(() => {
  station?.cleanup()
  station = undefined
})

const verifiesOnOpen = (s: TempStation): void => sealOf(s).verify()

async function attachedStation(sessions: number): Promise<{ station: TempStation; ids: string[] }> {
  const made = tempStation()
  const seal = sealOf(made)
  seal.verify()
  seal.attach()
  const ids: string[] = []
  for (let i = 0; i < sessions; i++) ids.push(await runningSession(made))
  return { station: made, ids }
}

describe('station seal on the save path', () => {
  it('keeps verifying across saves to several sessions', async () => {
    const made = await attachedStation(3)
    station = made.station
    for (let k = 0; k < 30; k++)
      made.station.service.saveAnswer(made.ids[k % 3] ?? '', `q${String(k % 5)}`, `a${String(k)}`)
    expect(() => verifiesOnOpen(made.station)).not.toThrow()
  })

  it('does not carry a rolled-back save into the next save of another session', async () => {
    const made = await attachedStation(2)
    station = made.station
    const [a = '', b = ''] = made.ids
    made.station.service.saveAnswer(a, 'q1', 'A')
    made.station.service.saveAnswer(b, 'q1', 'A')
    expect(() =>
      made.station.db.transaction(() => {
        made.station.service.saveAnswer(a, 'q1', 'B')
        throw new Error('the outer transaction failed after the save resealed')
      })(),
    ).toThrow(/outer transaction failed/)
    made.station.service.saveAnswer(b, 'q1', 'C')
    expect(() => verifiesOnOpen(made.station)).not.toThrow()
  })

  it("does not overwrite another seal's honest change with the facts it sealed before", async () => {
    const made = await attachedStation(1)
    station = made.station
    const [a = ''] = made.ids
    made.station.service.saveAnswer(a, 'q1', 'A')
    // The credentials screen holds its own seal: it deletes the proctor credential and reseals, honestly.
    const other = sealOf(made.station)
    other.changing(() => made.station.db.prepare('DELETE FROM proctor_credential').run())
    made.station.service.saveAnswer(a, 'q1', 'B')
    expect(() => verifiesOnOpen(made.station)).not.toThrow()
    // Had the save resealed "proctor credential set", the row would now say so.
    expect(made.station.db.prepare('SELECT 1 FROM proctor_credential').get()).toBeUndefined()
  })

  it("follows another connection's commit to the same file", async () => {
    const made = await attachedStation(2)
    station = made.station
    const [a = '', b = ''] = made.ids
    made.station.service.saveAnswer(a, 'q1', 'A')
    // A second process on the station's data directory (the CLI) changes facts through its own seal.
    const second = tempStation(made.station.dir)
    try {
      const secondSeal = sealOf(second)
      secondSeal.changing(() => second.db.prepare('DELETE FROM proctor_credential').run())
    } finally {
      second.db.close()
    }
    made.station.service.saveAnswer(b, 'q1', 'B')
    expect(() => verifiesOnOpen(made.station)).not.toThrow()
  })

  it('verifies after every step of a random mix of saves, rollbacks and new sessions (seeded)', async () => {
    const made = await attachedStation(2)
    station = made.station
    const next = seededUint32('seal-cache', 'mix')
    for (let step = 0; step < 60; step++) {
      const id = made.ids[uniformBelow(next, made.ids.length)] ?? ''
      const choice = uniformBelow(next, 10)
      if (choice === 0) made.ids.push(await runningSession(made.station))
      else if (choice === 1) {
        expect(() =>
          made.station.db.transaction(() => {
            made.station.service.saveAnswer(id, 'q2', `rolled back ${String(step)}`)
            throw new Error('rollback')
          })(),
        ).toThrow('rollback')
      } else made.station.service.saveAnswer(id, `q${String(choice)}`, `step ${String(step)}`)
      expect(() => verifiesOnOpen(made.station), `after step ${String(step)}`).not.toThrow()
    }
  })

  it('still detects a session head rolled back behind the seal', async () => {
    const made = await attachedStation(2)
    station = made.station
    const [a = '', b = ''] = made.ids
    made.station.service.saveAnswer(a, 'q1', 'A')
    const head = made.station.db.prepare('SELECT head_seq, head_hash, head_mac FROM sessions WHERE id = ?').get(a)
    made.station.service.saveAnswer(a, 'q1', 'B')
    made.station.service.saveAnswer(b, 'q1', 'B')
    made.station.db
      .prepare('UPDATE sessions SET head_seq = @head_seq, head_hash = @head_hash, head_mac = @head_mac WHERE id = @id')
      .run({ ...(head as object), id: a })
    expect(() => verifiesOnOpen(made.station)).toThrow(/station seal/)
  })
})

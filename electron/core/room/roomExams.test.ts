import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { SittingPayload } from '../sitting/sittingSchema'
import { twoExamKit } from '../sitting/testing/twoExamSitting'
import { layoutOfSitting } from './roomLayout'
import { openRoomStore } from './roomStore'
import type { RoomStore } from './roomStore'
import { buildRoomStatus } from './roomStatus'
import type { RoomLayout } from './roomTypes'

/**
 * The room of a sitting where candidates sit different exams: expected and collected are counted per candidate
 * against their own exam, in all and for each exam, and a bundle of another exam does not count for them.
 */
let payload: SittingPayload
beforeAll(async () => {
  const built = await (await twoExamKit()).build()
  if (!built.sitting) throw new Error('the two-exam kit did not build')
  payload = built.sitting.payload
})

let dir: string
let store: RoomStore
afterEach(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

function room(layout: RoomLayout): RoomStore {
  dir = mkdtempSync(join(tmpdir(), 'invigil-room-exams-'))
  store = openRoomStore(join(dir, 'room.db'))
  store.bindSitting(layout, 'room-key', '2026-11-23T01:00:00.000Z')
  return store
}

const bundle = (candidateId: string, examId: string, n: number) => ({
  bundleSha256: String(n).repeat(64).slice(0, 64),
  stationId: `station-${String(n)}`,
  sessionId: `ses_${String(n)}`,
  examId,
  candidateId,
  status: 'imported' as const,
  receivedAt: `2026-11-23T01:0${String(n)}:00.000Z`,
})

describe('the room of a sitting of two exams', () => {
  it("keeps each candidate's exam, and counts collected bundles per candidate's own exam", () => {
    const layout = layoutOfSitting(payload)
    expect(layout.roster.map((c) => [c.candidateId, c.examId])).toEqual([
      ['C-001', 'tiny'],
      ['C-002', 'tiny-b'],
      ['C-003', 'tiny-b'],
    ])
    room(layout)
    const now = Date.parse('2026-11-23T01:10:00.000Z')
    expect(buildRoomStatus(store, layout, now).collected).toEqual({
      collected: 0,
      expected: 3,
      exams: [
        { examId: 'tiny', collected: 0, expected: 1 },
        { examId: 'tiny-b', collected: 0, expected: 2 },
      ],
    })
    store.recordCollected(bundle('C-002', 'tiny-b', 1))
    // A bundle of the wrong exam (C-003 sits tiny-b) is not C-003's result.
    store.recordCollected(bundle('C-003', 'tiny', 2))
    const status = buildRoomStatus(store, layout, now)
    expect(status.collected).toEqual({
      collected: 1,
      expected: 3,
      exams: [
        { examId: 'tiny', collected: 0, expected: 1 },
        { examId: 'tiny-b', collected: 1, expected: 2 },
      ],
    })
    expect(status.seats.filter((seat) => seat.collected).map((seat) => seat.label)).toEqual(['A-03'])
  })

  it('reads a layout a room stored before sittings named exams: any bundle of the candidate counts, as before', () => {
    const layout = layoutOfSitting(payload)
    const old: RoomLayout = {
      ...layout,
      examIds: ['tiny'],
      roster: layout.roster.map(({ candidateId, name, seat }) => ({ candidateId, name, seat })),
    }
    room(old)
    store.recordCollected(bundle('C-003', 'tiny', 1))
    const status = buildRoomStatus(store, old, Date.parse('2026-11-23T01:10:00.000Z'))
    expect(status.collected).toEqual({
      collected: 1,
      expected: 3,
      exams: [{ examId: 'tiny', collected: 1, expected: 3 }],
    })
  })
})

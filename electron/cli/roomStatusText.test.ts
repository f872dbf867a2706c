import { describe, expect, it } from 'vitest'
import type { RoomStatus } from '../core/room/roomTypes'
import { streamIo } from './io'
import { formatRoomStatus } from './roomStatusText'
import { linesForTerminal } from './terminalText'

const CLEAR = '\u001b[2J'

/** A room whose roster, a pending station's hostname, an incident and a report all carry terminal escapes. */
const hostile: RoomStatus = {
  sittingId: 'S-1',
  title: 'Mock',
  roomTime: '2026-12-07T01:00:00.000Z',
  seats: [
    {
      label: 'A-01',
      row: 1,
      column: 1,
      candidate: { candidateId: 'C-1', name: `陳大文${CLEAR}` },
      stationId: null,
      status: null,
      secondsSinceHeard: null,
      commands: { applied: 0, refused: 0, pending: [], late: [] },
      collected: false,
      rollbacks: [],
    },
  ],
  stations: [],
  pending: [
    {
      stationId: 'st-x',
      publicKey: 'k',
      admission: 'pending',
      decidedBy: null,
      hostname: `lab\u001b]0;owned\u0007`,
      appVersion: '1',
      firstSeen: '2026-12-07T00:59:00.000Z',
      lastSeen: '2026-12-07T00:59:00.000Z',
    },
  ],
  sessions: [],
  incidents: [
    {
      kind: 'forged_message',
      stationId: 'st-x',
      sessionId: '',
      detail: `bad\rsignature line`,
      firstAt: '2026-12-07T00:59:00.000Z',
      lastAt: '2026-12-07T00:59:00.000Z',
      count: 1,
    },
  ],
  commands: [],
  collected: { collected: 0, expected: 1, exams: [{ examId: 'tiny', collected: 0, expected: 1 }] },
  moves: [],
  spares: [],
  reports: [
    {
      id: 1,
      seat: 'A-01',
      sessionId: null,
      candidateId: null,
      stationId: null,
      staffId: 'P01',
      text: `left the room\n\u202eevil`,
      reportedAt: '2026-12-07T01:00:00.000Z',
    },
  ],
}

describe('room status as text', () => {
  it('shows the escapes in names, hostnames, incidents and reports instead of obeying them', () => {
    const text = formatRoomStatus(hostile)
    expect(text).toContain('陳大文\\x1b[2J')
    expect(text).toContain('lab\\x1b]0;owned\\x07')
    expect(text).toContain('bad\\x0dsignature line')
    expect(text).toContain('left the room\\x0a\\u202eevil')
    // Nothing but the printout's own newlines is left raw.
    // eslint-disable-next-line no-control-regex -- looking for control characters is the point
    expect(text.replaceAll('\n', '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/)
  })
})

describe('room status as text marks', () => {
  it('a command a seat applied late, and a station rolled back, on the seat and in its own list', () => {
    const flag = {
      stationId: 'abcd0123abcd0123',
      sessionId: 'ses_1',
      kind: 'behind' as const,
      seat: 'A-01',
      heldSeq: 12,
      reportedSeq: 9,
      behindBy: 3,
      firstAt: '2026-12-07T00:58:00.000Z',
      lastAt: '2026-12-07T00:59:00.000Z',
    }
    const [seat] = hostile.seats
    const [station] = hostile.pending
    if (!seat || !station) throw new Error('the fixture has a seat and a station')
    const text = formatRoomStatus({
      ...hostile,
      seats: [
        {
          ...seat,
          commands: { applied: 1, refused: 0, pending: [], late: [{ seq: 1, lateBySeconds: 200 }] },
          rollbacks: [flag],
        },
      ],
      stations: [
        {
          ...station,
          admission: 'listed',
          stationId: flag.stationId,
          seat: 'A-01',
          secondsSinceHeard: 1,
          rollbacks: [flag],
        },
      ],
    })
    expect(text).toMatch(/^ {2}A-01 .* cmd 1 applied 200 s late ROLLED BACK$/m)
    expect(text).toContain(
      'rolled back: 1\n  station abcd0123abcd0123 session ses_1 (seat A-01): behind by 3 events; the room holds 12 events; since 2026-12-07T00:58:00.000Z',
    )
  })
})

describe('room status counts', () => {
  it('lists collected per exam only when the room seats candidates of several exams', () => {
    const exams = [
      { examId: 'tiny', collected: 0, expected: 1 },
      { examId: 'tiny-b', collected: 1, expected: 2 },
    ]
    expect(formatRoomStatus({ ...hostile, collected: { collected: 1, expected: 3, exams } })).toContain(
      'collected 1 of 3 bundles\n  exam tiny: 0 of 1\n  exam tiny-b: 1 of 2\n\nseats:',
    )
    expect(formatRoomStatus(hostile)).toContain('collected 0 of 1 bundles\n\nseats:')
  })
})

describe('what the CLI writes to a terminal', () => {
  it('escapes control characters from any printer on a TTY; a pipe gets the bytes as printed', () => {
    const written: string[] = []
    const tty = { isTTY: true, write: (text: string) => written.push(text) }
    const pipe = { write: (text: string) => written.push(text) }
    streamIo(tty, tty).out(`name ${CLEAR}\tok\n`)
    streamIo(pipe, pipe).out(`name ${CLEAR}\n`)
    expect(written).toEqual(['name \\x1b[2J\tok\n', `name ${CLEAR}\n`])
    expect(linesForTerminal('a\r\nb\u0085')).toBe('a\\x0d\nb\\x85')
  })
})

import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RoomService } from '../core/room/roomService'
import { openRoomStore } from '../core/room/roomStore'
import type { RoomStore } from '../core/room/roomStore'
import type { RoomStatus } from '../core/room/roomTypes'
import { roomKit, SimStation } from '../core/room/testing/roomKit'
import type { RoomKit } from '../core/room/testing/roomKit'
import { main } from './main'
import { openRoomKey } from './roomKeyFile'

// `invigil room init | status | command` in-process, beside a room service that stands in for `room serve`.
const dir = mkdtempSync(join(tmpdir(), 'invigil-room-cli-'))
let kit: RoomKit
let store: RoomStore
let service: RoomService

async function run(...argv: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { out: (text) => void (stdout += text), err: (text) => void (stderr += text) })
  return { code, stdout, stderr }
}

beforeAll(async () => {
  process.env.INVIGIL_ROOM_PASSPHRASE = 'room passphrase for tests'
  kit = await roomKit()
})

afterAll(() => {
  delete process.env.INVIGIL_ROOM_PASSPHRASE
  store.close()
})

describe('invigil room', () => {
  it('init makes a protected room key and its public PEM, once', async () => {
    const made = await run('room', 'init', '--data', dir)
    expect([made.code, made.stderr]).toEqual([0, ''])
    expect(made.stdout).toMatch(/^room key [0-9a-f]{16}; put .*room-public\.pem in the sitting spec/)
    const keyFile = readFileSync(join(dir, 'room-key.json'), 'utf8')
    expect(keyFile).not.toContain('PRIVATE KEY')
    expect(existsSync(join(dir, 'room-public.pem'))).toBe(true)
    expect((await openRoomKey(dir, 'room passphrase for tests')).asymmetricKeyType).toBe('ed25519')
    await expect(openRoomKey(dir, 'wrong')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' })
    expect((await run('room', 'init', '--data', dir)).code).toBe(1)
  })

  it('status --json shows the seats, stations and commands the room store holds; command queues one', async () => {
    expect((await run('room', 'status', '--data', dir)).code).toBe(2)
    store = openRoomStore(join(dir, 'room.db'))
    service = new RoomService({ store, sitting: kit.sitting, roomPrivateKey: kit.roomKey.privateKey, clock: kit.clock })
    const stranger = new SimStation(kit.sitting.payload.id, kit.clock)
    service.join(stranger.join(), { loopback: false })

    const refused = await run(
      'room',
      'command',
      '--data',
      dir,
      '--action',
      'extend',
      '--all',
      '--reason',
      'r',
      '--staff',
      'P01',
      '--wait',
      '0',
    )
    expect([refused.code, refused.stderr]).toEqual([1, 'invigil: error: extend needs --minutes\n'])
    const queued = await run(
      'room',
      'command',
      '--data',
      dir,
      '--action',
      'pause',
      '--seat',
      'A-01',
      'A-02',
      '--reason',
      'fire alarm',
      '--staff',
      'P01',
      '--wait',
      '0',
    )
    expect([queued.code, queued.stderr]).toEqual([0, ''])
    expect(queued.stdout).toMatch(/^queued cmd_[0-9a-f]{24}: the running room/)
    expect(service.issueRequestedCommands()).toMatchObject([{ outcome: 'issued' }])

    const { code, stdout, stderr } = await run('room', 'status', '--data', dir, '--json')
    expect([code, stderr]).toEqual([0, ''])
    const status = JSON.parse(stdout) as RoomStatus
    expect(status.sittingId).toBe(kit.sitting.payload.id)
    expect(status.seats.map((s) => s.label)).toEqual(['A-01', 'A-02', 'A-03', 'B-01', 'B-02'])
    expect(status.seats[0]).toMatchObject({ candidate: { candidateId: 'C-001' }, stationId: null, collected: false })
    expect(status.pending.map((s) => s.stationId)).toEqual([stranger.stationId])
    expect(status.commands).toMatchObject([{ seq: 1, action: 'pause', target: 'A-01 A-02', staffId: 'P01' }])
    expect(status.collected).toMatchObject({ collected: 0, expected: 3 })
    const text = await run('room', 'status', '--data', dir)
    expect(text.stdout).toContain('stations: 0 admitted, 1 pending')
  })

  it('status shows seat moves (queued, then refused with why) and the incident reports staff wrote', async () => {
    const moving = ['room', 'move', '--data', dir, '--seat', 'A-01', '--to', '0123456789abcdef', '--reason', 'froze']
    const queued = await run(...moving, '--staff', 'P01', '--wait', '0')
    expect([queued.code, queued.stderr]).toEqual([0, ''])
    const before = JSON.parse((await run('room', 'status', '--data', dir, '--json')).stdout) as RoomStatus
    expect(before.moves).toMatchObject([{ seat: 'A-01', toStationId: '0123456789abcdef', state: 'queued' }])
    expect(service.issueRequestedMoves()).toMatchObject([{ outcome: 'refused' }])
    service.reportIncident({ seat: 'A-01', text: 'Candidate left the room for 5 minutes.', staffId: 'P01' })

    const after = JSON.parse((await run('room', 'status', '--data', dir, '--json')).stdout) as RoomStatus
    expect(after.moves).toMatchObject([{ state: 'refused', refusal: expect.stringMatching(/not admitted/) as string }])
    expect(after.reports).toMatchObject([{ id: 1, seat: 'A-01', candidateId: 'C-001', staffId: 'P01' }])
    const { stdout } = await run('room', 'status', '--data', dir)
    expect(stdout).toContain('seat moves: 1; spare stations: none\n  A-01 ? -> 0123456789abcdef refused by P01 at ')
    expect(stdout).toContain('froze (move_')
    expect(stdout).toMatch(
      /incident reports: 1\n {2}#1 A-01 C-001 by P01 at \S+: Candidate left the room for 5 minutes\.\n/,
    )
  })
})

import { generateKeyPairSync, sign } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { toBase64url } from '../crypto/base64url'
import { ed25519KeyId, rawEd25519PublicKey } from '../crypto/ed25519Keys'
import { ROOM_PROTOCOL, type RoomCommand, type StationEnvelope } from './roomMessages'
import { openStationEnvelope, signRoomCommand, signStationEnvelope, verifyRoomCommand } from './roomSignature'

const room = generateKeyPairSync('ed25519')
const station = generateKeyPairSync('ed25519')
const stationId = ed25519KeyId(rawEd25519PublicKey(station.publicKey))

const pauseAll: RoomCommand = {
  protocol: ROOM_PROTOCOL,
  sittingId: 'sit-2026-12-06-am',
  cmdId: 'cmd-1',
  seq: 1,
  issuedAt: '2026-12-06T09:30:00+08:00',
  target: { all: true },
  action: 'pause',
  reason: 'fire alarm',
  staffId: 'p01',
}

const heartbeat = (over: Partial<StationEnvelope<'heartbeat'>> = {}): StationEnvelope<'heartbeat'> => ({
  protocol: ROOM_PROTOCOL,
  kind: 'heartbeat',
  sittingId: 'sit-2026-12-06-am',
  stationId,
  publicKey: toBase64url(rawEd25519PublicKey(station.publicKey)),
  sentAt: '2026-12-06T09:30:01+08:00',
  nonce: 'AAAAAAAAAAAAAAAAAAAAAA',
  message: {
    status: {
      seat: 'A-01',
      candidateId: 'C-001',
      sessionId: 'ses_0123456789abcdef01234567',
      state: 'running',
      answered: 3,
      total: 35,
      remainingMs: 600_000,
      lastSave: 'ok',
      incidents: 0,
      environment: 'passed',
    },
    heads: [],
    lastCommandSeq: 0,
    acks: [],
  },
  ...over,
})
const signByStation = (data: Uint8Array): Buffer => sign(null, data, station.privateKey)

describe('room commands', () => {
  it('a station accepts a command signed by its sitting room', () => {
    const signed = signRoomCommand(pauseAll, room.privateKey)
    expect(verifyRoomCommand(signed, room.publicKey, pauseAll.sittingId)).toEqual(pauseAll)
  })

  it('refuses a command forged with another key, an edited one, and one for another sitting', () => {
    const forger = generateKeyPairSync('ed25519')
    const forged = signRoomCommand(pauseAll, forger.privateKey)
    expect(() => verifyRoomCommand(forged, room.publicKey, pauseAll.sittingId)).toThrow(
      /not signed by this sitting's room/,
    )

    const signed = signRoomCommand({ ...pauseAll, action: 'extend', minutes: 10 }, room.privateKey)
    const edited = { ...signed, command: { ...signed.command, minutes: 600 } }
    expect(() => verifyRoomCommand(edited, room.publicKey, pauseAll.sittingId)).toThrow(/not signed/)

    const elsewhere = signRoomCommand({ ...pauseAll, sittingId: 'another-sitting' }, room.privateKey)
    expect(() => verifyRoomCommand(elsewhere, room.publicKey, pauseAll.sittingId)).toThrow(
      /for sitting another-sitting/,
    )
    expect(() =>
      verifyRoomCommand({ command: { ...pauseAll, extra: 1 }, signature: 'x' }, room.publicKey, 's'),
    ).toThrow(/not an invigil-room\/1 command/)
  })
})

describe('station messages', () => {
  it('the room opens a message signed by the station whose id its key derives', () => {
    const signed = signStationEnvelope(heartbeat(), signByStation)
    expect(openStationEnvelope(JSON.parse(JSON.stringify(signed)), 'sit-2026-12-06-am').envelope.stationId).toBe(
      stationId,
    )
  })

  it('refuses an edited message, a borrowed station id, another sitting and a malformed status', () => {
    const signed = signStationEnvelope(heartbeat(), signByStation)
    const edited = structuredClone(signed)
    edited.envelope.message.status.answered = 35
    expect(() => openStationEnvelope(edited, 'sit-2026-12-06-am')).toThrow(/not signed by its key/)

    // A second PC claiming the first one's id with its own key: the id is not derived from the key it sent.
    const impostor = generateKeyPairSync('ed25519')
    const claimed = signStationEnvelope(
      heartbeat({ publicKey: toBase64url(rawEd25519PublicKey(impostor.publicKey)) }),
      (d) => sign(null, d, impostor.privateKey),
    )
    expect(() => openStationEnvelope(claimed, 'sit-2026-12-06-am')).toThrow(/is not derived from the key/)

    expect(() => openStationEnvelope(signed, 'another-sitting')).toThrow(/not another-sitting/)
    const bad = signStationEnvelope(
      { ...heartbeat(), message: { ...heartbeat().message, lastCommandSeq: -1 } },
      signByStation,
    )
    expect(() => openStationEnvelope(bad, 'sit-2026-12-06-am')).toThrow(/does not match the protocol/)
  })
})

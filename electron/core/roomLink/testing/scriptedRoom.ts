import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  ROOM_PROTOCOL,
  type CommandAck,
  type HeartbeatMessage,
  type LogShipment,
  type RoomCommand,
  type SignedRoomCommand,
} from '../../protocol/roomMessages'
import { openStationEnvelope, signRoomCommand } from '../../protocol/roomSignature'
import type { RoomFetch } from '../roomTransport'

/**
 * Test support: a room on 127.0.0.1 that speaks invigil-room/1 as far as the station's link needs. It opens every
 * envelope with openStationEnvelope (so a badly signed message is a 400), keeps what it got, holds a replica of each
 * session's log (a shipment that does not extend it is refused), answers heartbeats with the commands after the
 * station's lastCommandSeq and the ranges its replica lacks, and signs commands with its own key. Its `transport`
 * is the platform's fetch with a switch: `link = 'down'` refuses every request, `'hang'` never answers.
 */
export interface ScriptedRoom {
  url: string
  sittingId: string
  roomKey: KeyObject
  publicKey: KeyObject
  link: 'up' | 'down' | 'hang'
  transport: RoomFetch
  joins: number
  heartbeats: HeartbeatMessage[]
  shipments: LogShipment[]
  /** Raw request bodies of log shipments, exactly as sent. */
  shipmentBodies: string[]
  acks: CommandAck[]
  commands: SignedRoomCommand[]
  replicas: Map<string, { lines: string[]; hashes: string[]; sealed: LogShipment['sealedAnswers'] }>
  /** Signs and queues a command with the next sequence number; returns it. */
  command(over: Partial<RoomCommand> & Pick<RoomCommand, 'action'>): SignedRoomCommand
  close(): Promise<void>
}

export async function startScriptedRoom(sittingId = 'sit-test'): Promise<ScriptedRoom> {
  const keys = generateKeyPairSync('ed25519')
  const hung: (() => void)[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      const reply = (status: number, body: unknown): void =>
        void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
      let opened
      try {
        opened = openStationEnvelope(JSON.parse(text), sittingId)
      } catch (error) {
        return reply(400, { error: (error as Error).message })
      }
      const { envelope } = opened
      if (envelope.kind === 'join') {
        room.joins++
        return reply(200, { admission: 'admitted' })
      }
      if (envelope.kind === 'log') {
        const shipment = envelope.message as LogShipment
        const replica = room.replicas.get(shipment.sessionId) ?? { lines: [], hashes: [], sealed: [] }
        if (shipment.fromSeq !== replica.lines.length + 1) return reply(409, { error: 'does not extend the replica' })
        room.shipments.push(shipment)
        room.shipmentBodies.push(text)
        replica.lines.push(...shipment.lines)
        replica.hashes.push(...shipment.hashes)
        replica.sealed.push(...shipment.sealedAnswers)
        room.replicas.set(shipment.sessionId, replica)
        return reply(200, { sessionId: shipment.sessionId, seq: replica.lines.length })
      }
      const heartbeat = envelope.message as HeartbeatMessage
      room.heartbeats.push(heartbeat)
      room.acks.push(...heartbeat.acks)
      const want = heartbeat.heads.flatMap((head) => {
        const held = room.replicas.get(head.sessionId)?.lines.length ?? 0
        return head.seq > held ? [{ sessionId: head.sessionId, fromSeq: held + 1 }] : []
      })
      reply(200, {
        admission: 'admitted',
        commands: room.commands.filter((c) => c.command.seq > heartbeat.lastCommandSeq),
        want,
        roomTime: new Date().toISOString(),
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const transport: RoomFetch = async (url, init) => {
    if (room.link === 'down') throw new TypeError('fetch failed: connection refused')
    if (room.link === 'hang') return await new Promise((_, reject) => hung.push(() => reject(new Error('hung up'))))
    return await fetch(url, init)
  }
  let nextSeq = 1
  const room: ScriptedRoom = {
    url: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`,
    sittingId,
    roomKey: keys.privateKey,
    publicKey: keys.publicKey,
    link: 'up',
    transport,
    joins: 0,
    heartbeats: [],
    shipments: [],
    shipmentBodies: [],
    acks: [],
    commands: [],
    replicas: new Map(),
    command: (over) => {
      const seq = over.seq ?? nextSeq
      nextSeq = Math.max(nextSeq, seq + 1)
      const command: RoomCommand = {
        protocol: ROOM_PROTOCOL,
        sittingId,
        cmdId: `cmd-${String(seq)}`,
        seq,
        issuedAt: '2026-12-06T09:30:00+08:00',
        target: { all: true },
        reason: 'room test',
        staffId: 'p01',
        ...over,
      }
      const signed = signRoomCommand(command, keys.privateKey)
      room.commands.push(signed)
      return signed
    },
    close: () =>
      new Promise((resolve) => {
        for (const end of hung) end()
        server.close(() => resolve())
      }),
  }
  return room
}

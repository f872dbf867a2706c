import { openRoomStore, type RoomStore } from '../../room/roomStore'
import { RoomService } from '../../room/roomService'
import { roomKit, type RoomKit } from '../../room/testing/roomKit'
import { installSittingPackages } from '../../runtime/installSitting'
import type { StationRuntime } from '../../runtime/stationRuntime'
import { runtimeDir, type RuntimeDir } from '../../runtime/testing/runtimeFixture'
import { RoomLink, type RoomLinkOptions } from '../roomLink'
import type { RoomFetch } from '../roomTransport'

/**
 * Test support for seat moves, in process: a real room service and real station runtimes with their links, the
 * transport calling the service as the room server would. Replies carrying handovers can be rewritten on their way,
 * as an attacker in the middle would.
 */
export interface LinkedStation {
  dir: RuntimeDir
  runtime: StationRuntime
  link: RoomLink
}

export interface InProcessRoom {
  kit: RoomKit
  store: RoomStore
  service: RoomService
  /** Calls the service as the room server would (join, heartbeat, log; any other route answers 404). */
  transport: RoomFetch
  /** Set to rewrite each handover the room sends; undefined sends them as they are. */
  rewriteHandover: ((handover: Record<string, unknown>) => void) | undefined
  /** A station with the sitting's package installed and a link at `seat` (null: a spare); more link options allowed. */
  station(seat: string | null, more?: Partial<RoomLinkOptions>): Promise<LinkedStation>
  /** The proctor P01 moves `seat` to the station, for the reason "PC froze". */
  move(toStationId: string, seat?: string): ReturnType<RoomService['moveSeat']>
  close(): Promise<void>
}

export async function inProcessRoom(): Promise<InProcessRoom> {
  const kit = await roomKit()
  const store = openRoomStore(':memory:')
  const service = new RoomService({
    store,
    sitting: kit.sitting,
    roomPrivateKey: kit.roomKey.privateKey,
    clock: kit.clock,
    demo: true,
  })
  const stations: LinkedStation[] = []
  const room: InProcessRoom = {
    kit,
    store,
    service,
    transport: (url, init) => transport(url, init),
    rewriteHandover: undefined,
    async station(seat, more = {}) {
      const dir = runtimeDir()
      const runtime = await dir.open()
      await installSittingPackages(runtime, kit.sitting, [kit.authorityPublicKeyPem])
      const link = new RoomLink({
        runtime,
        signer: runtime.stationSigner(),
        roomUrl: 'http://room.test',
        sittingId: kit.sitting.payload.id,
        roomKey: kit.roomKey.publicKey,
        seat,
        transport,
        clock: kit.clock,
        heartbeatMs: 60_000,
        ...more,
      })
      const made = { dir, runtime, link }
      stations.push(made)
      return made
    },
    move: (toStationId, seat = 'A-01') =>
      service.moveSeat({
        moveId: `move_${seat}_${toStationId}`,
        seat,
        toStationId,
        reason: 'PC froze',
        staffId: 'P01',
      }),
    async close() {
      for (const s of stations) {
        await s.link.stop()
        await s.runtime.close()
        s.dir.cleanup()
      }
      store.close()
    },
  }
  const transport: RoomFetch = (url, init) => {
    const route = url.slice(url.lastIndexOf('/') + 1)
    if (!['join', 'heartbeat', 'log'].includes(route))
      return Promise.resolve({ ok: false, status: 404, json: () => Promise.resolve({}) })
    const value: unknown = JSON.parse(init.body)
    const arrival = { loopback: true }
    const outcome =
      route === 'join'
        ? service.join(value, arrival)
        : route === 'heartbeat'
          ? service.heartbeat(value, arrival)
          : service.log(value, arrival)
    const reply: Record<string, unknown> = outcome.ok
      ? (JSON.parse(JSON.stringify(outcome.reply)) as Record<string, unknown>)
      : { ...outcome }
    if (Array.isArray(reply.handovers) && room.rewriteHandover)
      for (const handover of reply.handovers as Record<string, unknown>[]) room.rewriteHandover(handover)
    return Promise.resolve({ ok: outcome.ok, status: outcome.ok ? 200 : 409, json: () => Promise.resolve(reply) })
  }
  return room
}

/** Station A sits `seat` and saves two answers; everything reaches the room (report, then ship, then settle). */
export async function seatedStation(
  room: InProcessRoom,
  seat = 'A-01',
  candidate = { candidateId: 'C-001', name: '陳大文' },
): Promise<{ a: LinkedStation; sessionId: string }> {
  const a = await room.station(seat)
  const { sessionId } = a.runtime.beginSession(candidate)
  a.runtime.sessions.start(sessionId)
  a.runtime.sessions.saveAnswer(sessionId, 'q1', true)
  a.runtime.sessions.saveAnswer(sessionId, 'q2', 'B')
  await a.link.tickOnce()
  await a.link.tickOnce()
  await a.link.tickOnce()
  return { a, sessionId }
}

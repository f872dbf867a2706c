import type { StationRuntime } from '../runtime/stationRuntime'
import { BundleCourier, type CourierRound } from './bundleCourier'
import { pinnedTlsFetch } from './pinnedTlsFetch'
import type { RoomLink, RoomLinkOptions } from './roomLink'
import type { RoomFetch } from './roomTransport'
import { sittingRoomLink } from './sittingRoomLink'

/**
 * Everything a station set up from a sitting does with its room, started and stopped together: the room link
 * (seat status, commands, log replica, seat moves) and the bundle courier (results delivered as candidates submit).
 * Both act on each commit (the runtime tells it, sessionCommits.ts) and on their own timers, and both are
 * best-effort beside the exam: neither ever blocks a save, and both catch up when the room returns.
 */
export interface StationRoomOptions {
  /** The room's URL; defaults to the address the installed sitting names (room.address). */
  roomUrl?: string
  dataDir: string
  heartbeatMs?: number
  /** Between two courier rounds. */
  courierMs?: number
  appVersion?: string
  transport?: RoomFetch
  /** Where a courier round's failure is told (the operator's log); the round is retried after courierMs. */
  onCourierError?: (error: unknown) => void
  /** A session the room moved here (this station a spare): the host hands it to its candidate desk. */
  onSessionMovedHere?: RoomLinkOptions['onSessionMovedHere']
}

export interface StationRoomConnection {
  readonly link: RoomLink
  readonly roomUrl: string
  /** The first exchange with the room (join, heartbeat) has ended, whatever its outcome: nothing waits on it. */
  readonly firstContact: Promise<void>
  /** One courier round now (after the rounds queued); the connection runs one itself after each submit. */
  deliverNow(): Promise<CourierRound>
  stop(): Promise<void>
}

/**
 * The room's URL from the address a sitting names (host:port): https when the sitting pins the room's certificate
 * (the room then serves TLS), http otherwise (a loopback room).
 */
export function sittingRoomUrl(room: { address: string | null; tlsSha256: string | null }): string | undefined {
  if (room.address === null) return undefined
  return `${room.tlsSha256 ? 'https' : 'http'}://${room.address}`
}

/** The room connection the installed sitting defines, starting; undefined with no sitting or no room address. */
export async function connectStationToRoom(
  runtime: StationRuntime,
  options: StationRoomOptions,
): Promise<StationRoomConnection | undefined> {
  const sitting = runtime.admin.sitting.get()
  const roomUrl = options.roomUrl ?? (sitting ? sittingRoomUrl(sitting.room) : undefined)
  if (!sitting || roomUrl === undefined) return undefined
  const pin = roomUrl.startsWith('https:') ? sitting.room.tlsSha256 : null
  const transport = options.transport ?? (pin ? pinnedTlsFetch(pin) : (globalThis.fetch as RoomFetch))
  const link = sittingRoomLink(runtime, {
    roomUrl,
    transport,
    ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
    ...(options.appVersion === undefined ? {} : { appVersion: options.appVersion }),
    ...(options.onSessionMovedHere === undefined ? {} : { onSessionMovedHere: options.onSessionMovedHere }),
  })
  if (!link) return undefined
  const courier = new BundleCourier({ runtime, roomUrl, dataDir: options.dataDir, transport })
  let rounds: Promise<unknown> = Promise.resolve()
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  // Rounds run one after another: a slow room never stacks them up.
  const deliverNow = (): Promise<CourierRound> => {
    const round = rounds.then(() => courier.round())
    rounds = round.catch((error: unknown) => options.onCourierError?.(error))
    return round
  }
  const schedule = (): void => {
    if (stopped) return
    timer = setTimeout(
      () =>
        void deliverNow()
          .catch(() => undefined)
          .finally(schedule),
      options.courierMs ?? 3000,
    )
    timer.unref()
  }
  // Each commit (a save, a state change, an incident) is reported and shipped at once, and a submit's bundle leaves
  // at once; both after the save returned (setImmediate), coalesced, and never able to fail it.
  let afterCommitQueued = false
  const afterCommit = (): void => {
    if (afterCommitQueued || stopped) return
    afterCommitQueued = true
    setImmediate(() => {
      afterCommitQueued = false
      if (stopped) return
      link.nudge()
      try {
        if (runtime.sessions.submittedSessions().length > 0) void deliverNow().catch(() => undefined)
      } catch (error) {
        options.onCourierError?.(error)
      }
    }).unref()
  }
  const unsubscribe = runtime.sessions.onCommit(afterCommit)
  const firstContact = link.start()
  schedule()
  return {
    link,
    roomUrl,
    firstContact,
    deliverNow,
    stop: async () => {
      stopped = true
      unsubscribe()
      clearTimeout(timer)
      await rounds
      await link.stop()
    },
  }
}

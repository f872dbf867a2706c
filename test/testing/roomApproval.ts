import { setTimeout as sleep } from 'node:timers/promises'
import type {
  RoomConsoleResult,
  RoomStaffSession,
  RoomStationView,
  RoomStatusView,
} from '../../electron/core/protocol/roomConsoleContract'

/**
 * Test support: the proctor at the room console approving stations that ask to join ("Lab 2 PC 14 asks to join"),
 * through the console API a browser on the room PC uses. A real sitting's room admits only the stations its sitting
 * lists and those a proctor approves; the test sittings list none, so every spawned station waits for this.
 */
/** Named in the test sittings (roomProcesses.ts). */
const PROCTOR = { staffId: 'P01', pin: '24681357' }

export interface RoomConsoleClient {
  call<T>(method: string, input: Record<string, unknown>): Promise<RoomConsoleResult<T>>
  status(): Promise<RoomStatusView>
  approve(stationId: string): Promise<RoomStationView>
}

/** Signed in as the sitting's proctor P01, as the console's page would be (same origin, JSON). */
export async function roomConsoleClient(roomUrl: string, proctor = PROCTOR): Promise<RoomConsoleClient> {
  const call = async <T>(method: string, input: Record<string, unknown>): Promise<RoomConsoleResult<T>> => {
    const response = await fetch(`${roomUrl}/room/console/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: roomUrl },
      body: JSON.stringify(input),
    })
    return (await response.json()) as RoomConsoleResult<T>
  }
  const value = <T>(result: RoomConsoleResult<T>, what: string): T => {
    if (!result.ok) throw new Error(`${what}: ${result.error.code}: ${result.error.message}`)
    return result.value
  }
  const { token } = value(await call<RoomStaffSession>('room.login', proctor), 'room.login')
  return {
    call: (method, input) => call(method, { token, ...input }),
    status: async () => value(await call<RoomStatusView>('room.status', { token }), 'room.status'),
    approve: async (stationId) =>
      value(await call<RoomStationView>('room.approveStation', { token, stationId }), `approve ${stationId}`),
  }
}

/**
 * Waits until `count` stations are admitted, approving each one that asks to join meanwhile; the ids approved.
 * `describe` says what else to show when it gives up (the processes' output).
 */
export async function approveStations(
  roomUrl: string,
  count: number,
  describe: () => string = () => '',
  ms = 120_000,
): Promise<string[]> {
  const desk = await roomConsoleClient(roomUrl)
  const approved: string[] = []
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    const status = await desk.status()
    if (status.stations.length >= count) return approved
    for (const station of status.pending) {
      await desk.approve(station.stationId)
      approved.push(station.stationId)
    }
    await sleep(200)
  }
  throw new Error(`gave up waiting for ${String(count)} stations to ask to join\n${describe()}`)
}

/** The one station starting now (one at a time) is approved once it asks to join: one more admitted than before. */
export async function approveNextStation(roomUrl: string, describe: () => string = () => ''): Promise<string[]> {
  const before = (await (await roomConsoleClient(roomUrl)).status()).stations.length
  return approveStations(roomUrl, before + 1, describe)
}

import type {
  RoomCommandTarget,
  RoomCommandView,
  RoomConsoleAction,
  RoomConsoleInput,
  RoomConsoleMethod,
  RoomConsoleOutput,
  RoomConsoleResult,
  RoomIncidentReportView,
  RoomMoveView,
  RoomStaffSession,
  RoomStationView,
  RoomStatusView,
} from '@contract'

/**
 * The room console's way to the room server that served this page: each call is `POST /room/console/api/<method>`
 * with its input as JSON, and resolves to a RoomConsoleResult, never a throw. The console is the same app opened at
 * `/#room`: the room server serves the built renderer at `/`, and the hash says which screen to start on.
 */
export const ROOM_CONSOLE_API = '/room/console/api/'
export const ROOM_CONSOLE_HASH = '#room'

export const isRoomConsolePage = (hash: string = window.location.hash): boolean => hash === ROOM_CONSOLE_HASH

export type RoomFetch = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string },
) => Promise<{ status: number; json(): Promise<unknown> }>

let injected: RoomFetch | undefined

/** Tests (and nothing else) swap the transport here; `undefined` goes back to the page's own fetch. */
export function injectRoomFetch(fetchImpl: RoomFetch | undefined): void {
  injected = fetchImpl
}

const transportFailed = (message: string): RoomConsoleResult<never> => ({
  ok: false,
  error: { code: 'TRANSPORT_FAILED', message },
})

function asResult(body: unknown): RoomConsoleResult<unknown> | undefined {
  const candidate = body as { ok?: unknown; value?: unknown; error?: { code?: unknown; message?: unknown } } | null
  if (candidate?.ok === true && 'value' in candidate) return { ok: true, value: candidate.value }
  if (candidate?.ok === false && typeof candidate.error?.code === 'string' && /^[A-Z_]+$/.test(candidate.error.code))
    return body as RoomConsoleResult<unknown>
  return undefined
}

export async function roomCall<M extends RoomConsoleMethod>(
  method: M,
  input: RoomConsoleInput<M>,
): Promise<RoomConsoleResult<RoomConsoleOutput<M>>> {
  const fetchImpl: RoomFetch =
    injected ?? ((url, init) => window.fetch(url, { ...init, credentials: 'same-origin', cache: 'no-store' }))
  try {
    const response = await fetchImpl(`${ROOM_CONSOLE_API}${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(input),
    })
    const result = asResult(await response.json().catch(() => undefined))
    // The room ran this method's handler, so the value has this method's output type.
    if (result) return result as RoomConsoleResult<RoomConsoleOutput<M>>
    return transportFailed(`the room answered ${method} with HTTP ${String(response.status)} and no result`)
  } catch {
    return transportFailed(`the room did not answer ${method}`)
  }
}

export interface RoomCommandInput {
  action: RoomConsoleAction
  target: RoomCommandTarget
  minutes?: number
  message?: string
  reason: string
}

export interface RoomMoveInput {
  seat: string
  toStationId: string
  reason: string
  /** The signed-in staff member's PIN or password, typed again for the move. */
  pin: string
}

export const roomApi = {
  login: (staffId: string, pin: string): Promise<RoomConsoleResult<RoomStaffSession>> =>
    roomCall('room.login', { staffId, pin }),
  logout: (token: string): Promise<RoomConsoleResult<{ loggedOut: true }>> => roomCall('room.logout', { token }),
  status: (token: string): Promise<RoomConsoleResult<RoomStatusView>> => roomCall('room.status', { token }),
  command: (token: string, command: RoomCommandInput): Promise<RoomConsoleResult<RoomCommandView>> =>
    roomCall('room.command', { token, ...command }),
  move: (token: string, move: RoomMoveInput): Promise<RoomConsoleResult<RoomMoveView>> =>
    roomCall('room.move', { token, ...move }),
  reportIncident: (token: string, seat: string, text: string): Promise<RoomConsoleResult<RoomIncidentReportView>> =>
    roomCall('room.incident', { token, seat, text }),
  approveStation: (token: string, stationId: string): Promise<RoomConsoleResult<RoomStationView>> =>
    roomCall('room.approveStation', { token, stationId }),
  refuseStation: (token: string, stationId: string): Promise<RoomConsoleResult<RoomStationView>> =>
    roomCall('room.refuseStation', { token, stationId }),
}

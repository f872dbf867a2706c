import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type {
  RoomConsoleErrorCode,
  RoomConsoleResult,
  RoomIncidentReportView,
  RoomMoveView,
  RoomStaffSession,
  RoomStatusView,
} from '@contract'
import { roomApi, type RoomCommandInput, type RoomMoveInput } from '../api/roomClient'

/**
 * The proctor's room console: who is signed in (the token lives in memory only), the room's status polled every
 * 2 s while signed in (one call at a time, stopped at sign-out or when the console unmounts), the seats selected
 * for a per-seat command, and the last error by code for the screen to translate. A move or a report answers its
 * own dialog (ok, or the error to show there) rather than the page's error line.
 */
export interface RoomDialogError {
  code: RoomConsoleErrorCode
  retryAfterMs?: number
  refusal?: string
}
export type RoomDialogOutcome<T> = { ok: true; value: T } | { ok: false; error: RoomDialogError }

export const ROOM_POLL_MS = 2000

export const useRoomStore = defineStore('room', () => {
  const session = ref<RoomStaffSession | null>(null)
  const status = ref<RoomStatusView | null>(null)
  const error = ref<RoomDialogError | null>(null)
  const busy = ref(false)
  const selected = ref<string[]>([])
  const lastCommandSeq = ref<number | null>(null)
  const lastMove = ref<RoomMoveView | null>(null)
  const lastReport = ref<RoomIncidentReportView | null>(null)
  let timer: ReturnType<typeof setTimeout> | undefined
  let polling = false

  const signedIn = computed(() => session.value !== null)

  function shown(result: Extract<RoomConsoleResult<unknown>, { ok: false }>): RoomDialogError {
    const { retryAfterMs, refusal } = result.error.details ?? {}
    return {
      code: result.error.code,
      ...(typeof retryAfterMs === 'number' ? { retryAfterMs } : {}),
      ...(typeof refusal === 'string' ? { refusal } : {}),
    }
  }

  function fail(result: Extract<RoomConsoleResult<unknown>, { ok: false }>): void {
    error.value = shown(result)
    // An expired token ends the sign-in: the proctor signs in again rather than watching a frozen map.
    if (result.error.code === 'AUTH_REQUIRED') forget()
  }

  function forget(): void {
    stopPolling()
    session.value = null
    status.value = null
    selected.value = []
  }

  async function refresh(): Promise<void> {
    const token = session.value?.token
    if (!token) return
    const result = await roomApi.status(token)
    if (session.value?.token !== token) return
    if (result.ok) status.value = result.value
    else fail(result)
  }

  function schedule(): void {
    if (!polling) return
    timer = setTimeout(() => {
      void refresh().finally(schedule)
    }, ROOM_POLL_MS)
  }

  function startPolling(): void {
    if (polling || !session.value) return
    polling = true
    schedule()
  }

  function stopPolling(): void {
    polling = false
    clearTimeout(timer)
    timer = undefined
  }

  async function login(staffId: string, pin: string): Promise<boolean> {
    busy.value = true
    try {
      const result = await roomApi.login(staffId.trim(), pin)
      if (!result.ok) {
        fail(result)
        return false
      }
      error.value = null
      session.value = result.value
      await refresh()
      startPolling()
      return true
    } finally {
      busy.value = false
    }
  }

  async function logout(): Promise<void> {
    const token = session.value?.token
    forget()
    error.value = null
    if (token) await roomApi.logout(token)
  }

  /** Runs one staff action with the token, then refreshes the map so its effect shows at once. */
  async function act<T>(run: (token: string) => Promise<RoomConsoleResult<T>>): Promise<T | undefined> {
    const token = session.value?.token
    if (!token) return undefined
    busy.value = true
    try {
      const result = await run(token)
      if (!result.ok) {
        fail(result)
        return undefined
      }
      error.value = null
      await refresh()
      return result.value
    } finally {
      busy.value = false
    }
  }

  async function command(input: RoomCommandInput): Promise<boolean> {
    const issued = await act((token) => roomApi.command(token, input))
    if (issued) lastCommandSeq.value = issued.seq
    return issued !== undefined
  }

  /** A dialog's action: its outcome goes back to the dialog; an expired sign-in still ends the session. */
  async function fromDialog<T>(run: (token: string) => Promise<RoomConsoleResult<T>>): Promise<RoomDialogOutcome<T>> {
    const token = session.value?.token
    if (!token) return { ok: false, error: { code: 'AUTH_REQUIRED' } }
    busy.value = true
    try {
      const result = await run(token)
      if (!result.ok) {
        if (result.error.code === 'AUTH_REQUIRED') fail(result)
        return { ok: false, error: shown(result) }
      }
      await refresh()
      return result
    } finally {
      busy.value = false
    }
  }

  async function move(input: RoomMoveInput): Promise<RoomDialogOutcome<RoomMoveView>> {
    const outcome = await fromDialog((token) => roomApi.move(token, input))
    if (outcome.ok) lastMove.value = outcome.value
    return outcome
  }

  async function reportIncident(seat: string, text: string): Promise<RoomDialogOutcome<RoomIncidentReportView>> {
    const outcome = await fromDialog((token) => roomApi.reportIncident(token, seat, text))
    if (outcome.ok) lastReport.value = outcome.value
    return outcome
  }

  const approve = async (stationId: string): Promise<boolean> =>
    (await act((token) => roomApi.approveStation(token, stationId))) !== undefined
  const refuse = async (stationId: string): Promise<boolean> =>
    (await act((token) => roomApi.refuseStation(token, stationId))) !== undefined

  function toggleSeat(label: string): void {
    selected.value = selected.value.includes(label)
      ? selected.value.filter((seat) => seat !== label)
      : [...selected.value, label]
  }

  const clearSelection = (): void => void (selected.value = [])

  return {
    session,
    status,
    error,
    busy,
    selected,
    lastCommandSeq,
    lastMove,
    lastReport,
    signedIn,
    login,
    logout,
    refresh,
    startPolling,
    stopPolling,
    command,
    move,
    reportIncident,
    approve,
    refuse,
    toggleSeat,
    clearSelection,
  }
})

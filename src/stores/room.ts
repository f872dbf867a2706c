import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { RoomConsoleErrorCode, RoomConsoleResult, RoomStaffSession, RoomStatusView } from '@contract'
import { roomApi, type RoomCommandInput } from '../api/roomClient'

/**
 * The proctor's room console: who is signed in (the token lives in memory only), the room's status polled every
 * 2 s while signed in (one call at a time, stopped at sign-out or when the console unmounts), the seats selected
 * for a per-seat command, and the last error by code for the screen to translate.
 */
export const ROOM_POLL_MS = 2000

export const useRoomStore = defineStore('room', () => {
  const session = ref<RoomStaffSession | null>(null)
  const status = ref<RoomStatusView | null>(null)
  const error = ref<{ code: RoomConsoleErrorCode; retryAfterMs?: number } | null>(null)
  const busy = ref(false)
  const selected = ref<string[]>([])
  const lastCommandSeq = ref<number | null>(null)
  let timer: ReturnType<typeof setTimeout> | undefined
  let polling = false

  const signedIn = computed(() => session.value !== null)

  function fail(result: Extract<RoomConsoleResult<unknown>, { ok: false }>): void {
    const retry = result.error.details?.retryAfterMs
    error.value = { code: result.error.code, ...(typeof retry === 'number' ? { retryAfterMs: retry } : {}) }
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
    signedIn,
    login,
    logout,
    refresh,
    startPolling,
    stopPolling,
    command,
    approve,
    refuse,
    toggleSeat,
    clearSelection,
  }
})

import type { ApiError, ApiResult, EnvironmentReport, IncidentView, ProctorStatus } from '@contract'
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { proctorApi } from '../api/staffClient'
import { useSessionStore } from './session'
import { useStationStore } from './station'

/** Incidents kept on screen; older ones stay in the session's record. */
const MAX_INCIDENTS = 50

const isReport = (value: unknown): value is EnvironmentReport =>
  typeof value === 'object' && value !== null && Array.isArray((value as { checks?: unknown }).checks)

const signedOut: ApiError = { code: 'AUTH_REQUIRED', message: 'sign in first' }

/**
 * The proctor panel: whether it is open, the proctor's staff session (its token lives here, in memory only, and is
 * dropped when the panel closes, so the next person at the kiosk meets the PIN prompt), the station's status as the
 * proctor sees it, and the incidents reported so far. Actions that change the candidate's session reload the
 * candidate's view at once, so the screen behind the panel is already right when it closes.
 */
export const useProctorStore = defineStore('proctor', () => {
  const session = useSessionStore()
  const station = useStationStore()

  const open = ref(false)
  const token = ref<string | null>(null)
  const status = shallowRef<ProctorStatus | null>(null)
  const incidents = shallowRef<IncidentView[]>([])
  /** The station's environment checks as last run (by checkEnvironment, or the report a blocked start returned). */
  const environment = shallowRef<EnvironmentReport | null>(null)
  const checking = ref(false)
  const busy = ref(false)
  let incidentSession: string | null = null
  let latestSeq = 0

  function forget(): void {
    token.value = null
    status.value = null
    incidents.value = []
    environment.value = null
    incidentSession = null
    latestSeq = 0
  }

  function openPanel(): void {
    open.value = true
  }

  /** Closing signs the proctor out on the station too. */
  async function close(): Promise<void> {
    const current = token.value
    forget()
    open.value = false
    if (current) await proctorApi.logout(current)
  }

  async function login(pin: string, staffId?: string): Promise<ApiError | null> {
    busy.value = true
    const result = await proctorApi.login(pin, staffId)
    busy.value = false
    if (!result.ok) return result.error
    token.value = result.value.token
    await refresh()
    return null
  }

  /** Runs a call with the token; an expired session sends the panel back to the PIN prompt. */
  async function withToken<T>(run: (current: string) => Promise<ApiResult<T>>): Promise<ApiResult<T>> {
    if (!token.value) return { ok: false, error: signedOut }
    const result = await run(token.value)
    if (!result.ok && result.error.code === 'AUTH_REQUIRED') forget()
    return result
  }

  async function refresh(): Promise<ApiError | null> {
    const result = await withToken(proctorApi.status)
    if (result.ok) status.value = result.value
    return result.ok ? null : result.error
  }

  /** An action on the candidate's session: the new status is shown and the candidate's screen follows. */
  async function act(run: (current: string) => Promise<ApiResult<ProctorStatus>>): Promise<ApiError | null> {
    busy.value = true
    const result = await withToken(run)
    busy.value = false
    if (!result.ok) return result.error
    status.value = result.value
    await Promise.all([session.hydrate(), station.hydrate()])
    return null
  }

  async function checkEnvironment(): Promise<ApiError | null> {
    checking.value = true
    const result = await withToken(proctorApi.checkEnvironment)
    checking.value = false
    if (result.ok) environment.value = result.value
    return result.ok ? null : result.error
  }

  /** Starts a session; when a check fails (ENVIRONMENT_BLOCKED), the report that stopped it is shown. */
  async function startSession(candidate: Parameters<typeof proctorApi.startSession>[1]): Promise<ApiError | null> {
    const error = await act((current) => proctorApi.startSession(current, candidate))
    const report = error?.code === 'ENVIRONMENT_BLOCKED' ? error.details?.report : undefined
    if (isReport(report)) environment.value = report
    return error
  }

  async function pollIncidents(): Promise<void> {
    const since = latestSeq
    const result = await withToken((current) => proctorApi.incidents(current, since))
    if (!result.ok) return
    const view = result.value
    if (view.sessionId !== incidentSession) {
      // Another candidate's session: its list starts from the beginning (asked again if we asked from a later seq).
      incidentSession = view.sessionId
      incidents.value = []
      latestSeq = 0
      if (since > 0 && view.sessionId !== null) return pollIncidents()
    }
    // Newest first: the proctor reads from the top.
    if (view.incidents.length > 0)
      incidents.value = [...[...view.incidents].reverse(), ...incidents.value].slice(0, MAX_INCIDENTS)
    latestSeq = view.latestSeq
  }

  return {
    open,
    token,
    status,
    incidents,
    environment,
    checking,
    busy,
    openPanel,
    close,
    login,
    refresh,
    pollIncidents,
    findCandidates: (query: string) => withToken((current) => proctorApi.findCandidates(current, query)),
    checkEnvironment,
    startSession,
    pause: () => act(proctorApi.pause),
    resume: () => act(proctorApi.resume),
    extend: (minutes: number, reason: string) => act((current) => proctorApi.extend(current, minutes, reason)),
    endSession: (reason: string) => act((current) => proctorApi.endSession(current, reason)),
    releaseStart: (reason: string) => act((current) => proctorApi.releaseStart(current, reason)),
    recover: (sessionId: string) => act((current) => proctorApi.recover(current, sessionId)),
    unlockExit: async (): Promise<ApiError | null> => {
      const result = await withToken(proctorApi.unlockExit)
      if (result.ok) await refresh()
      return result.ok ? null : result.error
    },
  }
})

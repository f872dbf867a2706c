import type { AdminOverview, ApiError, ApiResult, SetupInput, SetupStatus } from '@contract'
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { adminApi } from '../api/staffClient'
import { useStationStore } from './station'

const signedOut: ApiError = { code: 'AUTH_REQUIRED', message: 'sign in first' }

/**
 * The admin console's session: whether the station is set up, the administrator's token (memory only, dropped at
 * logout or when the station says it expired), and the station overview the console's pages start from.
 */
export const useAdminStore = defineStore('admin', () => {
  const station = useStationStore()
  const setup = shallowRef<SetupStatus | null>(null)
  const token = ref<string | null>(null)
  const overview = shallowRef<AdminOverview | null>(null)
  const loadError = shallowRef<ApiError | null>(null)

  async function loadSetup(): Promise<void> {
    const result = await adminApi.setupStatus()
    setup.value = result.ok ? result.value : null
    loadError.value = result.ok ? null : result.error
  }

  /** Sets the station up and opens the console with the session setup returned: no second password prompt. */
  async function setUp(input: SetupInput): Promise<ApiError | null> {
    const result = await adminApi.setup(input)
    if (!result.ok) return result.error
    const { session, ...status } = result.value
    setup.value = status
    token.value = session.token
    await refreshOverview()
    return null
  }

  async function login(password: string): Promise<ApiError | null> {
    const result = await adminApi.login(password)
    if (!result.ok) return result.error
    token.value = result.value.token
    await refreshOverview()
    return null
  }

  function forget(): void {
    token.value = null
    overview.value = null
  }

  async function logout(): Promise<void> {
    const current = token.value
    forget()
    if (current) await adminApi.logout(current)
  }

  /** Runs a call with the token; an expired session sends the console back to the login. */
  async function withToken<T>(run: (current: string) => Promise<ApiResult<T>>): Promise<ApiResult<T>> {
    if (!token.value) return { ok: false, error: signedOut }
    const result = await run(token.value)
    if (!result.ok && result.error.code === 'AUTH_REQUIRED') forget()
    return result
  }

  async function refreshOverview(): Promise<void> {
    const result = await withToken(adminApi.overview)
    if (result.ok) overview.value = result.value
    // The candidate's home screen shows the installed exam: keep it in step with what the admin just did.
    await station.hydrate()
  }

  return { setup, token, overview, loadError, loadSetup, setUp, login, logout, withToken, refreshOverview }
})

import { vi } from 'vitest'
import { runtimeDir } from '../../runtime/testing/runtimeFixture'
import type { RuntimeDir } from '../../runtime/testing/runtimeFixture'
import type { StationRuntime } from '../../runtime/stationRuntime'
import type { ApiMethod, ApiOutput, ApiResult } from '../contract'
import { createApiHandlers, createDispatch } from '../handlers'
import type { ApiDispatch, ApiHandlerOptions } from '../handlers'

/** Test support: a station with the API over it, and the calls staff tests make again and again. */
export const ADMIN_PASSWORD = 'correct horse battery'
export const PROCTOR_PIN = '246810'

export interface StaffStation {
  home: RuntimeDir
  runtime: StationRuntime
  dispatch: ApiDispatch
  log: ReturnType<typeof vi.fn>
  /** Calls a method and returns its value; a failure fails the test with its code and message. */
  ok<M extends ApiMethod>(method: M, input: unknown): Promise<ApiOutput<M>>
  /** Calls a method that must fail and returns its error. */
  failed(method: string, input: unknown): Promise<{ code: string; message: string; details?: Record<string, unknown> }>
  /** First-run setup with the test secrets (and an authority key, if given). */
  setUp(authorityPublicKeyPem?: string): Promise<void>
  adminToken(): Promise<string>
  proctorToken(): Promise<string>
  /** Closes the station and opens it again (a restart): new handlers, so every staff session is gone. */
  reopen(): Promise<void>
  close(): Promise<void>
}

export async function openStaffStation(options: Partial<ApiHandlerOptions> = {}): Promise<StaffStation> {
  const home = runtimeDir()
  const log = vi.fn()
  const open = async (): Promise<{ runtime: StationRuntime; dispatch: ApiDispatch }> => {
    const runtime = await home.open()
    return {
      runtime,
      dispatch: createDispatch(
        createApiHandlers(runtime, { transport: 'browser-host', appVersion: '1.2.3', log, ...options }),
      ),
    }
  }
  let current = await open()

  async function ok<M extends ApiMethod>(method: M, input: unknown): Promise<ApiOutput<M>> {
    const result = (await current.dispatch(method, input)) as ApiResult<ApiOutput<M>>
    if (!result.ok) throw new Error(`${method} failed: ${result.error.code} ${result.error.message}`)
    return result.value
  }

  async function failed(method: string, input: unknown) {
    const result = await current.dispatch(method, input)
    if (result.ok) throw new Error(`${method} succeeded with ${JSON.stringify(result.value)}`)
    return result.error
  }

  return {
    home,
    get runtime() {
      return current.runtime
    },
    get dispatch() {
      return current.dispatch
    },
    log,
    ok,
    failed,
    setUp: async (pem) => {
      await ok('admin.setup', {
        adminPassword: ADMIN_PASSWORD,
        proctorPin: PROCTOR_PIN,
        ...(pem ? { authorityPublicKeyPem: pem } : {}),
      })
    },
    adminToken: async () => (await ok('admin.login', { password: ADMIN_PASSWORD })).token,
    proctorToken: async () => (await ok('proctor.login', { pin: PROCTOR_PIN })).token,
    reopen: async () => {
      await current.runtime.close()
      current = await open()
    },
    close: async () => {
      await current.runtime.close()
      home.cleanup()
    },
  }
}

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { installInput, runtimeDir } from '../runtime/testing/runtimeFixture'
import type { RuntimeDir } from '../runtime/testing/runtimeFixture'
import type { StationRuntime } from '../runtime/stationRuntime'
import type { SessionView } from './contract'
import { createStationApi, unavailableStationApi } from './stationApi'

// The one composition both transports use: what it wires together, not what each handler does (handlers.test.ts).
let home: RuntimeDir
let runtime: StationRuntime

beforeEach(async () => {
  home = runtimeDir()
  runtime = await home.open()
  vi.spyOn(console, 'warn').mockImplementation(() => undefined)
})
afterEach(async () => {
  vi.restoreAllMocks()
  await runtime.close()
  home.cleanup()
})

describe('createStationApi', () => {
  it('routes calls through the handlers, with their input validation and the ApiResult envelope', async () => {
    const { dispatch } = createStationApi(runtime, { transport: 'electron', appVersion: '1.2.3', log: () => undefined })
    expect(await dispatch('station.status', {})).toMatchObject({
      ok: true,
      value: { transport: 'electron', appVersion: '1.2.3' },
    })
    expect(await dispatch('station.status', { extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    })
    expect(await dispatch('station.reboot', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } })
  })

  it('sends kiosk incidents to the session the candidate checked into through the same API', async () => {
    const { dispatch, incidents } = createStationApi(runtime, {
      transport: 'browser-host',
      appVersion: 'test',
      log: () => undefined,
    })
    expect(incidents.sessionState()).toBeNull()
    expect(incidents.report({ kind: 'blur' })).toBe(false)

    runtime.installExam(installInput())
    const checkIn = await dispatch('session.checkIn', { candidateId: 'C-001', name: 'Ada' })
    if (!checkIn.ok) throw new Error(checkIn.error.message)
    const { sessionId } = checkIn.value as SessionView
    expect(incidents.sessionState()).toBe('checked_in')
    expect(incidents.report({ kind: 'blur' })).toBe(true)
    expect(runtime.admin.eventsOf(sessionId, ['focus_lost'])).toHaveLength(1)
  })
})

describe('unavailableStationApi', () => {
  it('answers every call with STORAGE_FAILED and knows no session state', async () => {
    const { dispatch, incidents } = unavailableStationApi()
    for (const method of ['station.status', 'session.checkIn', 'nonsense']) {
      expect(await dispatch(method, {})).toEqual({
        ok: false,
        error: { code: 'STORAGE_FAILED', message: 'the station could not open its data; ask the proctor' },
      })
    }
    expect(incidents.sessionState()).toBe('unknown')
    expect(incidents.report({ kind: 'blur' })).toBe(false)
  })
})

import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { LOCKOUT_AFTER_FAILURES } from '../base/staffLockout'
import { ADMIN_PASSWORD as SITTING_ADMIN_PASSWORD, PROCTOR_PIN as SITTING_PIN } from '../sitting/testing/sittingKit'
import { stationSittings } from '../sitting/testing/stationSittings'
import type { StationSittings } from '../sitting/testing/stationSittings'
import { openStaffStation, PROCTOR_PIN as STATION_PIN } from './testing/staffFixture'
import type { StaffStation } from './testing/staffFixture'

// The sitting kit names proctor P01 (Ms Chan, PIN SITTING_PIN) and admin ADM; the station's own PIN is STATION_PIN.
let sittings: StationSittings
let sittingText: string
beforeAll(async () => {
  sittings = await stationSittings()
  sittingText = await sittings.sign()
})

let station: StaffStation
beforeEach(async () => {
  station = await openStaffStation()
  await station.setUp(sittings.kit.authority.publicKeyPem)
})
afterEach(() => station.close())

const install = async () => station.ok('admin.installSitting', { token: await station.adminToken(), sittingText })
const login = (input: { pin: string; staffId?: string }) => station.failed('proctor.login', input)
const proctorAuth = (sessionId: string) =>
  station.runtime.admin.eventsOf(sessionId, ['proctor_auth']).map((event) => event.data)

describe('the proctors a sitting names sign in on the station by staff id, with their own PIN', () => {
  it("says so in the station's status once the sitting is installed", async () => {
    expect((await station.ok('station.status', {})).namedProctors).toBe(false)
    await install()
    expect((await station.ok('station.status', {})).namedProctors).toBe(true)
  })

  it('lets P01 act under her own name: her pause is logged with her staff id, as the sitting spells it', async () => {
    await install()
    const { token } = await station.ok('proctor.login', { staffId: 'p01', pin: SITTING_PIN })
    await station.ok('proctor.startSession', { token, candidateId: 'C-001' })
    const { sessionId } = await station.ok('session.acknowledgeRules', {})
    await station.ok('proctor.pause', { token })
    expect(proctorAuth(sessionId)).toEqual([{ action: 'pause', staffId: 'P01', outcome: 'ok', failures: 0 }])
    // The station's own PIN still works, and its actions carry no name.
    const shared = await station.ok('proctor.login', { pin: STATION_PIN })
    await station.ok('proctor.resume', { token: shared.token })
    expect(proctorAuth(sessionId).at(-1)).toEqual({ action: 'resume', outcome: 'ok', failures: 0 })
  })

  it("refuses the station PIN under P01's name, P01's PIN without it, an admin's id and an unknown id", async () => {
    await install()
    expect(await login({ staffId: 'P01', pin: STATION_PIN })).toMatchObject({ code: 'PIN_INVALID' })
    expect(await login({ pin: SITTING_PIN })).toMatchObject({ code: 'PIN_INVALID' })
    expect(await login({ staffId: 'ADM', pin: SITTING_ADMIN_PASSWORD })).toMatchObject({ code: 'PIN_INVALID' })
    expect(await login({ staffId: 'P99', pin: SITTING_PIN })).toMatchObject({ code: 'PIN_INVALID' })
  })

  it('counts every wrong guess under any id in the one station lockout: switching names buys no guesses', async () => {
    await install()
    for (let attempt = 0; attempt < LOCKOUT_AFTER_FAILURES; attempt++)
      await login({ staffId: `P0${String(attempt + 2)}`, pin: '13579135' })
    expect(await login({ staffId: 'P01', pin: SITTING_PIN })).toMatchObject({ code: 'PIN_LOCKED' })
    expect(await login({ pin: STATION_PIN })).toMatchObject({ code: 'PIN_LOCKED' })
  })

  it('names nobody before a sitting is installed', async () => {
    expect(await login({ staffId: 'P01', pin: SITTING_PIN })).toMatchObject({ code: 'PIN_INVALID' })
    expect(await station.ok('proctor.login', { pin: STATION_PIN })).toMatchObject({ role: 'proctor' })
  })
})

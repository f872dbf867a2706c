import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { generateAuthorityKeys } from '../package/authorityKeys'
import { signSitting } from '../sitting/sittingFile'
import { stationSittings } from '../sitting/testing/stationSittings'
import type { StationSittings } from '../sitting/testing/stationSittings'
import { openStaffStation } from './testing/staffFixture'
import type { StaffStation } from './testing/staffFixture'

let sittings: StationSittings
let sittingText: string
beforeAll(async () => {
  sittings = await stationSittings()
  sittingText = await sittings.sign()
})

let station: StaffStation
let token: string
beforeEach(async () => {
  station = await openStaffStation()
  await station.setUp(sittings.kit.authority.publicKeyPem)
  token = await station.adminToken()
})
afterEach(() => station.close())

describe('admin.installSitting', () => {
  it('is for a signed-in administrator only', async () => {
    const proctor = await station.proctorToken()
    expect(await station.failed('admin.installSitting', { token: proctor, sittingText })).toMatchObject({
      code: 'AUTH_REQUIRED',
    })
    expect(await station.failed('admin.installSitting', { token, sittingText: '' })).toMatchObject({
      code: 'VALIDATION_FAILED',
    })
    expect(station.runtime.admin.sitting.get()).toBeUndefined()
  })

  it('refuses an untrusted or a foreign-station sitting with a code the console translates, changing nothing', async () => {
    const forged = await signSitting(sittings.payload, generateAuthorityKeys().privateKeyPem)
    expect(await station.failed('admin.installSitting', { token, sittingText: forged })).toMatchObject({
      code: 'SITTING_UNTRUSTED',
    })
    const elsewhere = await sittings.sign((copy) => {
      copy.stations = ['0123456789abcdef']
    })
    expect(await station.failed('admin.installSitting', { token, sittingText: elsewhere })).toMatchObject({
      code: 'SITTING_NOT_FOR_STATION',
    })
    const overview = await station.ok('admin.overview', { token })
    expect(overview).toMatchObject({ exam: null, sitting: null, roster: null })
    expect(station.log).not.toHaveBeenCalled()
  })

  it('installs the sitting, shows it in the overview, and a rostered candidate checks in with their extra time', async () => {
    const result = await station.ok('admin.installSitting', { token, sittingText })
    const view = {
      sittingId: 'mock-2026-11',
      title: 'Mock exam, room 101',
      window: { opensAt: '2026-11-23T16:00:00+08:00', closesAt: '2026-11-23T20:00:00+08:00' },
      exams: [{ id: 'tiny', title: '小測驗' }],
      candidates: 3,
      seats: 5,
      roomAddress: '192.168.10.5:8443',
      installedAt: expect.any(String),
    }
    expect(result).toEqual({ installed: true, sitting: view })
    const overview = await station.ok('admin.overview', { token })
    expect(overview.sitting).toEqual(result.sitting)
    expect(overview.exam?.id).toBe('tiny')
    expect(overview.roster?.count).toBe(3)
    expect((await station.ok('admin.installSitting', { token, sittingText })).installed).toBe(false)

    const proctor = await station.proctorToken()
    expect(await station.ok('proctor.findCandidates', { token: proctor, query: 'ann' })).toEqual([
      { candidateId: 'C-002', name: 'Ann Lee', accommodations: { extraMinutes: 15 }, seat: 'A-03' },
    ])
    // The sitting's roster is the station's now: a candidate not on it is refused.
    expect(
      await station.failed('proctor.startSession', { token: proctor, candidateId: 'X-9', name: 'W' }),
    ).toMatchObject({ code: 'NOT_ON_ROSTER' })
    const status = await station.ok('proctor.startSession', { token: proctor, candidateId: 'c-002' })
    expect(status.session?.candidate).toEqual({ candidateId: 'C-002', name: 'Ann Lee' })
    expect(status.session?.time.allowedMs).toBe((30 + 15) * 60_000)
  })
})

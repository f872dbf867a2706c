import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { installInput } from '../runtime/testing/runtimeFixture'
import { LOCKOUT_AFTER_FAILURES } from '../base/staffLockout'
import { fullDisk, nearlyFullDisk, type DiskDouble } from '../db/testing/fullDisk'
import { ADMIN_PASSWORD, openStaffStation, PROCTOR_PIN } from './testing/staffFixture'
import type { StaffStation } from './testing/staffFixture'

/** Staff logins under attack (#11): a burst of concurrent guesses, and a station whose disk is full. */
let station: StaffStation
let disk: DiskDouble | undefined
beforeEach(async () => {
  station = await openStaffStation()
  await station.setUp()
  station.runtime.installExam(installInput())
})
afterEach(async () => {
  disk?.restore()
  disk = undefined
  vi.restoreAllMocks()
  await station.close()
})

/** `count` wrong secrets fired at once, the right one at `rightAt`; returns every outcome's code ('ok' for a token). */
async function burst(method: 'proctor.login' | 'admin.login', count: number, rightAt: number): Promise<string[]> {
  const input = (i: number) =>
    method === 'proctor.login'
      ? { pin: i === rightAt ? PROCTOR_PIN : String(100000 + i) }
      : { password: i === rightAt ? ADMIN_PASSWORD : `wrong password ${String(i)}` }
  const results = await Promise.all(Array.from({ length: count }, (_, i) => station.dispatch(method, input(i))))
  return results.map((result) => (result.ok ? 'ok' : result.error.code))
}
const tally = (codes: string[]): Record<string, number> =>
  codes.reduce<Record<string, number>>((counts, code) => ({ ...counts, [code]: (counts[code] ?? 0) + 1 }), {})

describe('a burst of concurrent logins', () => {
  it('checks only as many of 200 proctor PINs as the lockout allows: the right one after them gets no token', async () => {
    const codes = await burst('proctor.login', 200, 100)
    expect(codes[100]).toBe('PIN_LOCKED')
    expect(tally(codes)).toEqual({ PIN_INVALID: LOCKOUT_AFTER_FAILURES, PIN_LOCKED: 200 - LOCKOUT_AFTER_FAILURES })
    // The lockout holds afterwards, and the session PIN gate sees the same count.
    expect(await station.failed('proctor.login', { pin: PROCTOR_PIN })).toMatchObject({
      code: 'PIN_LOCKED',
      details: { retryAfterMs: 30_000 },
    })
  })

  it('checks only five of 60 concurrent admin passwords', async () => {
    const codes = await burst('admin.login', 60, 30)
    expect(codes[30]).toBe('ADMIN_PASSWORD_LOCKED')
    expect(tally(codes)).toEqual({
      ADMIN_PASSWORD_INVALID: LOCKOUT_AFTER_FAILURES,
      ADMIN_PASSWORD_LOCKED: 60 - LOCKOUT_AFTER_FAILURES,
    })
  })

  it('after the back-off, checks one attempt at a time: a burst gets one check, not five', async () => {
    await burst('proctor.login', 5, -1)
    station.home.clock.advance(30_000)
    const codes = await burst('proctor.login', 20, 10)
    expect(tally(codes)).toEqual({ PIN_INVALID: 1, PIN_LOCKED: 19 })
  })

  it('a right secret among the first checked still opens, and clears the count', async () => {
    const codes = await burst('proctor.login', 200, 2)
    expect(codes[2]).toBe('ok')
    expect(codes.filter((code) => code === 'ok')).toHaveLength(1)
  })
})

describe('a full disk', () => {
  const startExam = async (): Promise<string> => {
    const token = await station.proctorToken()
    await station.ok('proctor.startSession', { token, candidateId: 'C-1', name: 'A' })
    await station.ok('session.acknowledgeRules', {})
    return token
  }

  it('lets staff in with the right secret, counts wrong ones in memory, and tells the proctor why saves fail', async () => {
    await startExam()
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    disk = fullDisk()
    expect(await station.failed('session.saveAnswer', { unitId: 'q1', response: 'A' })).toMatchObject({
      code: 'STORAGE_FAILED',
    })
    const token = (await station.ok('proctor.login', { pin: PROCTOR_PIN })).token
    await station.ok('admin.login', { password: ADMIN_PASSWORD })
    expect((await station.ok('proctor.status', { token })).storageFailure).toEqual({
      reason: 'disk_full',
      at: expect.any(String) as string,
    })
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/lockout could not be stored/), expect.anything())
    expect(disk.refused).toBeGreaterThan(0)

    // Nothing can be stored, yet five wrong PINs still lock the panel.
    for (let i = 0; i < LOCKOUT_AFTER_FAILURES; i++)
      expect(await station.failed('proctor.login', { pin: '000000' })).toMatchObject({ code: 'PIN_INVALID' })
    expect(await station.failed('proctor.login', { pin: PROCTOR_PIN })).toMatchObject({ code: 'PIN_LOCKED' })
  })

  it('with a few pages left: a long answer fails, the proctor signs in, pauses, and sees the disk is full', async () => {
    await startExam()
    disk = nearlyFullDisk(4)
    expect(await station.failed('session.saveAnswer', { unitId: 'q4', response: '長'.repeat(20_000) })).toMatchObject({
      code: 'STORAGE_FAILED',
    })
    const token = (await station.ok('proctor.login', { pin: PROCTOR_PIN })).token
    expect((await station.ok('proctor.status', { token })).storageFailure?.reason).toBe('disk_full')
    const paused = await station.ok('proctor.pause', { token })
    expect(paused.session?.state).toBe('paused')
    expect(paused.storageFailure?.reason).toBe('disk_full')

    // Space freed: the next answer saves, and the warning goes.
    disk.restore()
    disk = undefined
    await station.ok('proctor.resume', { token })
    await station.ok('session.saveAnswer', { unitId: 'q4', response: '長'.repeat(20_000) })
    expect((await station.ok('proctor.status', { token })).storageFailure).toBeUndefined()
  })
})

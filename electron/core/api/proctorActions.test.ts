import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { installInput } from '../runtime/testing/runtimeFixture'
import { openStaffStation } from './testing/staffFixture'
import type { StaffStation } from './testing/staffFixture'

/** The bounds of the proctor's actions, what the candidate is told of them, and one way of counting progress. */
let station: StaffStation
let token: string

beforeEach(async () => {
  station = await openStaffStation()
  await station.setUp()
  station.runtime.installExam(installInput())
  token = await station.proctorToken()
  await station.ok('proctor.startSession', { token, candidateId: 'C-001', name: '陳大文' })
  await station.ok('session.acknowledgeRules', {})
})
afterEach(() => station.close())

describe('extensions', () => {
  it('refuses minutes outside 1–240 at the boundary, with the field and the range in the message', async () => {
    for (const minutes of [0, -5, 241, 600, 99999, 2.5]) {
      expect(await station.failed('proctor.extend', { token, minutes, reason: 'fire alarm' })).toMatchObject({
        code: 'VALIDATION_FAILED',
        message: 'minutes: extension must be 1–240 minutes',
      })
    }
  })

  it("adds up to the exam's own length in all (30 minutes here), says how many are left, and refuses more", async () => {
    const first = await station.ok('proctor.status', { token })
    expect(first.session?.extensionMinutesLeft).toBe(30)
    const extended = await station.ok('proctor.extend', { token, minutes: 25, reason: 'power cut' })
    expect(extended.session).toMatchObject({ extensionMinutesLeft: 5, time: { allowedMs: (30 + 25) * 60_000 } })
    expect(await station.failed('proctor.extend', { token, minutes: 6, reason: 'fire alarm' })).toMatchObject({
      code: 'EXTENSION_LIMIT',
      message: 'minutes: extension must be 1–5 minutes (25 of 30 minutes already added)',
      details: { maxMinutes: 5 },
    })
    expect((await station.ok('proctor.extend', { token, minutes: 5, reason: 'fire alarm' })).session).toMatchObject({
      extensionMinutesLeft: 0,
      time: { allowedMs: (30 + 30) * 60_000 },
    })
  })
})

describe('ending the session', () => {
  it('tells the candidate who ended it: the proctor, the candidate, or nobody yet', async () => {
    expect((await station.ok('session.current', {}))?.submitReason).toBeNull()
    await station.ok('proctor.endSession', { token, reason: 'Wrong candidate at this desk' })
    expect((await station.ok('session.current', {}))?.submitReason).toBe('proctor')

    await station.ok('proctor.startSession', { token, candidateId: 'C-002', name: '林小美' })
    await station.ok('session.acknowledgeRules', {})
    await station.ok('session.submit', {})
    expect((await station.ok('session.current', {}))?.submitReason).toBe('candidate')
  })
})

describe('progress', () => {
  it('counts questions as the candidate does: a scenario is one, answered once all its parts are', async () => {
    await station.ok('session.saveAnswer', { unitId: 'q1', response: 'B' })
    await station.ok('session.saveAnswer', { unitId: 'q4', response: '   ' })
    await station.ok('session.saveAnswer', { unitId: 'case.1', response: 'A' })
    expect((await station.ok('proctor.status', { token })).session).toMatchObject({
      questions: { answered: 1, total: 5 },
      answeredCount: 3,
      unitCount: 6,
    })
    await station.ok('session.saveAnswer', { unitId: 'case.2', response: 'Because.' })
    expect((await station.ok('proctor.status', { token })).session?.questions).toEqual({ answered: 2, total: 5 })
    expect(await station.ok('session.submit', {})).toMatchObject({ questions: { answered: 2, total: 5 } })
  })
})

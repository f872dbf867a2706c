import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { installInput } from '../runtime/testing/runtimeFixture'
import { openStaffStation } from './testing/staffFixture'
import type { StaffStation } from './testing/staffFixture'

/** admin.sessionAudit and the session rows: the story of a session a proctor ended early, read from its log. */
let station: StaffStation
let token: string
let sessionId: string

beforeEach(async () => {
  station = await openStaffStation()
  await station.setUp()
  station.runtime.installExam(installInput())
  token = await station.proctorToken()
  await station.ok('proctor.startSession', { token, candidateId: 'C-001', name: '陳大文' })
  await station.ok('session.acknowledgeRules', {})
  await station.ok('proctor.pause', { token })
  await station.ok('proctor.resume', { token })
  await station.ok('proctor.extend', { token, minutes: 10, reason: 'fire alarm' })
  await station.ok('proctor.endSession', { token, reason: 'Wrong candidate at this desk' })
  sessionId = (await station.ok('session.current', {}))?.sessionId ?? ''
})
afterEach(() => station.close())

describe('the session story', () => {
  it('tells check-in, rules, pause, extension with its reason, and the proctor ending it with the reason', async () => {
    const admin = await station.adminToken()
    const audit = await station.ok('admin.sessionAudit', { token: admin, sessionId })
    expect(audit).toMatchObject({ sessionId, state: 'submitted', candidate: { candidateId: 'C-001' } })
    expect(audit.story.entries.map((entry) => entry.type)).toEqual([
      'session_created',
      'checked_in',
      'started',
      'paused',
      'resumed',
      'extended',
      'submitted',
    ])
    expect(audit.story.entries.find((entry) => entry.type === 'extended')?.details).toMatchObject({
      minutes: 10,
      reason: 'fire alarm',
    })
    expect(audit.story.end).toMatchObject({ by: 'proctor', note: 'Wrong candidate at this desk' })
    expect(audit.story.extensions).toMatchObject([{ minutes: 10, reason: 'fire alarm' }])
    expect(audit.story.pauses).toBe(1)
    expect(audit.receiptCode).toBe((await station.ok('session.current', {}))?.receipt?.code)

    const [row] = await station.ok('admin.sessions', { token: admin })
    expect(row).toMatchObject({ endedBy: 'proctor', endNote: 'Wrong candidate at this desk' })
  })

  it('is for the admin only, and takes only a session id', async () => {
    expect(await station.failed('admin.sessionAudit', { token, sessionId })).toMatchObject({ code: 'AUTH_REQUIRED' })
    const admin = await station.adminToken()
    expect(await station.failed('admin.sessionAudit', { token: admin, sessionId: '../x' })).toMatchObject({
      code: 'VALIDATION_FAILED',
    })
  })
})

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { installInput } from '../runtime/testing/runtimeFixture'
import { openStaffStation } from './testing/staffFixture'
import type { StaffStation } from './testing/staffFixture'

/** What the candidate's page is told about time warnings when a proctor extends time after some have been spoken. */
let station: StaffStation
const MIN = 60_000

beforeEach(async () => {
  station = await openStaffStation()
  await station.setUp()
  station.runtime.installExam(installInput())
  await station.ok('proctor.startSession', {
    token: await station.proctorToken(),
    candidateId: 'C-001',
    name: '陳大文',
  })
  await station.ok('session.acknowledgeRules', {})
})
afterEach(() => station.close())

describe('time warnings over the API', () => {
  it('takes re-armed warnings off the announced list after an extension, so the page speaks them again', async () => {
    station.home.clock.advance(26 * MIN) // 4 minutes left of 30
    expect(await station.ok('session.tick', {})).toMatchObject({
      newWarnings: [10 * MIN, 5 * MIN],
      warnings: [10 * MIN, 5 * MIN],
    })

    // The proctor signs in again (the earlier sign-in has idled out) and gives 4 minutes: 8 minutes left.
    await station.ok('proctor.extend', { token: await station.proctorToken(), minutes: 4, reason: 'fire alarm' })
    expect(await station.ok('session.tick', {})).toMatchObject({
      remainingMs: 8 * MIN,
      newWarnings: [],
      warnings: [10 * MIN],
    })
    expect((await station.ok('session.current', {}))?.time.warnings).toEqual([10 * MIN])

    station.home.clock.advance(3 * MIN)
    expect(await station.ok('session.tick', {})).toMatchObject({
      newWarnings: [5 * MIN],
      warnings: [10 * MIN, 5 * MIN],
    })
    station.home.clock.advance(4 * MIN)
    expect(await station.ok('session.tick', {})).toMatchObject({
      newWarnings: [MIN],
      warnings: [10 * MIN, 5 * MIN, MIN],
    })
    expect(await station.ok('session.tick', {})).toMatchObject({ newWarnings: [] })
  })
})

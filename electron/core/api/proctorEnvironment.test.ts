import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EnvironmentReport } from '../environment/environmentTypes'
import { checkWords } from '../environment/environmentMessages'
import { installInput } from '../runtime/testing/runtimeFixture'
import { openStaffStation } from './testing/staffFixture'
import type { StaffStation } from './testing/staffFixture'

const PASSING: EnvironmentReport = {
  checks: [
    {
      id: 'displays',
      status: 'pass',
      ...checkWords('displaysOne', 'displaysNoExtra'),
      evidence: ['display 1: 1920×1080'],
    },
  ],
  blocking: false,
}
const BLOCKING: EnvironmentReport = {
  checks: [
    ...PASSING.checks,
    {
      id: 'virtual-machine',
      status: 'fail',
      ...checkWords('vmFound', 'vmFoundDetails'),
      evidence: ['/sys/class/dmi/id/sys_vendor = "VMware, Inc." (VMware)'],
    },
  ],
  blocking: true,
}

let station: StaffStation
let token: string
let report: EnvironmentReport
let runs: number

beforeEach(async () => {
  report = PASSING
  runs = 0
  station = await openStaffStation({
    checkEnvironment: () => {
      runs++
      return Promise.resolve(report)
    },
  })
  await station.setUp()
  station.runtime.installExam(installInput())
  token = await station.proctorToken()
})
afterEach(() => station.close())

const environmentEvents = (sessionId: string) =>
  station.runtime.admin.eventsOf(sessionId, ['environment_check']).map((event) => event.data)

describe('environment checks at session start', () => {
  it('shows the report to a proctor before the start, and only to a proctor', async () => {
    report = BLOCKING
    expect(await station.ok('proctor.checkEnvironment', { token })).toEqual(BLOCKING)
    expect(await station.failed('proctor.checkEnvironment', { token: await station.adminToken() })).toMatchObject({
      code: 'AUTH_REQUIRED',
    })
  })

  it('refuses a blocked start without an override, with the report in the error, and starts nobody', async () => {
    report = BLOCKING
    expect(await station.failed('proctor.startSession', { token, candidateId: 'C-1', name: 'A' })).toMatchObject({
      code: 'ENVIRONMENT_BLOCKED',
      details: { report: BLOCKING },
    })
    expect((await station.ok('proctor.status', { token })).session).toBeNull()
    // A reason too short to explain anything is refused as input.
    expect(
      await station.failed('proctor.startSession', {
        token,
        candidateId: 'C-1',
        name: 'A',
        override: { reason: ' ok ' },
      }),
    ).toMatchObject({ code: 'VALIDATION_FAILED' })
  })

  it('starts a blocked session with an override and logs the override, its reason and the failed check', async () => {
    report = BLOCKING
    const status = await station.ok('proctor.startSession', {
      token,
      candidateId: 'C-1',
      name: 'A',
      override: { reason: 'Lab VM approved by the exam office' },
    })
    const sessionId = status.session?.sessionId ?? ''
    expect(status.session?.state).toBe('checked_in')
    const [logged, ...rest] = environmentEvents(sessionId)
    expect(rest).toEqual([])
    expect(logged).toMatchObject({
      event: 'override',
      reason: 'Lab VM approved by the exam office',
      failed: ['virtual-machine'],
    })
    expect(JSON.stringify(logged)).toContain('VMware')
    expect((await station.ok('proctor.incidents', { token })).incidents).toEqual([
      expect.objectContaining({
        type: 'environment_check',
        detail: 'A proctor overrode failed check(s) virtual-machine. — Lab VM approved by the exam office',
      }),
    ])
  })

  it('starts when nothing fails, logging the results (an override given anyway is not logged as one)', async () => {
    const status = await station.ok('proctor.startSession', {
      token,
      candidateId: 'C-1',
      name: 'A',
      override: { reason: 'just in case' },
    })
    expect(runs).toBe(1)
    expect(environmentEvents(status.session?.sessionId ?? '')).toEqual([
      {
        event: 'checked',
        summary: 'No check failed.',
        blocking: false,
        checks: [{ id: 'displays', status: 'pass', summary: 'One display is attached.' }],
      },
    ])
  })
})

describe('a station without environment checks', () => {
  it('reports no checks and starts without logging any', async () => {
    const plain = await openStaffStation()
    try {
      await plain.setUp()
      plain.runtime.installExam(installInput())
      const proctor = await plain.proctorToken()
      expect(await plain.ok('proctor.checkEnvironment', { token: proctor })).toEqual({ checks: [], blocking: false })
      const status = await plain.ok('proctor.startSession', { token: proctor, candidateId: 'C-1', name: 'A' })
      expect(plain.runtime.admin.eventsOf(status.session?.sessionId ?? '', ['environment_check'])).toEqual([])
    } finally {
      await plain.close()
    }
  })
})

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checkWords } from '../environment/environmentMessages'
import type { EnvironmentReport } from '../environment/environmentTypes'
import { installInput } from '../runtime/testing/runtimeFixture'
import type { SessionView } from './contract'
import { sameName } from './sessionAdmission'
import { openStaffStation } from './testing/staffFixture'
import type { StaffStation } from './testing/staffFixture'

const PASSING: EnvironmentReport = { checks: [], blocking: false }
const BLOCKING: EnvironmentReport = {
  checks: [
    {
      id: 'remote-session',
      status: 'fail',
      ...checkWords('remoteSession', 'remoteSessionDetails'),
      evidence: ['process anydesk (pid 4242)'],
    },
  ],
  blocking: true,
}
// The bank runs 30 minutes; 林小美 has 15 more on the roster.
const ROSTER = 'candidate_id,name,extra_minutes\nC-001,陳大文,\nC-002,林小美,15\nC-003,Chan Tai Man,\n'

let station: StaffStation
let report: EnvironmentReport

beforeEach(async () => {
  report = PASSING
  station = await openStaffStation({ checkEnvironment: () => Promise.resolve(report) })
  await station.setUp()
  station.runtime.installExam(installInput())
  await station.ok('admin.importRoster', { token: await station.adminToken(), csvText: ROSTER })
})
afterEach(() => station.close())

const checkIn = (candidateId: string, name: string) => station.ok('session.checkIn', { candidateId, name })
const refusal = (candidateId: string, name: string) => station.failed('session.checkIn', { candidateId, name })
const nobodyCheckedIn = async () => expect(await station.ok('session.current', {})).toBeNull()

describe("the candidate's own check-in obeys the proctor's start rules", () => {
  it('refuses a candidate id that is not on the roster, and starts nobody', async () => {
    expect(await refusal('C-404', 'Mallory')).toMatchObject({
      code: 'NOT_ON_ROSTER',
      details: { candidateId: 'C-404' },
    })
    await nobodyCheckedIn()
    // Not through the proctor's door either: a candidate's input has no allowUnlisted.
    expect(
      await station.failed('session.checkIn', { candidateId: 'C-404', name: 'Mallory', allowUnlisted: true }),
    ).toMatchObject({ code: 'VALIDATION_FAILED' })
  })

  it("gives a rostered candidate the roster's extra time (45 minutes, not 30), and no one can ask for more", async () => {
    const view: SessionView = await checkIn('c-002', '林小美')
    expect(view.candidate).toEqual({ candidateId: 'C-002', name: '林小美' })
    expect(view.time.allowedMs).toBe((30 + 15) * 60_000)
    expect(
      await station.failed('session.checkIn', {
        candidateId: 'C-001',
        name: '陳大文',
        accommodations: { extraMinutes: 60 },
      }),
    ).toMatchObject({ code: 'VALIDATION_FAILED' })
  })

  it("refuses another candidate's number typed with one's own name, so nobody sits under another's name or time", async () => {
    expect(await refusal('C-002', '陳大文')).toMatchObject({ code: 'ROSTER_NAME_MISMATCH' })
    await nobodyCheckedIn()
    // Width, case, spaces and punctuation are not a different name.
    const view = await checkIn('C-003', 'ＣＨＡＮ  tai-man')
    expect(view.candidate).toEqual({ candidateId: 'C-003', name: 'Chan Tai Man' })
  })

  it('is stopped by a failed environment check that only a proctor can override', async () => {
    report = BLOCKING
    expect(await refusal('C-001', '陳大文')).toMatchObject({
      code: 'ENVIRONMENT_BLOCKED',
      details: { report: BLOCKING },
    })
    await nobodyCheckedIn()
    const token = await station.proctorToken()
    const started = await station.ok('proctor.startSession', {
      token,
      candidateId: 'C-001',
      override: { reason: 'remote tool is the lab management agent, checked' },
    })
    expect(started.session?.candidate?.candidateId).toBe('C-001')
    // The feed gives the override as facts the proctor's screen words in its own language.
    const { incidents } = await station.ok('proctor.incidents', { token, since: 0 })
    expect(incidents.map((incident) => incident.environment)).toEqual([
      {
        outcome: 'overridden',
        failed: ['remote-session'],
        reason: 'remote tool is the lab management agent, checked',
      },
    ])
  })

  it("records the checks that ran in the candidate's session, as a proctor's start does", async () => {
    const view = await checkIn('C-001', '陳大文')
    const events = station.runtime.admin.eventsOf(view.sessionId, ['environment_check'])
    expect(events.map((event) => event.data)).toMatchObject([{ event: 'checked', checks: [], blocking: false }])
  })

  it('lets anyone named check in on a station without a roster, with no extra time', async () => {
    station.runtime.admin.roster.replace([])
    const view = await checkIn('W-1', 'Walk In')
    expect(view.time.allowedMs).toBe(30 * 60_000)
  })
})

describe('sameName', () => {
  it.each([
    ['陳 大文', '陳大文', true],
    ['CHAN Tai-man', 'Chan Tai Man', true],
    ['Ｌｉｎ', 'lin', true],
    ['陳大文', '陳小文', false],
    ['Chan Tai Man', 'Chan Tai', false],
  ])('%s vs %s → %s', (a, b, same) => {
    expect(sameName(a, b)).toBe(same)
  })
})

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checkWords } from '../environment/environmentMessages'
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

  it('tells the environment check a proctor overrode, with the failed check and the reason, and each export', async () => {
    const checked = await openStaffStation({
      checkEnvironment: () =>
        Promise.resolve({
          checks: [
            {
              id: 'remote-session',
              status: 'fail',
              ...checkWords('remoteSession', 'remoteSessionDetails'),
              evidence: ['process anydesk (pid 4242)'],
            },
          ],
          blocking: true,
        }),
    })
    const out = mkdtempSync(join(tmpdir(), 'invigil-audit-'))
    try {
      await checked.setUp()
      checked.runtime.installExam(installInput())
      const proctor = await checked.proctorToken()
      const started = await checked.ok('proctor.startSession', {
        token: proctor,
        candidateId: 'C-002',
        name: '林小美',
        override: { reason: 'lab management agent, checked' },
      })
      const id = started.session?.sessionId ?? ''
      await checked.ok('session.acknowledgeRules', {})
      await checked.ok('session.submit', {})
      const exported = await checked.runtime.exportBundle(id, out)
      const audit = await checked.ok('admin.sessionAudit', { token: await checked.adminToken(), sessionId: id })
      const check = audit.story.entries.find((entry) => entry.type === 'environment_check')
      expect(check?.details).toMatchObject({ event: 'override', failed: 'remote-session' })
      expect(check?.details.reason).toBe('lab management agent, checked')
      const exports = audit.story.entries.filter((entry) => entry.type === 'exported')
      expect(exports.map((entry) => entry.details.bundleSha256)).toEqual([exported.sha256])
    } finally {
      await checked.close()
      rmSync(out, { recursive: true, force: true })
    }
  })
})

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createKioskIncidents } from '../kiosk/kioskIncidents'
import type { KioskIncidents } from '../kiosk/kioskIncidents'
import { installInput, SECRET_EXPLANATION, SECRET_REFERENCE } from '../runtime/testing/runtimeFixture'
import { LOCKOUT_AFTER_FAILURES } from '../base/staffLockout'
import type { ExitUnlock } from './handlers'
import { openStaffStation, PROCTOR_PIN } from './testing/staffFixture'
import type { StaffStation } from './testing/staffFixture'

let station: StaffStation
let token: string
const onExitUnlocked = vi.fn<(unlock: ExitUnlock) => void>()

beforeEach(async () => {
  onExitUnlocked.mockReset()
  station = await openStaffStation({ onExitUnlocked })
  await station.setUp()
  station.runtime.installExam(installInput())
  token = await station.proctorToken()
})
afterEach(() => station.close())

const ROSTER = 'candidate_id,name,extra_minutes\nC-001,陳大文,\nC-002,林小美,15\n'
const importRoster = async (csvText = ROSTER) =>
  station.ok('admin.importRoster', { token: await station.adminToken(), csvText })
const eventTypes = (sessionId: string) =>
  station.runtime.admin
    .eventsOf(sessionId, ['proctor_auth', 'paused', 'resumed', 'extended', 'submitted'])
    .map((e) => e.type)

describe('proctor login', () => {
  it('refuses a wrong PIN, counting it, and locks out after repeated failures, as the session PIN gate does', async () => {
    for (let attempt = 1; attempt < LOCKOUT_AFTER_FAILURES; attempt++) {
      expect(await station.failed('proctor.login', { pin: '000000' })).toMatchObject({
        code: 'PIN_INVALID',
        details: { failures: attempt },
      })
    }
    expect(await station.failed('proctor.login', { pin: 'not digits' })).toMatchObject({ code: 'PIN_INVALID' })
    expect(await station.failed('proctor.login', { pin: PROCTOR_PIN })).toMatchObject({
      code: 'PIN_LOCKED',
      details: { retryAfterMs: 30_000 },
    })
    // A proctor already signed in is stopped too: pausing still passes the PIN gate, which sees the lockout.
    await station.ok('proctor.startSession', { token, candidateId: 'C-1', name: 'A' })
    await station.ok('session.acknowledgeRules', {})
    expect(await station.failed('proctor.pause', { token })).toMatchObject({ code: 'PIN_LOCKED' })
  })

  it('refuses every proctor method without a proctor token', async () => {
    const admin = await station.adminToken()
    for (const method of [
      'proctor.status',
      'proctor.pause',
      'proctor.resume',
      'proctor.unlockExit',
      'proctor.incidents',
    ] as const) {
      expect(await station.failed(method, { token: admin }), method).toMatchObject({ code: 'AUTH_REQUIRED' })
    }
    expect(await station.failed('proctor.startSession', { token: admin, candidateId: 'C-1', name: 'A' })).toMatchObject(
      { code: 'AUTH_REQUIRED' },
    )
    expect(await station.failed('proctor.extend', { token: admin, minutes: 5, reason: 'r' })).toMatchObject({
      code: 'AUTH_REQUIRED',
    })
    expect(await station.failed('proctor.endSession', { token: admin, reason: 'r' })).toMatchObject({
      code: 'AUTH_REQUIRED',
    })
    await station.ok('proctor.logout', { token })
    expect(await station.failed('proctor.status', { token })).toMatchObject({ code: 'AUTH_REQUIRED' })
  })
})

describe('starting a session', () => {
  it('starts any named candidate when there is no roster, and only one at a time', async () => {
    expect(await station.ok('proctor.status', { token })).toMatchObject({
      session: null,
      interrupted: [],
      rosterCount: 0,
      exam: { id: 'runtime-demo' },
    })
    expect(await station.failed('proctor.startSession', { token, candidateId: 'C-9' })).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: /name/,
    })
    const status = await station.ok('proctor.startSession', { token, candidateId: 'C-9', name: '張三' })
    expect(status.session).toMatchObject({
      state: 'checked_in',
      candidate: { candidateId: 'C-9', name: '張三' },
      answeredCount: 0,
      unitCount: 6,
    })
    expect((await station.ok('session.current', {}))?.candidate).toEqual({ candidateId: 'C-9', name: '張三' })
    expect(await station.failed('proctor.startSession', { token, candidateId: 'C-10', name: 'B' })).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
    })
  })

  it('takes name and extra time from the roster, and refuses unlisted candidates unless the proctor allows them', async () => {
    await importRoster()
    expect(await station.ok('proctor.findCandidates', { token, query: '林' })).toEqual([
      { candidateId: 'C-002', name: '林小美', accommodations: { extraMinutes: 15 } },
    ])
    expect(await station.failed('proctor.startSession', { token, candidateId: 'C-404', name: 'Who' })).toMatchObject({
      code: 'NOT_ON_ROSTER',
    })
    const status = await station.ok('proctor.startSession', { token, candidateId: 'c-002', name: 'Typed Name' })
    expect(status.session?.candidate).toEqual({ candidateId: 'C-002', name: '林小美' })
    expect(status.session?.time.allowedMs).toBe((30 + 15) * 60_000)
    expect(status.rosterCount).toBe(2)
    await station.ok('proctor.endSession', { token, reason: 'test' })
    const unlisted = await station.ok('proctor.startSession', {
      token,
      candidateId: 'C-404',
      name: 'Walk-in',
      allowUnlisted: true,
    })
    expect(unlisted.session?.candidate).toEqual({ candidateId: 'C-404', name: 'Walk-in' })
  })
})

describe('during the exam', () => {
  beforeEach(async () => {
    await station.ok('proctor.startSession', { token, candidateId: 'C-001', name: '陳大文' })
    await station.ok('session.acknowledgeRules', {})
  })

  /** The kiosk shell's incident reporter, wired as Electron and the browser host wire it: to the desk's session. */
  const kioskShell = async (): Promise<KioskIncidents> => {
    const sessionId = (await station.ok('proctor.status', { token })).session?.sessionId ?? null
    return createKioskIncidents(
      { sessions: station.runtime.sessions, activeSessionId: () => sessionId },
      { event: () => undefined, failure: () => undefined },
    )
  }

  it('pauses, extends with a reason, and resumes, each through the PIN gate and in the record', async () => {
    station.home.clock.advance(60_000)
    await station.ok('session.tick', {})
    const paused = await station.ok('proctor.pause', { token })
    expect(paused.session).toMatchObject({ state: 'paused', time: { remainingMs: 29 * 60_000 } })
    expect(await station.failed('session.saveAnswer', { unitId: 'q1', response: 'A' })).toMatchObject({
      code: 'NOT_RUNNING',
    })
    expect(await station.failed('proctor.extend', { token, minutes: 5, reason: '  ' })).toMatchObject({
      code: 'VALIDATION_FAILED',
    })
    const extended = await station.ok('proctor.extend', { token, minutes: 5, reason: 'fire alarm' })
    expect(extended.session?.time.remainingMs).toBe(34 * 60_000)
    expect(extended.session?.extensions).toEqual([{ minutes: 5, reason: 'fire alarm', at: expect.any(String) }])
    expect((await station.ok('proctor.resume', { token })).session?.state).toBe('running')
    expect(await station.failed('proctor.resume', { token })).toMatchObject({ code: 'ILLEGAL_TRANSITION' })
    const sessionId = extended.session?.sessionId ?? ''
    expect(eventTypes(sessionId)).toEqual([
      'proctor_auth',
      'paused',
      'proctor_auth',
      'extended',
      'proctor_auth',
      'resumed',
    ])
  })

  it('ends the session with the proctor as the reason and the note in the record', async () => {
    const ended = await station.ok('proctor.endSession', { token, reason: 'candidate felt unwell' })
    expect(ended.session?.state).toBe('submitted')
    const record = station.runtime.sessions.exportRecord(ended.session?.sessionId ?? '')
    expect(record.timing.submitReason).toBe('proctor')
    expect(record.events.at(-1)).toContain('"note":"candidate felt unwell"')
    expect(await station.failed('proctor.endSession', { token, reason: 'again' })).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
    })
  })

  it("lists the kiosk shell's incidents as they happen, newer than what the proctor has seen", async () => {
    const shell = await kioskShell()
    shell.report({ kind: 'blur' })
    shell.report({
      kind: 'key-blocked',
      keys: 'Alt+F4',
      category: 'close',
      reason: 'closing the window would leave the exam',
    })
    const first = await station.ok('proctor.incidents', { token })
    expect(first.incidents.map(({ type, detail, kiosk }) => ({ type, detail, kiosk }))).toEqual([
      {
        type: 'focus_lost',
        detail: 'The exam window lost focus: another window or the OS took the foreground.',
        kiosk: { event: 'blur' },
      },
      {
        type: 'escape_attempt',
        detail: 'Alt+F4 was blocked: closing the window would leave the exam.',
        kiosk: { event: 'key-blocked', keys: 'Alt+F4', category: 'close' },
      },
    ])
    expect(await station.ok('proctor.incidents', { token, since: first.latestSeq })).toEqual({
      sessionId: first.sessionId,
      incidents: [],
      latestSeq: first.latestSeq,
    })
    shell.report({ kind: 'focus' })
    expect(
      (await station.ok('proctor.incidents', { token, since: first.latestSeq })).incidents.map((i) => i.type),
    ).toEqual(['focus_lost'])
  })

  it("gives the candidate's page no way to write into the incident log", async () => {
    expect(await station.failed('session.reportIncident', { type: 'focus_lost' })).toMatchObject({
      code: 'UNKNOWN_METHOD',
    })
    expect((await station.ok('proctor.incidents', { token })).incidents).toEqual([])
  })

  it('shows the proctor no exam content: no keys, explanations or reference answers', async () => {
    await station.ok('session.saveAnswer', { unitId: 'q4', response: 'written' })
    const shell = await kioskShell()
    shell.report({ kind: 'display-added', display: { id: 2, width: 1920, height: 1080 }, displayCount: 2 })
    const seen = JSON.stringify([
      await station.ok('proctor.status', { token }),
      await station.ok('proctor.incidents', { token }),
    ])
    for (const hidden of [SECRET_EXPLANATION, SECRET_REFERENCE, '"key"', '"stem"', '"reference'])
      expect(seen).not.toContain(hidden)
  })

  it('unlocks the exit through the shell hook, and shows it on the session', async () => {
    const { sessionId } = (await station.ok('proctor.status', { token })).session ?? { sessionId: '' }
    const unlock = await station.ok('proctor.unlockExit', { token })
    expect(unlock).toEqual({ exitUnlockedAt: expect.any(String), sessionId })
    expect(onExitUnlocked).toHaveBeenCalledWith({ at: unlock.exitUnlockedAt, sessionId })
    expect((await station.ok('proctor.status', { token })).session?.exitUnlockedAt).toBe(unlock.exitUnlockedAt)
  })
})

describe('after a restart', () => {
  it('lists the interrupted session with its candidate and recovers it onto the desk', async () => {
    const started = await station.ok('proctor.startSession', { token, candidateId: 'C-001', name: '陳大文' })
    await station.ok('session.acknowledgeRules', {})
    await station.ok('session.saveAnswer', { unitId: 'q3', response: true })
    await station.reopen()
    expect(await station.failed('proctor.status', { token })).toMatchObject({ code: 'AUTH_REQUIRED' })
    token = await station.proctorToken()
    const sessionId = started.session?.sessionId ?? ''
    const status = await station.ok('proctor.status', { token })
    expect(status.interrupted).toEqual([
      expect.objectContaining({ sessionId, candidate: { candidateId: 'C-001', name: '陳大文' }, problem: null }),
    ])
    expect(await station.failed('proctor.recover', { token, sessionId: `ses_${'0'.repeat(24)}` })).toMatchObject({
      code: 'SESSION_NOT_FOUND',
    })
    const recovered = await station.ok('proctor.recover', { token, sessionId })
    expect(recovered.session).toMatchObject({ sessionId, state: 'recovered', answeredCount: 1 })
    expect(recovered.interrupted).toEqual([])
    expect((await station.ok('session.acknowledgeRules', {})).state).toBe('running')
  })
})

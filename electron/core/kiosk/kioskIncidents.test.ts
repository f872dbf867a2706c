import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { installInput, runtimeDir } from '../runtime/testing/runtimeFixture'
import type { RuntimeDir } from '../runtime/testing/runtimeFixture'
import type { StationRuntime } from '../runtime/stationRuntime'
import { INCIDENT_TYPES } from '../session/sessionTypes'
import { createKioskIncidents } from './kioskIncidents'
import type { KioskIncidents } from './kioskIncidents'

let home: RuntimeDir
let runtime: StationRuntime
/** What the candidate desk would answer: the session a candidate is sitting. */
let activeId: string | null
let incidents: KioskIncidents
const log = { event: vi.fn(), failure: vi.fn() }

beforeEach(async () => {
  home = runtimeDir()
  runtime = await home.open()
  runtime.installExam(installInput())
  activeId = null
  log.event.mockReset()
  log.failure.mockReset()
  incidents = createKioskIncidents({ sessions: runtime.sessions, activeSessionId: () => activeId }, log)
})
afterEach(async () => {
  await runtime.close()
  home.cleanup()
})

const begin = (): string => {
  activeId = runtime.beginSession({ candidateId: 'C-001', name: '陳大文' }).sessionId
  return activeId
}
const logged = (sessionId: string) =>
  runtime.admin.eventsOf(sessionId, INCIDENT_TYPES).map((event) => [event.type, event.data.event])

describe('kiosk incidents', () => {
  it('writes an event into the running session, with the sentence the proctor reads, and to the app log', () => {
    const sessionId = begin()
    runtime.sessions.start(sessionId)
    expect(
      incidents.report({
        kind: 'key-blocked',
        keys: 'Alt+F4',
        category: 'close',
        reason: 'closing the window would leave the exam',
      }),
    ).toBe(true)
    const [incident] = runtime.admin.eventsOf(sessionId, INCIDENT_TYPES)
    expect(incident).toMatchObject({
      type: 'escape_attempt',
      data: { keys: 'Alt+F4', summary: 'Alt+F4 was blocked: closing the window would leave the exam.' },
    })
    expect(log.event).toHaveBeenCalledWith(expect.stringContaining('invigil kiosk: escape_attempt'))
    expect(incidents.sessionState()).toBe('running')
  })

  it('logs from check-in on, since the kiosk holds the candidate from then', () => {
    const sessionId = begin()
    expect(incidents.report({ kind: 'blur' })).toBe(true)
    expect(logged(sessionId)).toEqual([['focus_lost', 'blur']])
  })

  it('writes nothing to a session log when nobody is checked in, only the app-log line', () => {
    expect(incidents.report({ kind: 'blur' })).toBe(false)
    expect(incidents.sessionState()).toBeNull()
    expect(log.event).toHaveBeenCalledTimes(1)
  })

  it('leaves a submitted session alone: the candidate may leave once it is over', () => {
    const sessionId = begin()
    runtime.sessions.start(sessionId)
    runtime.sessions.submit(sessionId, 'candidate')
    expect(incidents.report({ kind: 'leave-full-screen' })).toBe(false)
    expect(incidents.report({ kind: 'exit-refused', via: 'close', reason: 'test' })).toBe(false)
    expect(logged(sessionId)).toEqual([])
    expect(incidents.sessionState()).toBe('submitted')
  })

  it('keeps the order events happened in, and a failed write does not stop the ones after it', () => {
    const sessionId = begin()
    runtime.sessions.start(sessionId)
    incidents.report({ kind: 'blur' })
    // Over the 4 KB an incident may hold: the session service refuses it.
    expect(
      incidents.report({ kind: 'key-blocked', keys: 'Ctrl+R', category: 'reload', reason: 'x'.repeat(5000) }),
    ).toBe(false)
    expect(log.failure).toHaveBeenCalledWith(
      'invigil kiosk: could not log an incident:',
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    )
    incidents.report({ kind: 'display-added', display: { id: 2, width: 1920, height: 1080 }, displayCount: 2 })
    incidents.report({ kind: 'focus' })
    expect(logged(sessionId)).toEqual([
      ['focus_lost', 'blur'],
      ['display_changed', 'display-added'],
      ['focus_lost', 'focus'],
    ])
  })

  it('says the state is unknown, and logs nothing, when the station could not open', () => {
    const unavailable = createKioskIncidents(null, log)
    expect(unavailable.report({ kind: 'suspend' })).toBe(false)
    expect(unavailable.sessionState()).toBe('unknown')
    expect(log.event).toHaveBeenCalledWith(expect.stringContaining('invigil kiosk: focus_lost'))
  })

  it('says the state is unknown when the session cannot be read', () => {
    activeId = 'no-such-session'
    expect(incidents.sessionState()).toBe('unknown')
    expect(incidents.report({ kind: 'blur' })).toBe(false)
    expect(log.failure).toHaveBeenCalledWith(
      'invigil kiosk: could not read the active session:',
      expect.objectContaining({ code: 'SESSION_NOT_FOUND' }),
    )
  })
})

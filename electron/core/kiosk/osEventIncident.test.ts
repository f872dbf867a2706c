import { describe, expect, expectTypeOf, it } from 'vitest'
import { INCIDENT_TYPES } from '../session/sessionTypes'
import { kioskFactsOf, OS_EVENT_KINDS, osEventToIncident } from './osEventIncident'
import type { OsEvent, OsEventKind } from './osEventIncident'

describe('osEventToIncident', () => {
  it.each([
    [{ kind: 'blur' }, 'focus_lost'],
    [{ kind: 'focus' }, 'focus_lost'],
    [{ kind: 'minimize' }, 'focus_lost'],
    [{ kind: 'leave-full-screen' }, 'escape_attempt'],
    [{ kind: 'suspend' }, 'focus_lost'],
    [{ kind: 'resume' }, 'focus_lost'],
    [{ kind: 'lock-screen' }, 'focus_lost'],
    [{ kind: 'unlock-screen' }, 'focus_lost'],
    [{ kind: 'display-added', display: { id: 7, width: 1920, height: 1080 }, displayCount: 2 }, 'display_changed'],
    [{ kind: 'display-removed', display: { id: 7, width: 1920, height: 1080 }, displayCount: 1 }, 'display_changed'],
    [
      { kind: 'key-blocked', keys: 'Ctrl+R', category: 'reload', reason: 'reload would restart the exam page' },
      'escape_attempt',
    ],
    [{ kind: 'navigation-denied', url: 'https://example.org/' }, 'escape_attempt'],
    [{ kind: 'window-open-denied', url: 'https://example.org/' }, 'escape_attempt'],
    [{ kind: 'exit-refused', via: 'close', reason: 'a session is running' }, 'escape_attempt'],
  ] satisfies [OsEvent, string][])('%o → %s, with a sentence for the proctor', (event, type) => {
    const incident = osEventToIncident(event)
    expect(incident.type).toBe(type)
    expect(INCIDENT_TYPES).toContain(incident.type)
    expect(incident.data.event).toBe(event.kind)
    expect(incident.data.summary).toMatch(/^[A-Z].+\.$/)
  })

  it('says which keys were blocked and why', () => {
    const { data } = osEventToIncident({
      kind: 'key-blocked',
      keys: 'Alt+F4',
      category: 'close',
      reason: 'closing the window would leave the exam',
    })
    expect(data).toEqual({
      event: 'key-blocked',
      summary: 'Alt+F4 was blocked: closing the window would leave the exam.',
      keys: 'Alt+F4',
      category: 'close',
    })
  })

  it('counts the displays after a change', () => {
    const { data } = osEventToIncident({
      kind: 'display-added',
      display: { id: 3, width: 2560, height: 1440 },
      displayCount: 2,
    })
    expect(data).toMatchObject({
      summary: 'A display (2560×1440) was connected; 2 display(s) now attached.',
      displayId: 3,
      displayCount: 2,
    })
  })

  it('clips a long URL so a data: URL cannot fill the incident', () => {
    const { data } = osEventToIncident({ kind: 'navigation-denied', url: `data:text/html,${'x'.repeat(10_000)}` })
    expect(String(data.url).length).toBeLessThanOrEqual(201)
  })

  it('gives a screen the facts to word in its own language: the kind, keys and category, displays, close or quit', () => {
    expectTypeOf<(typeof OS_EVENT_KINDS)[number]>().toEqualTypeOf<OsEventKind>()
    for (const event of OS_EVENT_KINDS) expect(kioskFactsOf({ event })).toEqual({ event })
    const factsOf = (event: OsEvent) => kioskFactsOf(osEventToIncident(event).data)
    for (const kind of ['blur', 'suspend', 'lock-screen'] as const) expect(factsOf({ kind })).toEqual({ event: kind })
    expect(
      factsOf({ kind: 'key-blocked', keys: 'Ctrl+Shift+I', category: 'devtools', reason: 'developer tools expose' }),
    ).toEqual({ event: 'key-blocked', keys: 'Ctrl+Shift+I', category: 'devtools' })
    expect(factsOf({ kind: 'display-removed', display: { id: 3, width: 1280, height: 720 }, displayCount: 1 })).toEqual(
      { event: 'display-removed', displayCount: 1 },
    )
    expect(factsOf({ kind: 'exit-refused', via: 'quit', reason: 'a session is running' })).toEqual({
      event: 'exit-refused',
      via: 'quit',
    })
    // An environment check's data (or anything not written by the kiosk) is not a kiosk incident.
    expect(kioskFactsOf({ event: 'checked', summary: 'No check failed.' })).toBeUndefined()
    expect(kioskFactsOf({ summary: 'F5 was blocked' })).toBeUndefined()
  })
})

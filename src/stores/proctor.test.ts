import type { IncidentView, ProctorStatus } from '@contract'
import { describe, expect, it } from 'vitest'
import { setUpTestApp, settle } from '../testing/testApp'
import { StaffStation } from '../testing/staffStation'
import { useProctorStore } from './proctor'

const TOKEN = 't'.repeat(43)
const status: ProctorStatus = { exam: null, session: null, interrupted: [], rosterCount: 0 }
const incident = (seq: number): IncidentView => ({
  seq,
  type: 'focus_lost',
  at: '2026-11-23T09:00:00.000Z',
  detail: null,
})

function signedIn(station = new StaffStation()) {
  station.on('proctor.login', ({ pin }) =>
    pin === '246810'
      ? { token: TOKEN, role: 'proctor', idleTimeoutMs: 600_000 }
      : { code: 'PIN_INVALID', message: 'no' },
  )
  station.on('proctor.status', () => status)
  station.on('proctor.logout', () => ({ loggedOut: true }))
  setUpTestApp(station)
  return { station, proctor: useProctorStore() }
}

describe('the proctor store', () => {
  it('keeps the token only while signed in, and closing signs out on the station', async () => {
    const { station, proctor } = signedIn()
    proctor.openPanel()
    expect(await proctor.login('000000')).toMatchObject({ code: 'PIN_INVALID' })
    expect(proctor.token).toBeNull()
    expect(await proctor.login('246810')).toBeNull()
    expect(proctor.token).toBe(TOKEN)
    expect(proctor.status).toEqual(status)
    await proctor.close()
    expect(proctor).toMatchObject({ open: false, token: null, status: null })
    expect(station.callsOf('proctor.logout')).toEqual([{ token: TOKEN }])
  })

  it('goes back to the PIN prompt when the station says the session expired', async () => {
    const { station, proctor } = signedIn()
    await proctor.login('246810')
    station.on('proctor.pause', () => ({ code: 'AUTH_REQUIRED', message: 'expired' }))
    expect(await proctor.pause()).toMatchObject({ code: 'AUTH_REQUIRED' })
    expect(proctor.token).toBeNull()
  })

  it('lists incidents newest first, asks only for new ones, and starts over for another session', async () => {
    const { station, proctor } = signedIn()
    await proctor.login('246810')
    const feed = [
      { sessionId: 'ses_a', incidents: [incident(3), incident(5)], latestSeq: 5 },
      { sessionId: 'ses_a', incidents: [incident(8)], latestSeq: 8 },
      { sessionId: 'ses_b', incidents: [incident(2)], latestSeq: 2 },
      { sessionId: 'ses_b', incidents: [incident(2)], latestSeq: 2 },
    ]
    station.on('proctor.incidents', () => feed.shift() ?? { sessionId: 'ses_b', incidents: [], latestSeq: 2 })
    await proctor.pollIncidents()
    await proctor.pollIncidents()
    expect(proctor.incidents.map((entry) => entry.seq)).toEqual([8, 5, 3])
    expect(station.callsOf('proctor.incidents').map((input) => (input as { since: number }).since)).toEqual([0, 5])
    await proctor.pollIncidents()
    await settle()
    expect(proctor.incidents.map((entry) => entry.seq)).toEqual([2])
  })
})

// @vitest-environment jsdom
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import App from '../App.vue'
import { StaffStation } from '../testing/staffStation'
import { setUpTestApp } from '../testing/testApp'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  document.body.innerHTML = ''
})

const chord = (): void => {
  window.dispatchEvent(
    new KeyboardEvent('keydown', {
      code: 'KeyP',
      key: 'p',
      ctrlKey: true,
      altKey: true,
      bubbles: true,
      cancelable: true,
    }),
  )
}

describe('the proctor panel', () => {
  it('opens on Ctrl+Alt+P with the PIN first, shows the station after the PIN, and closing signs out', async () => {
    const station = new StaffStation()
    station.on('proctor.login', ({ pin }) =>
      pin === '246810'
        ? { token: 'k'.repeat(43), role: 'proctor', idleTimeoutMs: 600_000 }
        : { code: 'PIN_INVALID', message: 'no' },
    )
    station.on('proctor.status', () => ({
      exam: { id: 'e', title: 'Sample exam', durationMinutes: 30, accommodationsAllowed: true },
      session: null,
      interrupted: [],
      rosterCount: 0,
    }))
    station.on('proctor.incidents', () => ({ sessionId: null, incidents: [], latestSeq: 0 }))
    station.on('proctor.logout', () => ({ loggedOut: true }))
    const { plugins } = setUpTestApp(station)
    // As in index.html: the app in #app, which the panel makes inert while it is open.
    const host = document.createElement('div')
    host.id = 'app'
    document.body.append(host)
    wrapper = mount(App, { global: { plugins }, attachTo: host })
    await flushPromises()

    chord()
    await flushPromises()
    const dialog = (): HTMLElement | null => document.querySelector('[role="dialog"][aria-labelledby="proctor-title"]')
    expect(dialog()).not.toBeNull()
    expect(document.getElementById('app')?.hasAttribute('inert')).toBe(true)
    expect(document.activeElement?.id).toBe('proctor-pin')

    const pin = document.getElementById('proctor-pin') as HTMLInputElement
    pin.value = '111111'
    pin.dispatchEvent(new Event('input'))
    pin.form?.dispatchEvent(new Event('submit', { cancelable: true }))
    await flushPromises()
    expect(dialog()?.textContent).toContain('The proctor PIN is not correct.')

    pin.value = '246810'
    pin.dispatchEvent(new Event('input'))
    pin.form?.dispatchEvent(new Event('submit', { cancelable: true }))
    await flushPromises()
    expect(dialog()?.textContent).toContain('Exam: Sample exam')
    expect(dialog()?.textContent).toContain('Start a session')

    dialog()?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }))
    await flushPromises()
    expect(dialog()).toBeNull()
    expect(station.callsOf('proctor.logout')).toHaveLength(1)
    expect(document.getElementById('app')?.hasAttribute('inert')).toBe(false)
  })

  it('says why answers cannot be saved when the station reports a full disk', async () => {
    const station = new StaffStation()
    station.on('proctor.login', () => ({ token: 'k'.repeat(43), role: 'proctor', idleTimeoutMs: 600_000 }))
    station.on('proctor.status', () => ({
      exam: null,
      session: null,
      interrupted: [],
      rosterCount: 0,
      storageFailure: { reason: 'disk_full', at: '2026-01-01T09:00:00.000Z' },
    }))
    station.on('proctor.incidents', () => ({ sessionId: null, incidents: [], latestSeq: 0 }))
    const { plugins } = setUpTestApp(station)
    const host = document.createElement('div')
    host.id = 'app'
    document.body.append(host)
    wrapper = mount(App, { global: { plugins }, attachTo: host })
    await flushPromises()
    chord()
    await flushPromises()
    const pin = document.getElementById('proctor-pin') as HTMLInputElement
    pin.value = '246810'
    pin.dispatchEvent(new Event('input'))
    pin.form?.dispatchEvent(new Event('submit', { cancelable: true }))
    await flushPromises()
    expect(document.querySelector('[role="alert"]')?.textContent).toContain("this station's disk is full")
  })

  it('asks for a staff id first when the sitting names its proctors, and signs in under it', async () => {
    const station = new StaffStation()
    station.namedProctors = true
    station.on('proctor.login', () => ({ token: 'k'.repeat(43), role: 'proctor', idleTimeoutMs: 600_000 }))
    station.on('proctor.status', () => ({ exam: null, session: null, interrupted: [], rosterCount: 0 }))
    station.on('proctor.incidents', () => ({ sessionId: null, incidents: [], latestSeq: 0 }))
    const { plugins } = setUpTestApp(station)
    const host = document.createElement('div')
    host.id = 'app'
    document.body.append(host)
    wrapper = mount(App, { global: { plugins }, attachTo: host })
    await flushPromises()
    chord()
    await flushPromises()
    expect(document.activeElement?.id).toBe('proctor-pin-staff')
    const staffId = document.getElementById('proctor-pin-staff') as HTMLInputElement
    expect(document.querySelector('label[for="proctor-pin-staff"]')?.textContent).toBe('Staff ID')
    staffId.value = ' P01 '
    staffId.dispatchEvent(new Event('input'))
    const pin = document.getElementById('proctor-pin') as HTMLInputElement
    pin.value = '24681357'
    pin.dispatchEvent(new Event('input'))
    pin.form?.dispatchEvent(new Event('submit', { cancelable: true }))
    await flushPromises()
    expect(station.callsOf('proctor.login')).toEqual([{ pin: '24681357', staffId: 'P01' }])
  })

  it("shows the start form only once the station's status is in, so a typed id meets the roster", async () => {
    const station = new StaffStation()
    station.on('proctor.login', () => ({ token: 'k'.repeat(43), role: 'proctor', idleTimeoutMs: 600_000 }))
    station.on('proctor.status', () => ({
      exam: { id: 'e', title: 'Sample exam', durationMinutes: 30, accommodationsAllowed: true },
      session: null,
      interrupted: [],
      rosterCount: 3,
    }))
    station.on('proctor.incidents', () => ({ sessionId: null, incidents: [], latestSeq: 0 }))
    // The station is slow to answer the status (a loaded lab PC): it answers when the test lets it.
    let answer: () => void = () => undefined
    const slow = new Promise<void>((done) => (answer = done))
    const call = station.call.bind(station)
    vi.spyOn(station, 'call').mockImplementation(async (method, input) => {
      if (method === 'proctor.status') await slow
      return call(method, input)
    })
    const { plugins } = setUpTestApp(station)
    const host = document.createElement('div')
    host.id = 'app'
    document.body.append(host)
    wrapper = mount(App, { global: { plugins }, attachTo: host })
    await flushPromises()
    chord()
    await flushPromises()
    const pin = document.getElementById('proctor-pin') as HTMLInputElement
    pin.value = '246810'
    pin.dispatchEvent(new Event('input'))
    pin.form?.dispatchEvent(new Event('submit', { cancelable: true }))
    await flushPromises()
    expect(document.getElementById('start-candidate-id')).toBeNull()

    answer()
    await flushPromises()
    expect(document.getElementById('start-candidate-id')).not.toBeNull()
    expect(document.getElementById('start-candidate-name')).toBeNull()
  })
})

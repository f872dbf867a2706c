// @vitest-environment jsdom
import type { ProctorSessionView, ProctorStatus } from '@contract'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { useProctorStore } from '../../stores/proctor'
import { StaffStation } from '../../testing/staffStation'
import { setUpTestApp } from '../../testing/testApp'
import ProctorSessionCard from './ProctorSessionCard.vue'

const MIN = 60_000
const session = (overrides: Partial<ProctorSessionView> = {}): ProctorSessionView => ({
  sessionId: 'ses_a',
  state: 'running',
  candidate: { candidateId: 'C-001', name: 'Chan Tai Man' },
  time: { allowedMs: 60 * MIN, elapsedMs: 50 * MIN, remainingMs: 10 * MIN },
  answeredCount: 36,
  unitCount: 39,
  questions: { answered: 33, total: 35 },
  extensions: [],
  extensionMinutesLeft: 240,
  exitUnlockedAt: null,
  startHeld: false,
  ...overrides,
})
const statusWith = (view: ProctorSessionView): ProctorStatus => ({
  exam: { id: 'e', title: 'Sample', durationMinutes: 60, accommodationsAllowed: true },
  session: view,
  interrupted: [],
  rosterCount: 0,
})

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  document.body.innerHTML = ''
  vi.useRealTimers()
})

async function mountCard(view: ProctorSessionView, extend?: (minutes: number) => ProctorSessionView | null) {
  const station = new StaffStation()
  let current = view
  station.on('proctor.login', () => ({ token: 't'.repeat(43), role: 'proctor', idleTimeoutMs: 600_000 }))
  station.on('proctor.status', () => statusWith(current))
  station.on('proctor.extend', ({ minutes }) => {
    const next = extend?.(minutes)
    if (!next) return { code: 'EXTENSION_LIMIT', message: 'limit', details: { maxMinutes: 3 } }
    current = next
    return statusWith(current)
  })
  const { plugins } = setUpTestApp(station)
  await useProctorStore().login('246810')
  wrapper = mount(ProctorSessionCard, { global: { plugins }, attachTo: document.body })
  await flushPromises()
  return { station, card: wrapper }
}

describe('the proctor session card', () => {
  it('counts questions as the candidate does, and says how', async () => {
    const { card } = await mountCard(session())
    expect(card.get('[data-testid="proctor-answered"]').text()).toBe('33 of 35')
    expect(card.get('[data-testid="proctor-answered"]').attributes('aria-describedby')).toBe('proctor-answered-help')
    expect(card.get('#proctor-answered-help').text()).toContain('a scenario is one question')
  })

  it('asks to confirm an extension with the new end time before sending it, and can be cancelled', async () => {
    vi.useFakeTimers({ now: new Date(2026, 4, 1, 10, 0), toFake: ['Date'] })
    const { station, card } = await mountCard(session(), (minutes) =>
      session({ time: { allowedMs: (60 + minutes) * MIN, elapsedMs: 50 * MIN, remainingMs: (10 + minutes) * MIN } }),
    )
    await card.get('#extend-minutes').setValue('20')
    await card.get('#extend-reason').setValue('Fire alarm')
    await card.get('form.extend-time').trigger('submit')
    // Ten minutes were left at 10:00; twenty more make the end 10:30.
    expect(card.get('[data-testid="extend-question"]').text().replace(/\s/g, ' ')).toBe(
      'Add 20 minutes? The exam will then end at 10:30 AM, with 30:00 left.',
    )
    expect(document.activeElement?.id).toBe('extend-question')
    expect(station.callsOf('proctor.extend')).toEqual([])

    await card
      .findAll('button')
      .find((button) => button.text() === 'Cancel')
      ?.trigger('click')
    expect(card.find('[data-testid="extend-question"]').exists()).toBe(false)
    expect(station.callsOf('proctor.extend')).toEqual([])

    await card.get('form.extend-time').trigger('submit')
    await card
      .findAll('button')
      .find((button) => button.text() === 'Add 20 minutes')
      ?.trigger('click')
    await flushPromises()
    expect(station.callsOf('proctor.extend')).toEqual([{ token: 't'.repeat(43), minutes: 20, reason: 'Fire alarm' }])
    expect(card.get('[data-testid="proctor-remaining"]').text()).toBe('30:00')
  })

  it("refuses minutes outside what is left beside the field, before asking, and the core's limit there too", async () => {
    const { station, card } = await mountCard(session({ extensionMinutesLeft: 30 }), () => null)
    expect(card.get('#extend-limit').text()).toBe('Up to 30 more minutes can be added to this session.')
    await card.get('#extend-reason').setValue('Power cut')
    for (const minutes of ['600', '0', '2.5']) {
      await card.get('#extend-minutes').setValue(minutes)
      await card.get('form.extend-time').trigger('submit')
      await flushPromises()
      expect(card.get('#extend-minutes').attributes('aria-invalid')).toBe('true')
      expect(card.get('#extend-minutes-error').text()).toBe('Extra time must be 1–30 minutes.')
      expect(card.find('[data-testid="extend-question"]').exists()).toBe(false)
    }
    expect(document.activeElement?.id).toBe('extend-minutes')

    // Another proctor (or the room) added time meanwhile: the core refuses with what is left now.
    await card.get('#extend-minutes').setValue('10')
    await card.get('form.extend-time').trigger('submit')
    await card
      .findAll('button')
      .find((button) => button.text() === 'Add 10 minutes')
      ?.trigger('click')
    await flushPromises()
    expect(station.callsOf('proctor.extend')).toHaveLength(1)
    expect(card.get('#extend-minutes-error').text()).toBe('Extra time must be 1–3 minutes.')
    expect(card.get('#extend-minutes').attributes('aria-invalid')).toBe('true')
  })

  it('says when a session has had all the extra time it may be given', async () => {
    const given = [
      { minutes: 20, reason: 'Fire alarm', at: '2026-05-01T09:10:00.000Z' },
      { minutes: 10, reason: 'Power cut', at: '2026-05-01T09:30:00.000Z' },
    ]
    const { card } = await mountCard(session({ extensionMinutesLeft: 0, extensions: given }))
    expect(card.get('#extend-limit').text()).toBe(
      'This session has had all the extra time it may be given (30 minutes).',
    )
    await card.get('#extend-reason').setValue('Power cut')
    await card.get('form.extend-time').trigger('submit')
    expect(card.get('#extend-minutes-error').text()).toBe(
      'This session has had all the extra time it may be given (30 minutes).',
    )
  })
})

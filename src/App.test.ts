// @vitest-environment jsdom
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import App from './App.vue'
import { FINISHED_POLL_MS } from './composables/useStationLifecycle'
import { ROOM_NOTICES_POLL_MS } from './stores/roomNotices'
import { useSessionStore } from './stores/session'
import { usePreferencesStore } from './stores/preferences'
import { FakeStation } from './testing/fakeStation'
import { setUpTestApp } from './testing/testApp'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  document.body.innerHTML = ''
})

async function mountApp(station: FakeStation): Promise<VueWrapper> {
  const { plugins } = setUpTestApp(station)
  wrapper = mount(App, { global: { plugins }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

const buttonNamed = (view: VueWrapper, name: string) => {
  const found = view.findAll('button').find((button) => button.text() === name)
  if (!found)
    throw new Error(
      `no button "${name}" in: ${view
        .findAll('button')
        .map((b) => b.text())
        .join(' | ')}`,
    )
  return found
}

const key = (code: string, init: KeyboardEventInit = {}): void => {
  document.body.dispatchEvent(new KeyboardEvent('keydown', { code, bubbles: true, cancelable: true, ...init }))
}

describe('App', () => {
  it('says plainly when no exam is installed', async () => {
    const station = new FakeStation()
    station.installed = false
    const view = await mountApp(station)
    expect(view.get('[role="status"]').text()).toBe('No exam is installed on this station. Please ask the proctor.')
  })

  it('takes a candidate from check-in through the rules to the first question', async () => {
    const station = new FakeStation()
    const view = await mountApp(station)
    expect(view.text()).toContain('Sample certification')
    await buttonNamed(view, 'Check in').trigger('click')

    await view.get('form').trigger('submit')
    expect(view.findAll('.field-error')).toHaveLength(2)
    await view.get('#candidate-id').setValue('  C-042 ')
    await view.get('#candidate-name').setValue('林小美')
    await view.get('form').trigger('submit')
    expect(view.get('dl').text()).toBe('Candidate IDC-042Full name林小美')
    await buttonNamed(view, 'Yes, check me in').trigger('click')
    await flushPromises()
    expect(station.callsOf('session.checkIn')).toEqual([{ candidateId: 'C-042', name: '林小美' }])

    expect(view.get('h2').text()).toBe('Before you start')
    await buttonNamed(view, 'Start the exam').trigger('click')
    expect(view.find('#accept-rules-error').exists()).toBe(true)
    expect(station.callsOf('session.acknowledgeRules')).toHaveLength(0)
    await view.get('#accept-rules').setValue(true)
    await buttonNamed(view, 'Start the exam').trigger('click')
    await flushPromises()

    expect(view.get('#question-heading').text()).toBe('Question 1 of 3')
    expect(view.get('[role="timer"]').text()).toBe('30:00')
  })

  it('goes back to the welcome screen once the finished session is purged from the station', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      const station = new FakeStation()
      const view = await mountApp(station)
      await buttonNamed(view, 'Check in').trigger('click')
      await view.get('#candidate-id').setValue('C-042')
      await view.get('#candidate-name').setValue('林小美')
      await view.get('form').trigger('submit')
      await buttonNamed(view, 'Yes, check me in').trigger('click')
      await flushPromises()
      // The sitting ends (as after the rules, the questions and Submit); the store learns it from the core.
      Object.assign(station.session ?? {}, { state: 'submitted', submitReason: 'candidate' })
      await useSessionStore().hydrate()
      await flushPromises()
      expect(view.get('main').attributes('data-screen')).toBe('submitted')
      await vi.advanceTimersByTimeAsync(FINISHED_POLL_MS)
      expect(view.get('main').attributes('data-screen')).toBe('submitted')
      // This candidate sat with larger text and high contrast.
      const preferences = usePreferencesStore()
      preferences.stepFont(1)
      preferences.setHighContrast(true)

      // The admin exports and purges: the core releases the desk, session.current answers null.
      station.session = null
      const asked = station.callsOf('session.current').length
      await vi.advanceTimersByTimeAsync(FINISHED_POLL_MS)
      await flushPromises()
      expect(station.callsOf('session.current').length).toBeGreaterThan(asked)
      // The welcome screen, not the last candidate's check-in form.
      expect(view.get('main').attributes('data-screen')).toBe('home')
      expect(buttonNamed(view, 'Check in').exists()).toBe(true)
      // ...and the next candidate starts from the defaults, not from the last one's display settings.
      await flushPromises()
      expect({ fontScale: preferences.fontScale, highContrast: preferences.highContrast }).toEqual({
        fontScale: 100,
        highContrast: false,
      })
    } finally {
      vi.useRealTimers()
    }
  })

  it('on a free station, an exam the room moved here replaces the welcome screen, saying the seat, answers kept and time left', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      const station = new FakeStation()
      const view = await mountApp(station)
      expect(view.get('main').attributes('data-screen')).toBe('home')
      // The room link hands the moved session to the desk; the welcome screen's next question to the core finds it.
      station.startRunning({
        state: 'recovered',
        answers: [{ unitId: 'tf-1', response: false, revision: 1, savedAt: '2026-05-01T09:12:00.000Z' }],
        time: { state: 'recovered', allowedMs: 1_800_000, elapsedMs: 1_000_000, remainingMs: 800_000, warnings: [] },
        movedHere: { seat: 'A-01', movedAt: '2026-05-01T09:40:00.000Z', kept: { answered: 1, total: 3 } },
      })
      await vi.advanceTimersByTimeAsync(FINISHED_POLL_MS)
      await flushPromises()
      expect(view.get('main').attributes('data-screen')).toBe('instructions')
      const moved = view.get('[data-testid="moved-here"]')
      expect(moved.findAll('li').map((item) => item.text())).toEqual([
        'Seat: A-01',
        'Answers: 1 of 3 questions answered, every answer kept',
        'Time left: 13:20. The clock stopped with the other computer and starts again when you continue.',
      ])
      expect(view.text()).toContain('Candidate: 陳大文 (C-001)')
      vi.useRealTimers()
      await view.get('#accept-rules').setValue(true)
      await buttonNamed(view, 'Continue the exam').trigger('click')
      await flushPromises()
      expect(station.callsOf('session.acknowledgeRules')).toHaveLength(1)
      expect(view.get('#question-heading').text()).toBe('Question 1 of 3')
    } finally {
      vi.useRealTimers()
    }
  })

  it('in a room, the rules wait for the proctor to start the exam, then Start works without a reload', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      const station = new FakeStation()
      station.roomNotices = { linked: true, startReleased: false, announcements: [] }
      station.startRunning({
        state: 'checked_in',
        rulesAcknowledged: false,
        time: { state: 'checked_in', allowedMs: 1_800_000, elapsedMs: 0, remainingMs: 1_800_000, warnings: [] },
      })
      const view = await mountApp(station)
      expect(view.get('main').attributes('data-screen')).toBe('instructions')
      const waiting = view.get('[data-testid="waiting-for-release"]')
      expect(waiting.attributes('role')).toBe('status')
      expect(waiting.text()).toMatch(/^Waiting for the proctor to start the exam\./)
      await view.get('#accept-rules').setValue(true)
      expect(buttonNamed(view, 'Start the exam').attributes('disabled')).toBeDefined()

      // The room's signed release reaches the station; the screen's next question to the core learns it.
      station.roomNotices = {
        linked: true,
        startReleased: true,
        announcements: [{ id: 'cmd-2', message: 'You may begin.', at: '2026-05-01T09:00:00.000Z' }],
      }
      await vi.advanceTimersByTimeAsync(ROOM_NOTICES_POLL_MS)
      await flushPromises()
      expect(view.find('[data-testid="waiting-for-release"]').exists()).toBe(false)
      expect(view.get('[data-testid="room-notices-panel"]').text()).toContain('You may begin.')
      expect(view.get('[data-testid="live-polite"]').text()).toBe(
        'The proctor has started the exam. You may start now.',
      )
      vi.useRealTimers()
      await buttonNamed(view, 'Start the exam').trigger('click')
      await flushPromises()
      expect(view.get('#question-heading').text()).toBe('Question 1 of 3')
    } finally {
      vi.useRealTimers()
    }
  })

  it('words a refused check-in for the candidate: what to check, or to raise a hand for the proctor', async () => {
    const station = new FakeStation()
    station.failNext('session.checkIn', 'NOT_ON_ROSTER')
    station.failNext('session.checkIn', 'ENVIRONMENT_BLOCKED')
    const view = await mountApp(station)
    await buttonNamed(view, 'Check in').trigger('click')
    await view.get('#candidate-id').setValue('C-404')
    await view.get('#candidate-name').setValue('Mallory')
    await view.get('form').trigger('submit')
    await buttonNamed(view, 'Yes, check me in').trigger('click')
    await flushPromises()
    expect(view.get('[role="alert"]').text()).toBe(
      "This candidate ID is not on today's list. Check your admission ticket, or raise your hand for the proctor.",
    )
    await buttonNamed(view, 'Yes, check me in').trigger('click')
    await flushPromises()
    // Not the staff wording ("the proctor may start anyway with a reason"): the candidate cannot override.
    expect(view.get('[role="alert"]').text()).toContain('Raise your hand: the proctor will help you.')
  })

  it('after a reload, comes back to the same question with answers, flags and time from the core', async () => {
    const station = new FakeStation()
    station.startRunning({
      answers: [{ unitId: 'tf-1', response: false, revision: 7, savedAt: '2026-05-01T09:12:00.000Z' }],
      flags: ['tf-1'],
      position: 'tf-1',
      time: { state: 'running', allowedMs: 1_800_000, elapsedMs: 1_000_000, remainingMs: 800_000, warnings: [] },
    })
    const view = await mountApp(station)

    expect(view.get('#question-heading').text()).toBe('Question 3 of 3')
    expect(view.get('#question-stem').text()).toBe('The sky is blue.')
    const radios = view.findAll<HTMLInputElement>('input[type="radio"]').map((radio) => radio.element.checked)
    expect(radios).toEqual([false, true])
    expect(view.get('.flag-toggle').text()).toContain('Remove flag')
    expect(view.get('[role="timer"]').text()).toBe('13:20')
    expect(view.get('[role="status"]').text()).toContain('Saved')
  })

  it('shows a failed save, announces it, keeps the answer and retries', async () => {
    const station = new FakeStation()
    station.startRunning()
    const view = await mountApp(station)
    station.failNext('session.saveAnswer', 'STORAGE_FAILED')
    await view.findAll('input[type="radio"]')[1]?.setValue(true)
    await flushPromises()

    expect(view.get('[role="status"]').text()).toContain('Not saved — please call the proctor')
    expect(view.get('[data-testid="live-assertive"]').text()).toBe(
      'Your answer was not saved — please call the proctor.',
    )
    expect(view.findAll<HTMLInputElement>('input[type="radio"]')[1]?.element.checked).toBe(true)

    await buttonNamed(view, 'Try saving again').trigger('click')
    await flushPromises()
    expect(view.get('[role="status"]').text()).toContain('Saved')
    expect(station.session?.answers).toMatchObject([{ unitId: 'single-1', response: 'A' }])
  })

  it('answers the keyboard shortcuts that it lists', async () => {
    const station = new FakeStation()
    station.startRunning()
    const view = await mountApp(station)
    expect(view.text()).toContain('Alt+N')

    key('Digit3')
    await flushPromises()
    expect(station.session?.answers).toMatchObject([{ unitId: 'single-1', response: 'D' }])

    key('KeyN', { altKey: true })
    await flushPromises()
    expect(view.get('#question-heading').text()).toBe('Question 2 of 3')
    expect(document.activeElement?.id).toBe('question-heading')

    key('KeyF', { altKey: true })
    await flushPromises()
    expect(station.session?.flags).toEqual(['multiple-1'])
    expect(view.get('[data-testid="live-polite"]').text()).toBe('Question flagged for review.')

    key('PageUp')
    await flushPromises()
    expect(view.get('#question-heading').text()).toBe('Question 1 of 3')

    key('KeyR', { altKey: true })
    await flushPromises()
    expect(view.get('h2').text()).toBe('Review your answers')
  })
})

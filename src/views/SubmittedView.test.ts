// @vitest-environment jsdom
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import TimeAddedNotice from '../components/TimeAddedNotice.vue'
import { useAnnouncerStore } from '../stores/announcer'
import { useSessionStore } from '../stores/session'
import { FakeStation } from '../testing/fakeStation'
import { setUpTestApp } from '../testing/testApp'
import SubmittedView from './SubmittedView.vue'

/** What the candidate is told of the proctor's actions: time added, and a session the proctor ended. */
afterEach(() => {
  document.body.innerHTML = ''
})

const MIN = 60_000

async function running() {
  const station = new FakeStation()
  station.startRunning()
  const { plugins } = setUpTestApp(station)
  const session = useSessionStore()
  await session.hydrate()
  return { station, plugins, session }
}

describe('the candidate told of the proctor', () => {
  it('shows and speaks the minutes a proctor added, once, until the candidate closes the notice', async () => {
    const { plugins, session } = await running()
    const notice = mount(TimeAddedNotice, { global: { plugins } })
    const time = session.time ?? { state: 'running' as const, allowedMs: 0, elapsedMs: 0, remainingMs: 0, warnings: [] }
    session.applyTime({ ...time, elapsedMs: MIN, remainingMs: time.remainingMs - MIN })
    await flushPromises()
    expect(notice.find('[data-testid="time-added"]').exists()).toBe(false)

    session.applyTime({ ...time, allowedMs: time.allowedMs + 10 * MIN, remainingMs: time.remainingMs + 9 * MIN })
    await flushPromises()
    expect(notice.get('[data-testid="time-added"] p').text()).toBe('The proctor added 10 minutes to your exam.')
    expect(useAnnouncerStore().assertive).toMatchObject({ key: 'timer.added', params: { minutes: 10 }, count: 10 })
    session.applyTime({ ...time, allowedMs: time.allowedMs + 10 * MIN, remainingMs: time.remainingMs + 8 * MIN })
    await flushPromises()
    expect(notice.get('[data-testid="time-added"] p').text()).toBe('The proctor added 10 minutes to your exam.')

    await notice.get('button').trigger('click')
    expect(notice.find('[data-testid="time-added"]').exists()).toBe(false)
    notice.unmount()
  })

  it('shows a distinct screen when the proctor ended the session, learned at the next tick, without the note', async () => {
    const { station, plugins, session } = await running()
    const view = station.session
    if (!view) throw new Error('no session')
    // The proctor ends the session: the next tick says "submitted", and the store asks who ended it.
    Object.assign(view, { state: 'submitted', submitReason: 'proctor' })
    session.applyTime({ ...view.time, state: 'submitted' })
    await flushPromises()
    expect(session.submitReason).toBe('proctor')
    const screen = mount(SubmittedView, { global: { plugins } })
    expect(screen.get('h2').text()).toContain('The proctor ended your exam')
    expect(screen.text()).toContain('Your answers up to that moment have been submitted.')
    expect(screen.text()).not.toContain('Your exam has been submitted')
    screen.unmount()
  })

  it('keeps the usual screen when the candidate submitted', async () => {
    const { plugins, session } = await running()
    await session.submit()
    const screen = mount(SubmittedView, { global: { plugins } })
    expect(screen.get('h2').text()).toContain('Your exam has been submitted')
    expect(screen.text()).not.toContain('The proctor ended your exam')
    screen.unmount()
  })
})

describe('the receipt', () => {
  it('shows candidate, exam and code after submitting, keeps them after a reload, and prints', async () => {
    const { station, plugins, session } = await running()
    await session.submit()
    const view = mount(SubmittedView, { global: { plugins } })
    const receipt = view.get('[data-testid="receipt"]')
    expect(receipt.text()).toContain('陳大文 (C-001)')
    expect(view.get('[data-testid="receipt-code"]').text()).toBe('ABCDE-FGH23')

    const print = vi.spyOn(window, 'print').mockImplementation(() => undefined)
    await receipt.get('button').trigger('click')
    expect(print).toHaveBeenCalledOnce()

    session.reset()
    await session.hydrate()
    await flushPromises()
    expect(station.callsOf('session.current').length).toBeGreaterThan(0)
    expect(view.get('[data-testid="receipt-code"]').text()).toBe('ABCDE-FGH23')
    view.unmount()
  })
})

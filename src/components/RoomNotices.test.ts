// @vitest-environment jsdom
import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import { useRoomNoticesStore } from '../stores/roomNotices'
import { FakeStation } from '../testing/fakeStation'
import { settle, setUpTestApp } from '../testing/testApp'
import RoomNotices from './RoomNotices.vue'

const FIRST = { id: 'cmd-1', message: 'Calculators away, please.', at: '2026-11-23T01:05:00.000Z' }
const SECOND = { id: 'cmd-2', message: '30 minutes left', at: '2026-11-23T01:40:00.000Z' }

let cleanup: (() => void) | undefined
afterEach(() => {
  cleanup?.()
  document.body.innerHTML = ''
})

async function mountNotices() {
  const station = new FakeStation()
  station.roomNotices = { linked: true, startReleased: false, announcements: [] }
  const { plugins } = setUpTestApp(station)
  const notices = useRoomNoticesStore()
  // An answer box beside the notice, as on the exam screen.
  const answer = document.createElement('textarea')
  document.body.append(answer)
  const host = document.createElement('div')
  document.body.append(host)
  const wrapper = mount(RoomNotices, { global: { plugins }, attachTo: host })
  cleanup = () => wrapper.unmount()
  const arrive = async (...announcements: (typeof FIRST)[]) => {
    station.roomNotices = { ...station.roomNotices, announcements }
    await notices.refresh()
    await settle()
    await nextTick()
  }
  return { wrapper, station, notices, answer, arrive }
}

describe('RoomNotices', () => {
  it('has its polite live region in the page before anything arrives, then reads a new announcement there once', async () => {
    const { wrapper, arrive } = await mountNotices()
    const live = wrapper.get('[data-testid="room-notice-live"]')
    expect(live.attributes('aria-live')).toBe('polite')
    expect(live.text()).toBe('')
    await arrive(FIRST)
    expect(live.text()).toMatch(/^Announcement from the proctor, .+: Calculators away, please\.$/)
    const panel = wrapper.get('[data-testid="room-notices-panel"]')
    expect(panel.element.tagName).toBe('SECTION')
    expect(panel.attributes('aria-labelledby')).toBe('room-notices-title')
    expect(panel.get('time').attributes('datetime')).toBe(FIRST.at)
  })

  it('shows the newest first and never moves focus from an answer being typed when one arrives', async () => {
    const { wrapper, answer, arrive } = await mountNotices()
    answer.focus()
    await arrive(FIRST)
    // A composition in progress (an IME) would be broken by a focus change: the caret stays in the answer.
    expect(document.activeElement).toBe(answer)
    await arrive(SECOND, FIRST)
    expect(document.activeElement).toBe(answer)
    expect(wrapper.findAll('li p').map((p) => p.text())).toEqual(['30 minutes left', 'Calculators away, please.'])
    expect(wrapper.get('[data-testid="room-notice-live"]').text()).toContain('30 minutes left')
  })

  it('the candidate closes it with the keyboard and finds it again as "Announcements (2)"', async () => {
    const { wrapper, notices, arrive } = await mountNotices()
    await arrive(SECOND, FIRST)
    const hide = wrapper.get('[data-testid="room-notices-panel"] button')
    ;(hide.element as HTMLButtonElement).focus()
    await wrapper.get('[data-testid="room-notices-panel"]').trigger('keydown', { key: 'Escape' })
    await nextTick()
    await nextTick()
    expect(wrapper.find('[data-testid="room-notices-panel"]').exists()).toBe(false)
    const show = wrapper.get('[data-testid="room-notices-show"]')
    expect(show.text()).toBe('Announcements (2)')
    expect(show.attributes('aria-expanded')).toBe('false')
    // The candidate's own Escape put focus on the button that took the list's place, not on the page.
    expect(document.activeElement).toBe(show.element)
    expect(notices.open).toBe(false)

    await show.trigger('click')
    await nextTick()
    await nextTick()
    expect(wrapper.findAll('li')).toHaveLength(2)
    // The same two again: nothing new, so a poll does not reopen a list the candidate closed.
    await wrapper.get('[data-testid="room-notices-panel"] button').trigger('click')
    await arrive(SECOND, FIRST)
    expect(wrapper.find('[data-testid="room-notices-panel"]').exists()).toBe(false)
    // A new one opens it again.
    const third = { id: 'cmd-3', message: 'Pens down in 5 minutes', at: '2026-11-23T02:00:00.000Z' }
    await arrive(third, SECOND, FIRST)
    expect(wrapper.get('[data-testid="room-notices-panel"] li p').text()).toBe('Pens down in 5 minutes')
  })

  it('shows nothing but its empty live region when the room has said nothing', async () => {
    const { wrapper, arrive } = await mountNotices()
    await arrive()
    expect(wrapper.find('section').exists()).toBe(false)
    expect(wrapper.find('button').exists()).toBe(false)
  })
})

// @vitest-environment jsdom
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import { useSessionStore } from '../stores/session'
import { generatedExam, sampleExam } from '../testing/sampleExam'
import { FakeStation } from '../testing/fakeStation'
import { settle, setUpTestApp } from '../testing/testApp'
import ItemNavigator from './ItemNavigator.vue'
import NavigatorButton from './NavigatorButton.vue'

async function mountNavigator(station: FakeStation) {
  const { plugins } = setUpTestApp(station)
  const session = useSessionStore()
  await session.hydrate()
  let updates = 0
  const wrapper = mount(ItemNavigator, {
    props: { sections: station.exam.sections, contentLang: station.exam.language },
    global: { plugins, mixins: [{ updated: () => void updates++ }] },
  })
  return { wrapper, session, updatedSince: () => updates, resetUpdates: () => (updates = 0) }
}

const button = (wrapper: Awaited<ReturnType<typeof mountNavigator>>['wrapper'], itemId: string) =>
  wrapper.get(`[data-item-id="${itemId}"]`)

describe('ItemNavigator', () => {
  it('shows answered, partly answered, flagged and current in words as well as looks', async () => {
    const station = new FakeStation(sampleExam())
    station.startRunning({
      answers: [
        { unitId: 'single-1', response: 'A', revision: 1, savedAt: '2026-05-01T09:00:00.000Z' },
        { unitId: 'scenario-1-a', response: 'B', revision: 2, savedAt: '2026-05-01T09:00:00.000Z' },
      ],
      flags: ['tf-1'],
      position: 'multiple-1',
    })
    const { wrapper } = await mountNavigator(station)

    expect(wrapper.findAll('h3').map((heading) => heading.text())).toEqual(['Choice questions', 'Written questions'])
    expect(button(wrapper, 'single-1').text()).toContain('Question 1, answered')
    expect(button(wrapper, 'single-1').classes()).toContain('answered')
    expect(button(wrapper, 'scenario-1').text()).toContain('Question 2, partly answered')
    expect(button(wrapper, 'tf-1').text()).toContain('Question 3, not answered, flagged')
    expect(button(wrapper, 'multiple-1').attributes('aria-current')).toBe('step')
    expect(wrapper.findAll('[aria-current]')).toHaveLength(1)
  })

  it('marks a question whose save failed', async () => {
    const station = new FakeStation(sampleExam())
    station.startRunning()
    const { wrapper, session } = await mountNavigator(station)
    station.failNext('session.saveAnswer')
    session.answer('tf-1', false)
    await session.settled()
    await nextTick()
    expect(button(wrapper, 'tf-1').text()).toContain('answered, not saved')
    expect(button(wrapper, 'tf-1').classes()).toContain('not-saved')
  })

  it('moves to a question when its button is pressed', async () => {
    const station = new FakeStation(sampleExam())
    station.startRunning()
    const { wrapper, session } = await mountNavigator(station)
    await button(wrapper, 'short-1').trigger('click')
    expect(session.currentItem?.item.id).toBe('short-1')
    expect(button(wrapper, 'short-1').attributes('aria-current')).toBe('step')
    expect(button(wrapper, 'single-1').attributes('aria-current')).toBeUndefined()
  })

  it('with 1000 questions, an answer re-renders one button and a move re-renders two', async () => {
    const station = new FakeStation(generatedExam(1000))
    station.startRunning()
    const { wrapper, session, updatedSince, resetUpdates } = await mountNavigator(station)
    expect(wrapper.findAllComponents(NavigatorButton)).toHaveLength(1000)

    resetUpdates()
    session.answer('item-500', 'B')
    await session.settled()
    await settle()
    await nextTick()
    expect(button(wrapper, 'item-500').classes()).toContain('answered')
    expect(updatedSince()).toBe(1)

    resetUpdates()
    session.goTo('item-731')
    await nextTick()
    expect(updatedSince()).toBe(2)
  })
})

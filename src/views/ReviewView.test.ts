// @vitest-environment jsdom
import { mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import { useSessionStore } from '../stores/session'
import { FakeStation } from '../testing/fakeStation'
import { settle, setUpTestApp } from '../testing/testApp'
import ReviewView from './ReviewView.vue'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  document.body.innerHTML = ''
})

async function mountReview() {
  const station = new FakeStation()
  station.startRunning({
    answers: [
      { unitId: 'single-1', response: 'A', revision: 1, savedAt: '2026-05-01T09:00:00.000Z' },
      { unitId: 'tf-1', response: false, revision: 2, savedAt: '2026-05-01T09:00:00.000Z' },
      { unitId: 'scenario-1-a', response: 'B', revision: 3, savedAt: '2026-05-01T09:00:00.000Z' },
    ],
    flags: ['tf-1', 'short-1'],
    struckOptions: [{ unitId: 'single-1', letters: ['C'] }],
  })
  const { plugins } = setUpTestApp(station)
  const session = useSessionStore()
  await session.hydrate()
  session.setReviewing(true)
  wrapper = mount(ReviewView, { global: { plugins }, attachTo: document.body })
  return { wrapper, session, station }
}

const listItems = (view: VueWrapper, labelId: string): string[] =>
  view.findAll(`ul[aria-labelledby="${labelId}"] li`).map((item) => item.text())

describe('ReviewView', () => {
  it('lists unanswered (including partly answered) and flagged questions', async () => {
    const { wrapper: view } = await mountReview()
    expect(view.text()).toContain('You have answered 2 of 5 questions.')
    expect(view.get('#review-unanswered').text()).toBe('Not answered (3)')
    expect(listItems(view, 'review-unanswered')).toEqual([
      'Choice questions, question 2',
      'Written questions, question 1',
      'Written questions, question 2 (partly answered)',
    ])
    expect(listItems(view, 'review-flagged')).toEqual([
      '⚑ Choice questions, question 3',
      '⚑ Written questions, question 1',
    ])
  })

  it('shows every question in a grid with its status spoken, and arrow keys move between them', async () => {
    const { wrapper: view } = await mountReview()
    const cells = view.findAll('[data-testid="review-grid"] button')
    expect(cells.map((cell) => cell.get('.visually-hidden').text())).toEqual([
      'Question 1, answered, options struck out',
      'Question 2, not answered',
      'Question 3, answered, flagged',
      'Question 1, not answered, flagged',
      'Question 2, partly answered',
    ])
    ;(cells[0]?.element as HTMLElement).focus()
    await cells[0]?.trigger('keydown', { key: 'ArrowRight' })
    expect(document.activeElement).toBe(cells[1]?.element)
    await cells[1]?.trigger('keydown', { key: 'End' })
    expect(document.activeElement).toBe(cells[4]?.element)
  })

  it('takes the candidate back to a listed question', async () => {
    const { wrapper: view, session } = await mountReview()
    await view.findAll('ul[aria-labelledby="review-flagged"] button')[1]?.trigger('click')
    expect(session.reviewing).toBe(false)
    expect(session.currentItem?.item.id).toBe('short-1')
  })

  it('asks for confirmation in a modal that starts on Cancel and closes with Esc', async () => {
    const { wrapper: view, station } = await mountReview()
    const submit = view.findAll('button').find((button) => button.text() === 'Submit the exam')
    ;(submit?.element as HTMLElement).focus()
    await submit?.trigger('click')
    await nextTick()

    const dialog = document.querySelector<HTMLElement>('[role="dialog"]')
    expect(dialog?.getAttribute('aria-modal')).toBe('true')
    expect(document.getElementById(dialog?.getAttribute('aria-labelledby') ?? '')?.textContent).toBe(
      'Submit your exam?',
    )
    expect(dialog?.textContent).toContain('3 questions have no answer.')
    expect(dialog?.textContent).toContain('2 questions are still flagged.')
    expect(document.activeElement?.textContent).toBe('Go back')

    dialog?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))
    await nextTick()
    expect(document.querySelector('[role="dialog"]')).toBeNull()
    expect(document.activeElement).toBe(submit?.element)
    expect(station.callsOf('session.submit')).toHaveLength(0)
  })

  it('keeps Tab inside the dialog', async () => {
    const { wrapper: view } = await mountReview()
    await view
      .findAll('button')
      .find((button) => button.text() === 'Submit the exam')
      ?.trigger('click')
    await nextTick()
    const buttons = [...document.querySelectorAll<HTMLButtonElement>('[role="dialog"] button')]
    buttons[1]?.focus()
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true }))
    expect(document.activeElement).toBe(buttons[0])
    document.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Tab', shiftKey: true, bubbles: true, cancelable: true }),
    )
    expect(document.activeElement).toBe(buttons[1])
  })

  it('submits when confirmed', async () => {
    const { wrapper: view, session, station } = await mountReview()
    await view
      .findAll('button')
      .find((button) => button.text() === 'Submit the exam')
      ?.trigger('click')
    await nextTick()
    document.querySelectorAll<HTMLButtonElement>('[role="dialog"] button')[1]?.click()
    await settle()
    expect(station.callsOf('session.submit')).toHaveLength(1)
    expect(session.state).toBe('submitted')
  })
})

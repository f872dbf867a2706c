// @vitest-environment jsdom
import type { CandidateResponse } from '@contract'
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { useStruckOptionsStore } from '../stores/struckOptions'
import { useSessionStore } from '../stores/session'
import { sampleExam } from '../testing/sampleExam'
import { settle, setUpTestApp } from '../testing/testApp'
import ChoiceOptions from './ChoiceOptions.vue'
import UnitResponse from './UnitResponse.vue'

const single = sampleExam().sections[0]?.items[0]
if (!single) throw new Error('the sample exam has a single-choice item first')

function mountChoices(props: { multiple?: boolean; response?: CandidateResponse; struck?: string[] } = {}) {
  const { plugins } = setUpTestApp()
  return mount(ChoiceOptions, {
    props: {
      unitId: single?.id ?? '',
      options: single?.options ?? [],
      multiple: props.multiple ?? false,
      response: props.response,
      struck: props.struck ?? [],
      labelledBy: 'question-heading question-stem',
    },
    global: { plugins },
  })
}

describe('ChoiceOptions', () => {
  it('labels options by display position while answers carry the original letters', async () => {
    const wrapper = mountChoices()
    const labels = wrapper.findAll('.choice-label').map((label) => label.text())
    expect(labels).toEqual(['A Charlie', 'B Alpha', 'C Delta', 'D Bravo'])

    await wrapper.findAll('input[type="radio"]')[0]?.setValue(true)
    await wrapper.findAll('input[type="radio"]')[3]?.setValue(true)
    expect(wrapper.emitted('answer')).toEqual([['C'], ['B']])
  })

  it('shows the chosen original letter as checked in its displayed position', () => {
    const wrapper = mountChoices({ response: 'A' })
    const checked = wrapper.findAll<HTMLInputElement>('input').map((input) => input.element.checked)
    expect(checked).toEqual([false, true, false, false])
  })

  it('multiple choice ticks and unticks letters and sends them in letter order', async () => {
    const wrapper = mountChoices({ multiple: true, response: ['D'] })
    expect(wrapper.findAll('input[type="checkbox"]')).toHaveLength(4)
    await wrapper.findAll('input')[0]?.trigger('change')
    await wrapper.findAll('input')[2]?.trigger('change')
    expect(wrapper.emitted('answer')).toEqual([[['C', 'D']], [[]]])
  })

  it('names the group by the question and hints how many to choose', () => {
    const wrapper = mountChoices({ multiple: true })
    const group = wrapper.find('fieldset')
    expect(group.attributes('aria-labelledby')).toBe('question-heading question-stem')
    expect(wrapper.find(`#${group.attributes('aria-describedby') ?? ''}`).text()).toBe('Choose all answers that apply.')
  })

  it('offers a strike-out toggle per option, named by position and pressed when struck', async () => {
    const wrapper = mountChoices({ struck: ['A'], response: null })
    const buttons = wrapper.findAll('button.eliminate')
    expect(buttons.map((button) => button.attributes('aria-label'))).toEqual([
      'Strike out option A',
      'Strike out option B',
      'Strike out option C',
      'Strike out option D',
    ])
    expect(buttons.map((button) => button.attributes('aria-pressed'))).toEqual(['false', 'true', 'false', 'false'])
    // Struck is said in words inside the option's label, and the option can still be chosen.
    const struckRow = wrapper.findAll('.choice')[1]
    expect(struckRow?.classes()).toContain('struck')
    expect(struckRow?.find('.choice-label').text()).toBe('B Alpha (struck out)')
    await struckRow?.find('input').setValue(true)
    expect(wrapper.emitted('answer')).toEqual([['A']])

    await buttons[2]?.trigger('click')
    expect(wrapper.emitted('strike')).toEqual([['D']])
  })
})

describe('UnitResponse with choices', () => {
  it('strikes out through the struck options store and answers through the session store', async () => {
    const { plugins, station } = setUpTestApp()
    station.startRunning()
    await useSessionStore().hydrate()
    const unit = useSessionStore().index?.unitById.get('single-1')
    if (!unit) throw new Error('single-1 is in the sample exam')
    const wrapper = mount(UnitResponse, { props: { unit, labelledBy: 'question-stem' }, global: { plugins } })

    await wrapper.findAll('button.eliminate')[0]?.trigger('click')
    expect(useStruckOptionsStore().isStruck('single-1', 'C')).toBe(true)
    expect(wrapper.findAll('button.eliminate')[0]?.attributes('aria-pressed')).toBe('true')

    await wrapper.findAll('input')[0]?.setValue(true)
    expect(useSessionStore().answerOf('single-1')).toBe('C')
    expect(wrapper.find('.unit-clear').exists()).toBe(true)
    expect(station.callsOf('session.setStruckOptions')).toEqual([{ unitId: 'single-1', letters: ['C'] }])
  })

  it('shows the options struck out before a reload as struck once the session is resumed', async () => {
    const { plugins, station } = setUpTestApp()
    station.startRunning({ struckOptions: [{ unitId: 'single-1', letters: ['A', 'B'] }] })
    await useSessionStore().hydrate()
    const unit = useSessionStore().index?.unitById.get('single-1')
    if (!unit) throw new Error('single-1 is in the sample exam')
    const wrapper = mount(UnitResponse, { props: { unit, labelledBy: 'question-stem' }, global: { plugins } })

    // Displayed as C, A, D, B: the struck originals A and B sit second and fourth.
    expect(wrapper.findAll('button.eliminate').map((button) => button.attributes('aria-pressed'))).toEqual([
      'false',
      'true',
      'false',
      'true',
    ])
    expect(wrapper.findAll('.choice.struck').map((row) => row.attributes('data-option-letter'))).toEqual(['A', 'B'])
  })

  it('follows the core when it refuses a strike because the session moved on', async () => {
    const { plugins, station } = setUpTestApp()
    station.startRunning()
    await useSessionStore().hydrate()
    const unit = useSessionStore().index?.unitById.get('single-1')
    if (!unit) throw new Error('single-1 is in the sample exam')
    const wrapper = mount(UnitResponse, { props: { unit, labelledBy: 'question-stem' }, global: { plugins } })
    station.failNext('session.setStruckOptions', 'TIME_UP')
    if (station.session) station.session.state = 'submitted'

    await wrapper.findAll('button.eliminate')[0]?.trigger('click')
    await settle()
    expect(wrapper.findAll('button.eliminate')[0]?.attributes('aria-pressed')).toBe('false')
    expect(useSessionStore().state).toBe('submitted')
  })
})

// @vitest-environment jsdom
import type { CheckMessage, EnvironmentReport, ProctorStatus } from '@contract'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { useProctorStore } from '../../stores/proctor'
import { StaffStation } from '../../testing/staffStation'
import { setUpTestApp } from '../../testing/testApp'
import StartSessionForm from './StartSessionForm.vue'

const message = (key: CheckMessage['key'], params: CheckMessage['params'] = {}): CheckMessage => ({ key, params })

// The core's English sentences are for its log: the screen must show the messages, so these say something else.
const BLOCKING: EnvironmentReport = {
  checks: [
    {
      id: 'displays',
      status: 'unchecked',
      summary: 'core English, not for screens',
      details: 'core English, not for screens',
      messages: { summary: message('displaysNotChecked'), details: message('displaysNotCheckedDetails') },
      evidence: [],
    },
    {
      id: 'remote-session',
      status: 'fail',
      summary: 'core English, not for screens',
      details: 'core English, not for screens',
      messages: { summary: message('remoteSession'), details: message('remoteSessionDetails') },
      evidence: ['process "AnyDesk.exe" matches rule AnyDesk'],
    },
  ],
  blocking: true,
}
const idle: ProctorStatus = {
  exam: { id: 'e', title: 'Sample', durationMinutes: 30, accommodationsAllowed: true },
  session: null,
  interrupted: [],
  rosterCount: 0,
}

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  document.body.innerHTML = ''
})

async function mountForm() {
  const station = new StaffStation()
  station.on('proctor.login', () => ({ token: 't'.repeat(43), role: 'proctor', idleTimeoutMs: 600_000 }))
  station.on('proctor.status', () => idle)
  station.on('proctor.checkEnvironment', () => BLOCKING)
  station.on('proctor.startSession', (input) =>
    input.override ? idle : { code: 'ENVIRONMENT_BLOCKED', message: 'blocked', details: { report: BLOCKING } },
  )
  const { plugins } = setUpTestApp(station)
  await useProctorStore().login('246810')
  wrapper = mount(StartSessionForm, { global: { plugins }, attachTo: document.body })
  await flushPromises()
  return { station, form: wrapper }
}

const fill = async (form: VueWrapper, selector: string, value: string): Promise<void> => {
  await form.find(selector).setValue(value)
}

describe('starting a session after the environment checks', () => {
  it('lists each check with its status in words, its summary and folded evidence', async () => {
    const { station, form } = await mountForm()
    expect(station.callsOf('proctor.checkEnvironment')).toHaveLength(1)
    const items = form.findAll('[data-check]')
    expect(items.map((item) => item.attributes('data-check'))).toEqual(['displays', 'remote-session'])
    expect(items[1]?.text()).toContain('Failed')
    expect(items[1]?.text()).toContain('Remote session:')
    expect(items[1]?.text()).toContain('The app is running in a remote session.')
    expect(items[1]?.find('details').text()).toContain('Someone not at this keyboard sees or controls the exam.')
    // A check that could not run says so; it is not shown as passed.
    expect(items[0]?.text()).toContain('Not checked')
    expect(items[0]?.text()).not.toContain('Passed')
    expect(items[0]?.text()).toContain('Displays are not checked in the browser host.')
    expect(form.text()).not.toContain('core English')
    expect(items[1]?.find('details summary').text()).toBe('Details and evidence')
    expect(items[1]?.find('details').text()).toContain('process "AnyDesk.exe" matches rule AnyDesk')
  })

  it("refuses a blocked start, then starts anyway with the proctor's reason", async () => {
    const { station, form } = await mountForm()
    expect(form.find('#start-override-reason').exists()).toBe(false)
    await fill(form, '#start-candidate-id', 'W-1')
    await fill(form, '#start-candidate-name', 'Walk-in')
    await form.find('form').trigger('submit')
    await flushPromises()
    expect(form.find('[role="alert"]').text()).toBe(
      'An environment check failed; the proctor may start anyway with a reason.',
    )
    const anyway = () => form.findAll('button').find((button) => button.text() === 'Start anyway')
    expect(anyway()?.attributes('disabled')).toBeDefined()
    await fill(form, '#start-override-reason', ' ok ')
    expect(anyway()?.attributes('disabled')).toBeDefined()
    await fill(form, '#start-override-reason', 'Support tool, uninstall scheduled')
    expect(anyway()?.attributes('disabled')).toBeUndefined()
    await anyway()?.trigger('click')
    await flushPromises()
    expect(station.callsOf('proctor.startSession').map((input) => (input as { override?: unknown }).override)).toEqual([
      undefined,
      { reason: 'Support tool, uninstall scheduled' },
    ])
    expect(form.find('[role="alert"]').exists()).toBe(false)
    expect(form.find('#start-override-reason').exists()).toBe(false)
  })
})

describe('finding the candidate on the roster', () => {
  it('looks up an id typed before the roster arrived, once it arrives', async () => {
    const { station, form } = await mountForm()
    station.on('proctor.findCandidates', ({ query }) =>
      query === 'C-001' ? [{ candidateId: 'C-001', name: 'Ann', accommodations: {} }] : [],
    )
    await fill(form, '#start-candidate-id', 'C-001')
    await new Promise((done) => setTimeout(done, 250))
    await flushPromises()
    // No roster yet: the id is a walk-in's, nothing to look up.
    expect(station.callsOf('proctor.findCandidates')).toHaveLength(0)
    expect(form.find('#start-candidate-name').exists()).toBe(true)

    // A status poll brings the roster (a sitting was installed): the typed id is looked up now.
    station.on('proctor.status', () => ({ ...idle, rosterCount: 3 }))
    await useProctorStore().refresh()
    await new Promise((done) => setTimeout(done, 250))
    await flushPromises()
    expect(station.callsOf('proctor.findCandidates')).toEqual([{ token: 't'.repeat(43), query: 'C-001' }])
    expect(form.find('[aria-label="Candidates on the roster"] button').text()).toBe('Ann (C-001)')
    expect(form.find('#start-candidate-name').exists()).toBe(false)
  })
})

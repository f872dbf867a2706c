// @vitest-environment jsdom
import type { GradingItemView, GradingQueueEntry } from '@contract'
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { useAdminStore } from '../../stores/admin'
import { StaffStation } from '../../testing/staffStation'
import { setUpTestApp } from '../../testing/testApp'
import GradingDesk from './GradingDesk.vue'

afterEach(() => {
  document.body.innerHTML = ''
})

const candidate = { candidateId: 'C-001', name: '陳大文' }
const entry = (unitId: string, status: 'pending' | 'scored'): GradingQueueEntry => ({
  sessionId: 'ses_a',
  candidate,
  unitId,
  sectionTitle: '簡答題',
  itemNumber: unitId === 'sa1' ? 1 : 2,
  status,
  points: 0,
  maxPoints: 6,
})
const item = (unitId: string): GradingItemView => ({
  sessionId: 'ses_a',
  unitId,
  candidate,
  sectionTitle: '簡答題',
  itemNumber: 1,
  context: null,
  stem: `Question ${unitId}`,
  response: `Answer to ${unitId}`,
  referenceAnswer: `Reference for ${unitId}`,
  explanation: null,
  maxPoints: 6,
  current: null,
})

describe('the grading desk', () => {
  it('shows the response beside the reference answer, and Enter saves the score and moves to the next answer', async () => {
    const station = new StaffStation()
    const scored = new Set<string>()
    station.on('admin.gradingQueue', () => [
      entry('sa1', scored.has('sa1') ? 'scored' : 'pending'),
      entry('sa2', scored.has('sa2') ? 'scored' : 'pending'),
    ])
    station.on('admin.gradingItem', ({ unitId }) => item(unitId))
    station.on('admin.recordScore', ({ unitId, score }) => {
      scored.add(unitId)
      return {
        sessionId: 'ses_a',
        unitId,
        score,
        revision: 1,
        summary: { total: score, max: 12, pending: 1, passed: null },
      }
    })
    const { plugins } = setUpTestApp(station)
    useAdminStore().token = 'x'.repeat(43)
    const view = mount(GradingDesk, { global: { plugins }, attachTo: document.body })
    await flushPromises()

    expect(view.get('[data-testid="grading-response"]').text()).toBe('Answer to sa1')
    expect(view.get('[data-testid="grading-reference"]').text()).toBe('Reference for sa1')
    expect(document.activeElement?.id).toBe('grade-score')
    await view.get('#grade-score').setValue('7')
    await view.get('form').trigger('submit')
    expect(view.find('#grade-score-error').exists()).toBe(true)
    expect(station.callsOf('admin.recordScore')).toEqual([])

    await view.get('#grade-score').setValue('4.5')
    await view.get('#grade-comment').setValue('good points')
    await view.get('form').trigger('submit')
    await flushPromises()
    expect(station.callsOf('admin.recordScore')).toEqual([
      { token: 'x'.repeat(43), sessionId: 'ses_a', unitId: 'sa1', score: 4.5, comment: 'good points' },
    ])
    expect(view.get('[data-testid="grading-response"]').text()).toBe('Answer to sa2')
    expect(view.text()).toContain('1 answer left to grade.')
    view.unmount()
  })
})

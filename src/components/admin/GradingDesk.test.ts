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
  partNumber: null,
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
  partNumber: null,
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

  it('labels each part apart from its score, keeps the list in order after a save, and refuses a score beside the field', async () => {
    const station = new StaffStation()
    const scores = new Map<string, number>()
    const part = (unitId: string, partNumber: number): GradingQueueEntry => ({
      ...entry(unitId, scores.has(unitId) ? 'scored' : 'pending'),
      sectionTitle: '情景分析題',
      itemNumber: 1,
      partNumber,
      points: scores.get(unitId) ?? 0,
    })
    station.on('admin.gradingQueue', () => [part('case.1', 1), part('case.2', 2), part('case.3', 3)])
    station.on('admin.gradingItem', ({ unitId }) => ({
      ...item(unitId),
      sectionTitle: '情景分析題',
      partNumber: Number(unitId.slice(-1)),
    }))
    station.on('admin.recordScore', ({ unitId, score }) => {
      if (score > 6) return { code: 'SCORE_OUT_OF_RANGE', message: 'no', details: { max: 6 } }
      scores.set(unitId, score)
      return {
        sessionId: 'ses_a',
        unitId,
        score,
        revision: 1,
        summary: { total: score, max: 18, pending: 2, passed: null },
      }
    })
    const { plugins } = setUpTestApp(station)
    useAdminStore().token = 'x'.repeat(43)
    const view = mount(GradingDesk, { global: { plugins }, attachTo: document.body })
    await flushPromises()
    const rows = () => view.findAll('[data-testid="grading-entry"]')
    expect(rows().map((row) => row.get('button').text())).toEqual([
      '陳大文: 情景分析題, question 1, part 1',
      '陳大文: 情景分析題, question 1, part 2',
      '陳大文: 情景分析題, question 1, part 3',
    ])
    expect(view.get('h4').text()).toBe('陳大文 (C-001): 情景分析題, question 1, part 1')

    await view.get('#grade-score').setValue('2.5')
    await view.get('form').trigger('submit')
    await flushPromises()
    // The list stays in the exam's order; the score sits in its own element, never run into the label.
    expect(rows().map((row) => row.get('.entry-status').text())).toEqual(['Score 2.5 / 6', 'To grade', 'To grade'])
    expect(rows()[0]?.get('button').text()).toBe('陳大文: 情景分析題, question 1, part 1')
    expect(view.get('h4').text()).toContain('part 2')

    for (const [typed, message] of [
      ['7', '7 is not a score for this question: enter a score from 0 to 6.'],
      ['-1', '-1 is not a score for this question: enter a score from 0 to 6.'],
      ['', 'Enter a score from 0 to 6.'],
    ] as const) {
      await view.get('#grade-score').setValue(typed)
      await view.get('form').trigger('submit')
      await flushPromises()
      expect(view.get('#grade-score').attributes('aria-invalid')).toBe('true')
      expect(view.get('#grade-score').attributes('aria-describedby')).toBe('grade-score-error')
      expect(view.get('#grade-score-error').attributes('role')).toBe('alert')
      expect(view.get('#grade-score-error').text()).toBe(message)
      expect(document.activeElement?.id).toBe('grade-score')
    }
    expect(station.callsOf('admin.recordScore')).toHaveLength(1)
    view.unmount()
  })

  it("shows a markdown bank's reference answer and explanation rendered (a table, emphasis), a plain bank's as text", async () => {
    const station = new StaffStation()
    const rich: GradingItemView = {
      ...item('sa1'),
      referenceAnswer: '| port | use |\n|---|---|\n| 53 | DNS |',
      explanation: '*Why*: DNS uses port 53',
      html: {
        stem: '<p>Question sa1</p>',
        referenceAnswer:
          '<table><thead><tr><th>port</th><th>use</th></tr></thead><tbody><tr><td>53</td><td>DNS</td></tr></tbody></table>',
        explanation: '<p><em>Why</em>: DNS uses port 53<img src="x" onerror="alert(1)"></p>',
      },
    }
    station.on('admin.gradingQueue', () => [entry('sa1', 'pending'), entry('sa2', 'pending')])
    station.on('admin.gradingItem', ({ unitId }) =>
      unitId === 'sa1' ? rich : { ...item('sa2'), explanation: '*not* markdown' },
    )
    const { plugins } = setUpTestApp(station)
    useAdminStore().token = 'x'.repeat(43)
    const view = mount(GradingDesk, { global: { plugins }, attachTo: document.body })
    await flushPromises()

    const reference = view.get('[data-testid="grading-reference"]')
    expect(reference.findAll('th').map((cell) => cell.text())).toEqual(['port', 'use'])
    const explanation = view.get('[data-testid="grading-explanation"]')
    expect(explanation.get('em').text()).toBe('Why')
    // Sanitised again in the renderer, as for the candidate: no handler survives.
    expect(explanation.html()).not.toContain('onerror')

    await view.get('#grade-score').setValue('3')
    await view.get('form').trigger('submit')
    await flushPromises()
    expect(view.get('[data-testid="grading-explanation"]').text()).toBe('*not* markdown')
    expect(view.get('[data-testid="grading-explanation"]').find('em').exists()).toBe(false)
    view.unmount()
  })
})

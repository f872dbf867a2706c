// @vitest-environment jsdom
import type { ExamAnalysis, UnitAnalysis } from '@contract'
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useAdminStore } from '../../stores/admin'
import { StaffStation } from '../../testing/staffStation'
import { setUpTestApp } from '../../testing/testApp'
import ResultsSection from './ResultsSection.vue'

// jsdom draws no canvas: the charts' drawing is the E2E suite's (resultsCharts.spec); here, their text.
beforeEach(() => {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null)
})
afterEach(() => {
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

const unit = (id: string, overrides: Partial<UnitAnalysis>): UnitAnalysis => ({
  id,
  kind: 'single',
  max: 1,
  candidates: 4,
  pending: 0,
  difficulty: 0.5,
  discrimination: 0.42,
  omitRate: 0.25,
  flagged: 1,
  choices: [],
  keySource: 'bank',
  review: [],
  ...overrides,
})
const bins = (counts: number[], top: number) =>
  counts.map((count, i) => ({ from: (i * top) / counts.length, to: ((i + 1) * top) / counts.length, count }))
const report: ExamAnalysis = {
  examId: 'exam-1',
  title: 'Customer service',
  language: 'en',
  candidates: 4,
  maxScore: 10,
  passMark: 5,
  score: { mean: 6, median: 6.5, sd: 2, min: 3, max: 9 },
  scoreHistogram: bins([0, 0, 0, 1, 0, 0, 1, 1, 0, 1], 10),
  pass: { passed: 3, failed: 1, pending: 0, noPassMark: 0, rate: 0.75 },
  timeUsedHistogram: bins([0, 0, 0, 0, 0, 2, 0, 1, 0, 1], 1),
  time: { medianElapsedMs: 600_000, meanUsed: 0.7 },
  units: [
    unit('q1', {
      choices: [
        { choice: 'A', count: 1, rate: 0.25, key: false },
        { choice: 'B', count: 2, rate: 0.5, key: true },
        { choice: 'C', count: 0, rate: 0, key: false },
      ],
    }),
    unit('q2', {
      kind: 'text',
      difficulty: 0.1,
      discrimination: -0.2,
      review: ['too_hard', 'negative_discrimination'],
      omitRate: 0,
      flagged: 3,
    }),
  ],
  rows: [],
}

describe('the results section', () => {
  it('shows the summary, the report’s four charts with text alternatives, the item analysis and the key marked in words', async () => {
    const station = new StaffStation()
    station.on('admin.report', () => [report])
    const { plugins } = setUpTestApp(station)
    useAdminStore().token = 'x'.repeat(43)
    const view = mount(ResultsSection, { global: { plugins }, attachTo: document.body })
    await flushPromises()
    // The chart component (and Chart.js) load on demand.
    await vi.dynamicImportSettled()
    await flushPromises()

    expect(station.callsOf('admin.report')).toEqual([{ token: 'x'.repeat(43) }])
    expect(view.get('[data-testid="pass-rate"]').text()).toBe('75%')
    const charts = view.findAll('canvas[role="img"]')
    expect(charts).toHaveLength(4)
    expect(charts[1]?.attributes('aria-label')).toBe('Pass rate 75%: Passed: 3, Not passed: 1')
    // The numbers again as a table, for screen readers; the colour of the low bins said in words.
    const passTable = view
      .get('[data-testid="chart-pass"] table')
      .findAll('tr')
      .map((row) => row.findAll('th, td').map((cell) => cell.text()))
    expect(passTable).toEqual([
      ['Result', 'Candidates'],
      ['Passed', '3'],
      ['Not passed', '1'],
    ])
    expect(view.get('[data-testid="chart-score"] .chart-note').text()).toBe(
      'Pass mark 5 points: the bars for scores wholly below it are red.',
    )

    const rows = view
      .findAll('[data-testid="item-analysis"] tbody tr')
      .map((row) => row.findAll('th, td').map((cell) => cell.text()))
    expect(rows).toEqual([
      ['q1', '0.50', '0.42', '25%', '1', 'None'],
      ['q2', '0.10', '-0.20', '0%', '3', 'Too hard, Negative discrimination'],
    ])

    const options = view
      .get('[data-testid="options-q1"]')
      .findAll('tbody tr')
      .map((row) => row.findAll('th, td').map((cell) => cell.text()))
    expect(options).toEqual([
      ['A', '', '1 (25%)'],
      ['B (key)', '', '2 (50%)'],
      ['C', '', '0 (0%)'],
    ])
    expect(view.get('[data-testid="options-q1"] .key .key-mark').text()).toBe('(key)')
    expect(view.find('[data-testid="options-q2"]').exists()).toBe(false)
    view.unmount()
  })

  it('says so when there is nothing to analyse', async () => {
    const station = new StaffStation()
    station.on('admin.report', () => [])
    const { plugins } = setUpTestApp(station)
    useAdminStore().token = 'x'.repeat(43)
    const view = mount(ResultsSection, { global: { plugins } })
    await flushPromises()
    expect(view.text()).toContain('No submitted sessions to analyse yet.')
    view.unmount()
  })
})

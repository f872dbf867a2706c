import type { ExamAnalysis } from '@contract'
import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import en from '../i18n/locales/en.json'
import zhHans from '../i18n/locales/zh-Hans.json'
import zhHant from '../i18n/locales/zh-Hant.json'
import { resultsCharts } from './resultsCharts'

const bins = (counts: number[], top: number) =>
  counts.map((count, i) => ({ from: (i * top) / counts.length, to: ((i + 1) * top) / counts.length, count }))
const exam: ExamAnalysis = {
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
    { id: 'q1', kind: 'single' as const, max: 1, candidates: 4, pending: 0, difficulty: 0.5, discrimination: 0.42 },
    { id: 'sa1', kind: 'text' as const, max: 5, candidates: 4, pending: 4, difficulty: null, discrimination: null },
  ].map((unit) => ({ ...unit, omitRate: 0, flagged: 0, choices: [], keySource: 'bank' as const, review: [] })),
  rows: [],
}

function translator(locale: 'en' | 'zh-Hant' | 'zh-Hans') {
  const i18n = createI18n({ legacy: false, locale, messages: { en, 'zh-Hant': zhHant, 'zh-Hans': zhHans } })
  return (key: string, params?: Record<string, unknown>) => i18n.global.t(key, params ?? {})
}

describe('the Results screen charts', () => {
  it('are the report’s four: score distribution, pass and fail, time used, items', () => {
    const charts = resultsCharts(exam, translator('en'), 'en')
    expect(charts.map((chart) => chart.key)).toEqual(['score', 'pass', 'time', 'items'])
    const [score, pass, time, items] = charts
    expect(score?.categories.slice(0, 2)).toEqual(['0–1', '1–2'])
    expect(score?.series[0]?.values).toEqual([0, 0, 0, 1, 0, 0, 1, 1, 0, 1])
    expect(time?.categories[5]).toBe('50%–60%')
    expect(items?.series.map((series) => series.values)).toEqual([
      [0.5, null],
      [0.42, null],
    ])
    expect(items?.values).toBe('index')
    expect(pass?.horizontal).toBe(true)
  })

  it('colours the bins below the pass mark and says so in words', () => {
    const [score] = resultsCharts(exam, translator('en'), 'en')
    expect(score?.series[0]?.color).toEqual([...Array<string>(5).fill('danger'), ...Array<string>(5).fill('accent')])
    expect(score?.note).toBe('Pass mark 5 points: the bars for scores wholly below it are red.')
    const [unmarked] = resultsCharts({ ...exam, passMark: null }, translator('en'), 'en')
    expect(unmarked?.series[0]?.color).toEqual(Array<string>(10).fill('accent'))
    expect(unmarked?.note).toBeNull()
  })

  it('draws only the verdicts someone got, and puts every number in the summary', () => {
    const [, pass] = resultsCharts(exam, translator('en'), 'en')
    expect(pass?.categories).toEqual(['Passed', 'Not passed'])
    expect(pass?.summary).toBe('Pass rate 75%: Passed: 3, Not passed: 1')
    const pending = { ...exam, pass: { passed: 0, failed: 0, pending: 1, noPassMark: 3, rate: null } }
    const [, noMark] = resultsCharts(pending, translator('en'), 'en')
    expect(noMark?.categories).toEqual(['Pending grading', 'No pass mark'])
    expect(noMark?.series[0]?.color).toEqual(['muted', 'accent'])
  })

  it.each(['en', 'zh-Hant', 'zh-Hans'] as const)('has every string translated in %s', (locale) => {
    const charts = resultsCharts(exam, translator(locale), locale)
    const texts = charts.flatMap((chart) => [
      chart.caption,
      chart.summary,
      chart.note ?? '',
      chart.categoryTitle,
      chart.valueTitle,
      ...chart.categories,
      ...chart.series.map((series) => series.label),
    ])
    // vue-i18n answers a missing key with the key itself.
    expect(texts.filter((text) => text.includes('admin.results'))).toEqual([])
    if (locale !== 'en') expect(texts).not.toContain('Candidates')
  })
})

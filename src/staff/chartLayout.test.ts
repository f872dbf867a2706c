import { describe, expect, it } from 'vitest'
import { chartConfig, chartLayout, chartTheme, wrapLabel } from './chartLayout'
import type { ChartPalette } from './chartLayout'
import type { ResultsChartModel } from './resultsCharts'

/** A stand-in for the canvas: every character `px` pixels wide. */
const fixedWidth =
  (px: number) =>
  (text: string): number =>
    text.length * px

const histogram: ResultsChartModel = {
  key: 'score',
  caption: 'Scores',
  summary: '',
  note: null,
  categoryTitle: 'Score',
  valueTitle: 'Candidates',
  categories: ['0–1.2', '1.2–2.4', '2.4–3.6', '3.6–4.8', '4.8–6', '6–7.2', '7.2–8.4', '8.4–9.6', '9.6–10.8', '10.8–12'],
  series: [{ label: 'Candidates', values: Array<number>(10).fill(1), color: 'accent' }],
  values: 'count',
  horizontal: false,
}
const items: ResultsChartModel = {
  ...histogram,
  key: 'items',
  categories: ['q1', 'q2'],
  series: [
    { label: 'p', values: [0.5, null], color: 'accent' },
    { label: 'r', values: [0.4, null], color: 'warning' },
  ],
  values: 'index',
}
const palette: ChartPalette = {
  accent: '#1',
  danger: '#2',
  success: '#3',
  muted: '#4',
  warning: '#5',
  text: '#6',
  grid: '#7',
}

describe('chart text size', () => {
  it('follows the root font size: 14 px ticks and 16 px titles at 100%, twice that at 200%', () => {
    expect(chartTheme(16, 'sans-serif')).toMatchObject({ tickPx: 14, titlePx: 16 })
    expect(chartTheme(32, 'sans-serif')).toMatchObject({ tickPx: 28, titlePx: 32 })
  })
})

describe('label wrapping', () => {
  const measure = fixedWidth(10)
  it('keeps a label that fits on one line', () => {
    expect(wrapLabel('Passed', 100, measure)).toEqual(['Passed'])
  })
  it('breaks after spaces and range dashes, and between Han characters', () => {
    expect(wrapLabel('Pending grading', 80, measure)).toEqual(['Pending', 'grading'])
    expect(wrapLabel('10.8–12', 50, measure)).toEqual(['10.8–', '12'])
    expect(wrapLabel('所用時間佔限時', 30, measure)).toEqual(['所用時', '間佔限', '時'])
  })
  it('never cuts a word: an unbreakable label stays whole (and the layout then turns the bars)', () => {
    expect(wrapLabel('Discrimination', 30, measure)).toEqual(['Discrimination'])
  })
})

describe('chart layout', () => {
  const at100 = chartTheme(16, 'sans-serif')
  const at200 = chartTheme(32, 'sans-serif')
  it('stands the bars up when the wrapped labels fit, with a bounded height', () => {
    const layout = chartLayout(histogram, at100, 900, fixedWidth(8))
    expect(layout.horizontal).toBe(false)
    expect(layout.labels[9]).toEqual(['10.8–12'])
    expect(layout.heightPx).toBeLessThan(16 * 20)
  })
  it('turns the bars sideways when the labels do not fit under them', () => {
    const layout = chartLayout(histogram, at200, 600, fixedWidth(16))
    expect(layout.horizontal).toBe(true)
    expect(layout.labels[9]).toEqual(['10.8–12'])
  })
  it('grows with the text size rather than the width', () => {
    const small = chartLayout(histogram, at100, 900, fixedWidth(8)).heightPx
    const large = chartLayout(histogram, at200, 1800, fixedWidth(16)).heightPx
    expect(chartLayout(histogram, at100, 1800, fixedWidth(8)).heightPx).toBe(small)
    expect(large).toBeGreaterThan(small * 1.8)
  })
  it('draws the pass chart across whatever the width', () => {
    const pass = { ...histogram, categories: ['Passed', 'No pass mark'], horizontal: true }
    const layout = chartLayout(pass, at100, 2000, fixedWidth(8))
    expect(layout.horizontal).toBe(true)
    expect(layout.heightPx).toBeLessThan(16 * 12)
  })
  it('leaves a one-bar chart room for its value axis, which Chart.js caps at half the height', () => {
    const pending = { ...histogram, categories: ['Pending grading'], horizontal: true }
    const axisPx = 28 * 1.25 + 32 * 1.25 + 3 + 8 + 8
    expect(chartLayout(pending, at200, 2000, fixedWidth(16)).heightPx).toBeGreaterThanOrEqual(2 * axisPx)
  })
})

describe('chart configuration', () => {
  const theme = chartTheme(32, 'Noto Sans')
  it('gives every axis the theme’s fonts and never skips or rotates a label', () => {
    const layout = chartLayout(histogram, theme, 2000, fixedWidth(16))
    const config = chartConfig(histogram, layout, theme, palette, 'zh-Hant')
    const x = config.options?.scales?.x
    expect(x?.ticks).toMatchObject({ autoSkip: false, maxRotation: 0, font: { size: 28, family: 'Noto Sans' } })
    expect(config.options?.scales?.y?.title).toMatchObject({ display: true, text: 'Candidates', font: { size: 32 } })
    expect(config.options?.locale).toBe('zh-Hant')
    expect(config.options?.plugins?.legend?.display).toBe(false)
    expect(config.data.datasets[0]?.backgroundColor).toBe('#1')
  })
  it('puts the categories on the y axis when the bars go across', () => {
    const layout = { horizontal: true, labels: [['q1'], ['q2']], heightPx: 100 }
    const config = chartConfig(items, layout, theme, palette, 'en')
    expect(config.options?.indexAxis).toBe('y')
    expect(config.options?.scales?.y).toMatchObject({ type: 'category' })
    expect(config.options?.scales?.x).toMatchObject({ type: 'linear', min: -1, max: 1 })
    expect(config.options?.plugins?.legend?.display).toBe(true)
    expect(config.data.datasets.map((set) => set.backgroundColor)).toEqual(['#1', '#5'])
  })
})

import type { ChartConfiguration } from 'chart.js'
import type { ExamAnalysis, UnitAnalysis } from '../analysis/analysisTypes'
import { orDash, percent, points, range } from './reportFormat'

/**
 * The charts as data: Chart.js configurations with no functions in them, so they travel as JSON inside the page
 * and the page's script only hands each one to Chart.js. Each chart also carries a one-sentence summary for its
 * aria-label; the full numbers are in the table beside it.
 */
export interface ChartSpec {
  id: string
  summary: string
  config: ChartConfiguration<'bar' | 'doughnut'>
}

/** Okabe–Ito colours: told apart with the common colour-vision deficiencies, and in greyscale print. */
export const COLORS = { blue: '#0072B2', orange: '#E69F00', green: '#009E73', red: '#D55E00', grey: '#8C8C8C', sky: '#56B4E9' } as const

const countAxis = (title: string) => ({ beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: title } })
const labelAxis = (title: string) => ({ title: { display: true, text: title } })
const base = { responsive: true, maintainAspectRatio: false, animation: false } as const

function bars(labels: string[], counts: number[], colors: string[] | string, xTitle: string, yTitle: string): ChartConfiguration<'bar'> {
  return {
    type: 'bar',
    data: { labels, datasets: [{ label: yTitle, data: counts, backgroundColor: colors }] },
    options: { ...base, plugins: { legend: { display: false } }, scales: { x: labelAxis(xTitle), y: countAxis(yTitle) } },
  }
}

export const scoreBinLabel = (from: number, to: number): string => range(from, to, points)
export const timeBinLabel = (from: number, to: number): string => range(from, to, (v) => percent(v))

function scoreChart(exam: ExamAnalysis, id: string): ChartSpec {
  const bins = exam.scoreHistogram
  const mark = exam.passMark
  // A bin wholly below the pass mark is orange: those candidates failed (or will, unless pending marks lift them).
  const colors = bins.map((b) => (mark !== null && b.to <= mark && b !== bins.at(-1) ? COLORS.orange : COLORS.blue))
  const peak = bins.reduce((best, b) => (b.count > best.count ? b : best), bins[0] ?? { from: 0, to: 0, count: 0 })
  const summary =
    `Histogram of total scores of ${String(exam.candidates)} candidates out of ${points(exam.maxScore)} points; ` +
    `the largest group (${String(peak.count)}) scored ${scoreBinLabel(peak.from, peak.to)}; mean ${orDash(exam.score.mean, points)}.`
  return { id, summary, config: bars(bins.map((b) => scoreBinLabel(b.from, b.to)), bins.map((b) => b.count), colors, 'Total score (points)', 'Candidates') }
}

function passChart(exam: ExamAnalysis, id: string): ChartSpec {
  const { passed, failed, pending, noPassMark, rate } = exam.pass
  const parts = [
    ['Passed', passed, COLORS.green],
    ['Failed', failed, COLORS.red],
    ['Pending grading', pending, COLORS.grey],
    ['No pass mark', noPassMark, COLORS.sky],
  ] as const
  const shown = parts.filter(([, count]) => count > 0)
  const summary = `Pass rate ${orDash(rate, (r) => percent(r, 1))}: ${shown.map(([label, count]) => `${label.toLowerCase()} ${String(count)}`).join(', ') || 'no results'}.`
  return {
    id,
    summary,
    config: {
      type: 'doughnut',
      data: { labels: shown.map(([label]) => label), datasets: [{ label: 'Candidates', data: shown.map(([, count]) => count), backgroundColor: shown.map(([, , color]) => color) }] },
      options: { ...base, plugins: { legend: { display: true, position: 'bottom' } } },
    },
  }
}

function timeChart(exam: ExamAnalysis, id: string): ChartSpec {
  const bins = exam.timeUsedHistogram
  const timed = bins.reduce((total, b) => total + b.count, 0)
  const summary = `Histogram of the share of allowed time used by ${String(timed)} candidates; mean ${orDash(exam.time.meanUsed, (v) => percent(v))}.`
  return { id, summary, config: bars(bins.map((b) => timeBinLabel(b.from, b.to)), bins.map((b) => b.count), COLORS.sky, 'Share of allowed time used', 'Candidates') }
}

function itemChart(exam: ExamAnalysis, id: string): ChartSpec {
  const units = exam.units
  const flagged = units.filter((u) => u.review.length > 0).map((u) => u.id)
  const summary =
    `Difficulty (p) and discrimination (r) of ${String(units.length)} items; ` +
    (flagged.length > 0 ? `${String(flagged.length)} flagged for review: ${flagged.join(', ')}.` : 'none flagged for review.')
  return {
    id,
    summary,
    config: {
      type: 'bar',
      data: {
        labels: units.map((u) => u.id),
        datasets: [
          { label: 'Difficulty p (share of points earned)', data: units.map((u) => u.difficulty), backgroundColor: COLORS.blue },
          { label: 'Discrimination r (corrected point-biserial)', data: units.map((u) => u.discrimination), backgroundColor: COLORS.orange },
        ],
      },
      options: {
        ...base,
        plugins: { legend: { display: true, position: 'bottom' } },
        scales: { x: labelAxis('Item'), y: { min: -1, max: 1, title: { display: true, text: 'p / r' } } },
      },
    },
  }
}

/** "B ✓" for a key: the mark is in the text, not only in the colour. */
export const choiceLabel = (choice: string, key: boolean): string => (key ? `${choice} ✓ key` : choice)

function optionChart(unit: UnitAnalysis, id: string): ChartSpec {
  const keys = unit.choices.filter((c) => c.key).map((c) => c.choice)
  const top = unit.choices.reduce<UnitAnalysis['choices'][number] | undefined>((best, c) => (best === undefined || c.count > best.count ? c : best), undefined)
  const summary =
    `Choices for item ${unit.id} by ${String(unit.candidates)} candidates; key ${keys.join(', ') || 'not known'}; ` +
    `most chosen ${top ? `${top.choice} (${percent(top.rate)})` : 'none'}; omitted ${percent(unit.omitRate)}.`
  const config = bars(
    unit.choices.map((c) => choiceLabel(c.choice, c.key)),
    unit.choices.map((c) => c.count),
    unit.choices.map((c) => (c.key ? COLORS.green : COLORS.grey)),
    'Candidates',
    'Option',
  )
  // Horizontal: option labels read left to right, one per row.
  config.options = { ...config.options, indexAxis: 'y', scales: { x: countAxis('Candidates'), y: labelAxis('Option') } }
  return { id, summary, config }
}

export interface ExamCharts {
  score: ChartSpec
  pass: ChartSpec
  time: ChartSpec
  items: ChartSpec
  /** By unit id, for units with choices. */
  options: Map<string, ChartSpec>
}

/** Element ids are positional (exam index, unit index), so no data ever reaches an id attribute. */
export function examCharts(exam: ExamAnalysis, examIndex: number): ExamCharts {
  const prefix = `exam${String(examIndex)}`
  const options = new Map<string, ChartSpec>()
  exam.units.forEach((unit, i) => {
    if (unit.choices.length > 0) options.set(unit.id, optionChart(unit, `${prefix}-options${String(i)}`))
  })
  return {
    score: scoreChart(exam, `${prefix}-score`),
    pass: passChart(exam, `${prefix}-pass`),
    time: timeChart(exam, `${prefix}-time`),
    items: itemChart(exam, `${prefix}-items`),
    options,
  }
}

export const allCharts = (charts: ExamCharts): ChartSpec[] => [charts.score, charts.pass, charts.time, charts.items, ...charts.options.values()]

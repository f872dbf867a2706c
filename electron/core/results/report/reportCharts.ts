import type { ChartConfiguration } from 'chart.js'
import type { ChoiceCount, ExamAnalysis, UnitAnalysis } from '../analysis/analysisTypes'
import { orDash, range } from './reportFormat'
import type { ReportFormat, ReportLanguage } from './reportFormat'

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
export const COLORS = {
  blue: '#0072B2',
  orange: '#E69F00',
  green: '#009E73',
  red: '#D55E00',
  grey: '#8C8C8C',
  sky: '#56B4E9',
} as const

const countAxis = (title: string) => ({
  beginAtZero: true,
  ticks: { precision: 0 },
  title: { display: true, text: title },
})
const labelAxis = (title: string) => ({ title: { display: true, text: title } })
// Chart.js formats its tick numbers for `locale`; without it, for the browser's language, not the report's.
const base = (lang: ReportLanguage) =>
  ({ responsive: true, maintainAspectRatio: false, animation: false, locale: lang.locale }) as const

function bars(
  lang: ReportLanguage,
  labels: string[],
  counts: number[],
  colors: string[] | string,
  xTitle: string,
  yTitle: string,
): ChartConfiguration<'bar'> {
  return {
    type: 'bar',
    data: { labels, datasets: [{ label: yTitle, data: counts, backgroundColor: colors }] },
    options: {
      ...base(lang),
      plugins: { legend: { display: false } },
      scales: { x: labelAxis(xTitle), y: countAxis(yTitle) },
    },
  }
}

export const scoreBinLabel = (format: ReportFormat, from: number, to: number): string => range(from, to, format.points)
export const timeBinLabel = (format: ReportFormat, from: number, to: number): string =>
  range(from, to, (v) => format.percent(v))

function scoreChart(exam: ExamAnalysis, id: string, lang: ReportLanguage): ChartSpec {
  const { t, format } = lang
  const bins = exam.scoreHistogram
  const mark = exam.passMark
  // A bin wholly below the pass mark is orange: those candidates failed (or will, unless pending marks lift them).
  const colors = bins.map((b) => (mark !== null && b.to <= mark && b !== bins.at(-1) ? COLORS.orange : COLORS.blue))
  const peak = bins.reduce((best, b) => (b.count > best.count ? b : best), bins[0] ?? { from: 0, to: 0, count: 0 })
  const summary = t.chart.scoreSummary({
    candidates: exam.candidates,
    max: format.points(exam.maxScore),
    peak: peak.count,
    peakRange: scoreBinLabel(format, peak.from, peak.to),
    mean: orDash(exam.score.mean, format.points),
  })
  const labels = bins.map((b) => scoreBinLabel(format, b.from, b.to))
  return {
    id,
    summary,
    config: bars(
      lang,
      labels,
      bins.map((b) => b.count),
      colors,
      t.chart.scoreAxis,
      t.chart.candidatesAxis,
    ),
  }
}

function passChart(exam: ExamAnalysis, id: string, lang: ReportLanguage): ChartSpec {
  const { t, format } = lang
  const { passed, failed, pending, noPassMark, rate } = exam.pass
  const parts = [
    [t.passed, passed, COLORS.green],
    [t.failed, failed, COLORS.red],
    [t.pendingGrading, pending, COLORS.grey],
    [t.noPassMark, noPassMark, COLORS.sky],
  ] as const
  const shown = parts.filter(([, count]) => count > 0)
  const summary = t.chart.passSummary({
    rate: orDash(rate, (r) => format.percent(r, 1)),
    parts: shown.map(([label, count]) => ({ label, count })),
  })
  return {
    id,
    summary,
    config: {
      type: 'doughnut',
      data: {
        labels: shown.map(([label]) => label),
        datasets: [
          {
            label: t.chart.candidatesAxis,
            data: shown.map(([, count]) => count),
            backgroundColor: shown.map(([, , color]) => color),
          },
        ],
      },
      options: { ...base(lang), plugins: { legend: { display: true, position: 'bottom' } } },
    },
  }
}

function timeChart(exam: ExamAnalysis, id: string, lang: ReportLanguage): ChartSpec {
  const { t, format } = lang
  const bins = exam.timeUsedHistogram
  const timed = bins.reduce((total, b) => total + b.count, 0)
  const summary = t.chart.timeSummary({ candidates: timed, mean: orDash(exam.time.meanUsed, (v) => format.percent(v)) })
  const labels = bins.map((b) => timeBinLabel(format, b.from, b.to))
  return {
    id,
    summary,
    config: bars(
      lang,
      labels,
      bins.map((b) => b.count),
      COLORS.sky,
      t.chart.timeAxis,
      t.chart.candidatesAxis,
    ),
  }
}

function itemChart(exam: ExamAnalysis, id: string, lang: ReportLanguage): ChartSpec {
  const { t } = lang
  const units = exam.units
  const flagged = units.filter((u) => u.review.length > 0).map((u) => u.id)
  return {
    id,
    summary: t.chart.itemSummary({ items: units.length, flagged }),
    config: {
      type: 'bar',
      data: {
        labels: units.map((u) => u.id),
        datasets: [
          { label: t.chart.difficultyDataset, data: units.map((u) => u.difficulty), backgroundColor: COLORS.blue },
          {
            label: t.chart.discriminationDataset,
            data: units.map((u) => u.discrimination),
            backgroundColor: COLORS.orange,
          },
        ],
      },
      options: {
        ...base(lang),
        plugins: { legend: { display: true, position: 'bottom' } },
        scales: {
          x: labelAxis(t.chart.itemAxis),
          y: { min: -1, max: 1, title: { display: true, text: t.chart.ratioAxis } },
        },
      },
    },
  }
}

/** An option letter as is; a true/false answer by its name in the report's language. */
export function choiceName({ t }: ReportLanguage, unit: UnitAnalysis, choice: string): string {
  if (unit.kind !== 'true_false') return choice
  return choice === 'true' ? t.trueFalse.true : choice === 'false' ? t.trueFalse.false : choice
}

/** "B ✓ key": the mark is in the text, not only in the colour. */
export const choiceLabel = (lang: ReportLanguage, unit: UnitAnalysis, choice: ChoiceCount): string =>
  choice.key ? `${choiceName(lang, unit, choice.choice)} ${lang.t.keyMark}` : choiceName(lang, unit, choice.choice)

function optionChart(unit: UnitAnalysis, id: string, lang: ReportLanguage): ChartSpec {
  const { t, format } = lang
  const top = unit.choices.reduce<UnitAnalysis['choices'][number] | undefined>(
    (best, c) => (best === undefined || c.count > best.count ? c : best),
    undefined,
  )
  const summary = t.chart.optionSummary({
    item: unit.id,
    candidates: unit.candidates,
    keys: unit.choices.filter((c) => c.key).map((c) => choiceName(lang, unit, c.choice)),
    top: top ? { choice: choiceName(lang, unit, top.choice), share: format.percent(top.rate) } : null,
    omitted: format.percent(unit.omitRate),
  })
  const config = bars(
    lang,
    unit.choices.map((c) => choiceLabel(lang, unit, c)),
    unit.choices.map((c) => c.count),
    unit.choices.map((c) => (c.key ? COLORS.green : COLORS.grey)),
    t.chart.optionAxis,
    t.chart.candidatesAxis,
  )
  // Horizontal: option labels read left to right, one per row; the dataset (and its tooltip) counts candidates.
  config.options = {
    ...config.options,
    indexAxis: 'y',
    scales: { x: countAxis(t.chart.candidatesAxis), y: labelAxis(t.chart.optionAxis) },
  }
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
export function examCharts(exam: ExamAnalysis, examIndex: number, lang: ReportLanguage): ExamCharts {
  const prefix = `exam${String(examIndex)}`
  const options = new Map<string, ChartSpec>()
  exam.units.forEach((unit, i) => {
    if (unit.choices.length > 0) options.set(unit.id, optionChart(unit, `${prefix}-options${String(i)}`, lang))
  })
  return {
    score: scoreChart(exam, `${prefix}-score`, lang),
    pass: passChart(exam, `${prefix}-pass`, lang),
    time: timeChart(exam, `${prefix}-time`, lang),
    items: itemChart(exam, `${prefix}-items`, lang),
    options,
  }
}

export const allCharts = (charts: ExamCharts): ChartSpec[] => [
  charts.score,
  charts.pass,
  charts.time,
  charts.items,
  ...charts.options.values(),
]

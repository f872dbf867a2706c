import type { ExamAnalysis, HistogramBin } from '@contract'
import { formatIndex, formatRate } from './reportFormat'
import { formatPoints } from './staffFormat'

/**
 * The Results screen's charts as plain data, the same four the HTML report draws (score distribution, pass and
 * fail, share of time used, difficulty and discrimination by item), in the interface language. Drawing (Chart.js)
 * and sizing live elsewhere; the same data fills each chart's table for screen readers.
 */

/** A theme colour by its role, read from the CSS tokens when drawn, so the high-contrast theme applies. */
export type ChartColor = 'accent' | 'danger' | 'success' | 'muted' | 'warning'

export interface ChartSeries {
  label: string
  values: (number | null)[]
  /** One colour for the series, or one per category. */
  color: ChartColor | ChartColor[]
}

export interface ResultsChartModel {
  key: 'score' | 'pass' | 'time' | 'items'
  caption: string
  /** One sentence with every number, for the canvas's accessible name. */
  summary: string
  /** A sentence under the chart that says in words what a colour says (e.g. which bars are below the pass mark). */
  note: string | null
  categoryTitle: string
  valueTitle: string
  categories: string[]
  series: ChartSeries[]
  /** Counts are whole numbers; indices run from −1 to 1 with two decimals. */
  values: 'count' | 'index'
  /** Bars across (labels on the left) whatever the width: short lists of words read best so. */
  horizontal: boolean
}

export type Translate = (key: string, params?: Record<string, unknown>) => string

/** "label: value" for every category of every series, for the summary sentence. */
function listed(model: Pick<ResultsChartModel, 'categories' | 'series' | 'values'>, locale: string): string {
  return model.series
    .map((series) =>
      model.categories
        .map((category, i) => `${category}: ${formatChartValue(series.values[i] ?? null, model.values, locale)}`)
        .join(', '),
    )
    .join('; ')
}

export const formatChartValue = (value: number | null, kind: ResultsChartModel['values'], locale: string): string =>
  kind === 'index' ? formatIndex(value, locale) : value === null ? '—' : new Intl.NumberFormat(locale).format(value)

const binLabel = (bin: HistogramBin, format: (value: number) => string): string =>
  `${format(bin.from)}–${format(bin.to)}`

function scoreChart(exam: ExamAnalysis, t: Translate, locale: string): ResultsChartModel {
  const mark = exam.passMark
  const last = exam.scoreHistogram.at(-1)
  // As in the report: a bin wholly below the pass mark holds candidates who did not pass (the top bin never does).
  const below = (bin: HistogramBin): boolean => mark !== null && bin.to <= mark && bin !== last
  const model = {
    categories: exam.scoreHistogram.map((bin) => binLabel(bin, (v) => formatPoints(v, locale))),
    series: [
      {
        label: t('admin.results.axis.candidates'),
        values: exam.scoreHistogram.map((bin) => bin.count),
        color: exam.scoreHistogram.map((bin): ChartColor => (below(bin) ? 'danger' : 'accent')),
      },
    ],
    values: 'count' as const,
  }
  return {
    key: 'score',
    caption: t('admin.results.scoreChart'),
    summary: t('admin.results.scoreSummary', { bars: listed(model, locale) }),
    note: mark === null ? null : t('admin.results.scoreNote', { mark: formatPoints(mark, locale) }),
    categoryTitle: t('admin.results.axis.score'),
    valueTitle: t('admin.results.axis.candidates'),
    horizontal: false,
    ...model,
  }
}

const PASS_PARTS = [
  ['passed', 'success'],
  ['failed', 'danger'],
  ['pending', 'muted'],
  ['noPassMark', 'accent'],
] as const

function passChart(exam: ExamAnalysis, t: Translate, locale: string): ResultsChartModel {
  // Verdicts nobody got are left out of the bars, as in the report; the table lists them all.
  const shown = PASS_PARTS.filter(([part]) => exam.pass[part] > 0)
  const parts = shown.length > 0 ? shown : PASS_PARTS.slice(0, 2)
  const model = {
    categories: parts.map(([part]) => t(`admin.results.pass.${part}`)),
    series: [
      {
        label: t('admin.results.axis.candidates'),
        values: parts.map(([part]) => exam.pass[part]),
        color: parts.map(([, color]): ChartColor => color),
      },
    ],
    values: 'count' as const,
  }
  const rate = formatRate(exam.pass.rate, locale)
  return {
    key: 'pass',
    caption: t('admin.results.passChart'),
    summary: t('admin.results.passSummary', { rate, bars: listed(model, locale) }),
    note: null,
    categoryTitle: t('admin.results.axis.verdict'),
    valueTitle: t('admin.results.axis.candidates'),
    horizontal: true,
    ...model,
  }
}

function timeChart(exam: ExamAnalysis, t: Translate, locale: string): ResultsChartModel {
  const model = {
    categories: exam.timeUsedHistogram.map((bin) => binLabel(bin, (v) => formatRate(v, locale))),
    series: [
      {
        label: t('admin.results.axis.candidates'),
        values: exam.timeUsedHistogram.map((bin) => bin.count),
        color: 'accent' as const,
      },
    ],
    values: 'count' as const,
  }
  return {
    key: 'time',
    caption: t('admin.results.timeChart'),
    summary: t('admin.results.timeSummary', { bars: listed(model, locale) }),
    note: null,
    categoryTitle: t('admin.results.axis.timeShare'),
    valueTitle: t('admin.results.axis.candidates'),
    horizontal: false,
    ...model,
  }
}

function itemsChart(exam: ExamAnalysis, t: Translate, locale: string): ResultsChartModel {
  const model = {
    categories: exam.units.map((unit) => unit.id),
    series: [
      {
        label: t('admin.results.items.difficulty'),
        values: exam.units.map((unit) => unit.difficulty),
        color: 'accent' as const,
      },
      {
        label: t('admin.results.items.discrimination'),
        values: exam.units.map((unit) => unit.discrimination),
        color: 'warning' as const,
      },
    ],
    values: 'index' as const,
  }
  return {
    key: 'items',
    caption: t('admin.results.itemsChart'),
    summary: t('admin.results.itemsSummary', { bars: listed(model, locale) }),
    note: t('admin.results.itemsNote'),
    categoryTitle: t('admin.results.axis.item'),
    valueTitle: t('admin.results.axis.index'),
    horizontal: false,
    ...model,
  }
}

export const resultsCharts = (exam: ExamAnalysis, t: Translate, locale: string): ResultsChartModel[] => [
  scoreChart(exam, t, locale),
  passChart(exam, t, locale),
  timeChart(exam, t, locale),
  itemsChart(exam, t, locale),
]

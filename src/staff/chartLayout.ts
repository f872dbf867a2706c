import type { ChartConfiguration } from 'chart.js'
import type { ChartColor, ResultsChartModel } from './resultsCharts'
import { formatChartValue } from './resultsCharts'

/**
 * How a results chart is drawn at the app's text size: fonts in CSS pixels from the root font size (so 200% text
 * draws 200% labels, which a canvas does not do by itself), labels wrapped to the room they get, bars turned
 * sideways when wrapped labels still do not fit, and a height from the content rather than the width.
 */

export interface ChartTheme {
  rootPx: number
  tickPx: number
  titlePx: number
  lineHeight: number
  family: string
}

/** Tick labels at 0.875rem and axis titles at 1rem, as the app's small and body text. */
export const chartTheme = (rootPx: number, family: string): ChartTheme => ({
  rootPx,
  tickPx: Math.round(rootPx * 0.875),
  titlePx: Math.round(rootPx),
  lineHeight: 1.25,
  family,
})

/** Width in CSS pixels of one line of text in the tick font. */
export type MeasureText = (text: string) => number

/** Where a label may break: after a space or a range dash, and around each Han character. */
const BREAKS = /(?<=[\s–])|(?<=\p{Script=Han})|(?=\p{Script=Han})/u

/** Greedy wrapping into lines no wider than maxPx where it can; a single unbreakable piece stays whole. */
export function wrapLabel(label: string, maxPx: number, measure: MeasureText): string[] {
  const lines: string[] = []
  let line = ''
  for (const piece of label.split(BREAKS)) {
    const next = line + piece
    if (line !== '' && measure(next.trimEnd()) > maxPx) {
      lines.push(line.trimEnd())
      line = piece.trimStart()
    } else line = next
  }
  if (line.trim() !== '' || lines.length === 0) lines.push(line.trimEnd())
  return lines
}

export interface ChartLayout {
  horizontal: boolean
  labels: string[][]
  heightPx: number
}

const MAX_LINES = 3
const widest = (labels: string[][], measure: MeasureText): number =>
  Math.max(0, ...labels.flat().map((line) => measure(line)))
const mostLines = (labels: string[][]): number => Math.max(1, ...labels.map((lines) => lines.length))

/**
 * Upright bars when every wrapped label fits under its bar in at most three lines; otherwise bars across, labels
 * on the left in up to 40% of the width. Heights are bounded: a fixed plot of 12rem upright, a row per category across.
 */
export function chartLayout(
  model: ResultsChartModel,
  theme: ChartTheme,
  widthPx: number,
  measure: MeasureText,
): ChartLayout {
  const { tickPx, titlePx, lineHeight, rootPx } = theme
  const legendPx = model.series.length > 1 ? tickPx * lineHeight + 2 * rootPx : 0
  const titleRowPx = titlePx * lineHeight + 8
  const valueLabelPx = measure(formatChartValue(-1, model.values, 'en')) + 16
  const n = Math.max(1, model.categories.length)
  if (!model.horizontal) {
    // Less three quarters of an em, so neighbouring labels never run into one another ("1.2–1.8–2.4").
    const slotPx = (widthPx - titleRowPx - valueLabelPx) / n - 0.75 * tickPx
    const labels = model.categories.map((category) => wrapLabel(category, slotPx, measure))
    if (widest(labels, measure) <= slotPx && mostLines(labels) <= MAX_LINES) {
      const labelRowsPx = mostLines(labels) * tickPx * lineHeight + 16
      return { horizontal: false, labels, heightPx: Math.round(12 * rootPx + labelRowsPx + titleRowPx + legendPx) }
    }
  }
  const labels = model.categories.map((category) => wrapLabel(category, widthPx * 0.4, measure))
  const rowPx = Math.max(mostLines(labels) * tickPx * lineHeight, model.series.length * tickPx) + tickPx
  const axisPx = tickPx * lineHeight + 16 + titleRowPx
  // Chart.js gives a bottom axis at most half the height: with few rows the plot must still be as tall as the axis.
  const plotPx = Math.max(n * rowPx, axisPx)
  return { horizontal: true, labels, heightPx: Math.round(plotPx + axisPx + legendPx + 8) }
}

export type ChartPalette = Record<ChartColor | 'text' | 'grid', string>

/** The Chart.js configuration: no animation, every font and colour given, no label skipped or rotated. */
export function chartConfig(
  model: ResultsChartModel,
  layout: ChartLayout,
  theme: ChartTheme,
  palette: ChartPalette,
  locale: string,
): ChartConfiguration<'bar', (number | null)[], string[]> {
  const font = (size: number) => ({ family: theme.family, size, lineHeight: theme.lineHeight })
  const title = (text: string) => ({ display: true, text, color: palette.text, font: font(theme.titlePx) })
  const categoryAxis = {
    type: 'category' as const,
    title: title(model.categoryTitle),
    grid: { display: false },
    ticks: { autoSkip: false, maxRotation: 0, minRotation: 0, color: palette.text, font: font(theme.tickPx) },
  }
  const valueAxis = {
    type: 'linear' as const,
    beginAtZero: true,
    ...(model.values === 'index' ? { min: -1, max: 1 } : {}),
    title: title(model.valueTitle),
    grid: { color: palette.grid },
    ticks: {
      color: palette.text,
      font: font(theme.tickPx),
      // Whole candidates; p and r in halves, so 0 is always marked.
      ...(model.values === 'count' ? { precision: 0 } : { stepSize: 0.5 }),
    },
  }
  return {
    type: 'bar',
    data: {
      labels: layout.labels,
      datasets: model.series.map((series) => ({
        label: series.label,
        data: series.values,
        backgroundColor: Array.isArray(series.color) ? series.color.map((c) => palette[c]) : palette[series.color],
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      // Chart.js formats tick numbers for this locale; without it, for the browser's.
      locale,
      indexAxis: layout.horizontal ? 'y' : 'x',
      scales: layout.horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
      plugins: {
        legend: {
          display: model.series.length > 1,
          position: 'bottom',
          labels: { color: palette.text, font: font(theme.tickPx) },
        },
        tooltip: { titleFont: font(theme.tickPx), bodyFont: font(theme.tickPx) },
      },
    },
  }
}

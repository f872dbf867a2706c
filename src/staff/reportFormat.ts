import type { HistogramBin } from '@contract'
import { formatPoints } from './staffFormat'

/** A share as a percentage in the interface language ("42 %", "42%"); a dash when there is none. */
export const formatRate = (rate: number | null, locale: string, dash = '—'): string =>
  rate === null ? dash : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(rate)

/** A p or r value to two decimals; a dash when it cannot be computed. */
export const formatIndex = (value: number | null, locale: string, dash = '—'): string =>
  value === null
    ? dash
    : new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value)

export interface ChartBar {
  label: string
  count: number
  /** Drawn with the key's colour; the label says so too, never the colour alone. */
  highlight?: boolean
}

/** Histogram bins as labelled bars: "0–1.5" in points, or "0–10%" for shares. */
export function binBars(bins: readonly HistogramBin[], locale: string, asShare: boolean): ChartBar[] {
  const format = (value: number): string => (asShare ? formatRate(value, locale) : formatPoints(value, locale))
  return bins.map((bin) => ({ label: `${format(bin.from)}–${format(bin.to)}`, count: bin.count }))
}

/** "label: count" for every bar, for a chart's text alternative. */
export const barsText = (bars: readonly ChartBar[]): string =>
  bars.map((bar) => `${bar.label}: ${String(bar.count)}`).join(', ')

import type { CartesianScaleOptions, Chart, FontSpec, Plugin, Scale } from 'chart.js'
import { toFont, toPadding } from 'chart.js/helpers'

/**
 * After each draw, what Chart.js did with the axis labels, written on the canvas as data-label-fit (JSON) and
 * data-font-px: per axis, the widest and tallest label as the canvas measures them against the room the axis got,
 * and how many labels it drew of how many there are. A canvas has no DOM text to inspect, so this is how a test
 * (or a curious admin's developer tools) can tell that no label was clipped, squeezed, rotated or skipped.
 */
export interface AxisFit {
  /** Widest label line, px. */
  widest: number
  /** Room for it: the label column of a side axis, the gap between neighbouring labels on a bottom axis. */
  space: number
  /** Tallest label (lines × line height), px. */
  tallest: number
  room: number
  shown: number
  labels: number
  rotation: number
  /** Where the axis sits: "bottom" (labels side by side) or "left" (labels one above another). */
  position: string
  /** The labels' font size, px. */
  fontPx: number
}

const lines = (label: unknown): string[] => (Array.isArray(label) ? label.map(String) : [String(label)])

type Axis = Scale<CartesianScaleOptions>

// A scale's options are resolved by the time it draws: a font is an object then, never a function of the context.
const font = (spec: unknown) => toFont(spec as Partial<FontSpec>)

function titleSpace(scale: Axis): number {
  const title = scale.options.title
  if (!title.display) return 0
  return font(title.font).lineHeight + toPadding(title.padding as Parameters<typeof toPadding>[0]).height
}

function axisFit(chart: Chart, scale: Axis): AxisFit {
  const { ctx } = chart
  const tickFont = font(scale.options.ticks.font)
  ctx.save()
  ctx.font = tickFont.string
  const labels = scale.ticks.map((tick) => lines(tick.label))
  const widest = Math.max(0, ...labels.flat().map((line) => ctx.measureText(line).width))
  ctx.restore()
  const tallest = Math.max(0, ...labels.map((label) => label.length * tickFont.lineHeight))
  const grid = scale.options.grid
  const tickMark = grid.display && grid.drawTicks ? (grid.tickLength ?? 0) : 0
  const gutter = tickMark + scale.options.ticks.padding + titleSpace(scale)
  const pixels = scale.ticks.map((_, i) => scale.getPixelForTick(i))
  // The least distance between neighbouring labels; one label alone has the whole axis.
  const gap = pixels.slice(1).reduce((least, at, i) => Math.min(least, Math.abs(at - (pixels[i] ?? at))), Infinity)
  const along = Number.isFinite(gap) ? gap : scale.isHorizontal() ? scale.width : scale.height
  const total = scale.type === 'category' ? (chart.data.labels?.length ?? 0) : scale.ticks.length
  return scale.isHorizontal()
    ? {
        widest,
        space: along,
        tallest,
        room: scale.height - gutter,
        shown: scale.ticks.length,
        labels: total,
        rotation: scale.labelRotation,
        position: String(scale.position),
        fontPx: tickFont.size,
      }
    : {
        widest,
        space: scale.width - gutter,
        tallest,
        room: along,
        shown: scale.ticks.length,
        labels: total,
        rotation: scale.labelRotation,
        position: String(scale.position),
        fontPx: tickFont.size,
      }
}

/** The smallest font on the axes: ticks and titles. */
const smallestFont = (scales: Axis[]): number =>
  Math.min(
    ...scales.flatMap((scale) => [
      font(scale.options.ticks.font).size,
      ...(scale.options.title.display ? [font(scale.options.title.font).size] : []),
    ]),
  )

export const labelFitPlugin: Plugin<'bar'> = {
  id: 'invigilLabelFit',
  afterDraw(chart) {
    // Bar charts have only cartesian axes.
    const scales = Object.values(chart.scales) as Axis[]
    const fit = Object.fromEntries(scales.map((scale) => [scale.id, axisFit(chart as unknown as Chart, scale)]))
    chart.canvas.dataset.labelFit = JSON.stringify(fit)
    chart.canvas.dataset.fontPx = String(smallestFont(scales))
  },
}

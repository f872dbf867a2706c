/** Small, exact statistics for a cohort of results. Every function takes plain numbers and is pure. */

export const mean = (values: readonly number[]): number | null =>
  values.length === 0 ? null : values.reduce((total, value) => total + value, 0) / values.length

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  const upper = sorted[middle] ?? 0
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? 0) + upper) / 2
}

/** Sample standard deviation (n − 1): the cohort is a sample of the candidates the exam is meant for. */
export function standardDeviation(values: readonly number[]): number | null {
  const average = mean(values)
  if (average === null || values.length < 2) return null
  const squares = values.reduce((total, value) => total + (value - average) ** 2, 0)
  return Math.sqrt(squares / (values.length - 1))
}

/** All the same value: checked exactly, because a float mean of equal values can leave tiny non-zero deviations. */
const constant = (values: readonly number[]): boolean => values.every((value) => value === values[0])

/**
 * Pearson's r of paired values; null when there are fewer than 3 pairs or either side does not vary, because a
 * correlation is then undefined (zero variance) or meaningless (two points always lie on a line).
 */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  if (xs.length !== ys.length) throw new RangeError('pearson: xs and ys must pair up')
  if (xs.length < 3 || constant(xs) || constant(ys)) return null
  const mx = mean(xs) ?? 0
  const my = mean(ys) ?? 0
  let sxy = 0
  let sxx = 0
  let syy = 0
  xs.forEach((x, i) => {
    const dx = x - mx
    const dy = (ys[i] ?? 0) - my
    sxy += dx * dy
    sxx += dx * dx
    syy += dy * dy
  })
  return sxy / Math.sqrt(sxx * syy)
}

export interface HistogramBin {
  /** Inclusive lower bound. */
  from: number
  /** Exclusive upper bound, except for the last bin, which includes it. */
  to: number
  count: number
}

/**
 * `bins` equal-width bins over [0, top]; values at or above `top` land in the last bin, below 0 in the first.
 * Bin index is computed as value × bins / top (multiplying first), so 7 of 10 in 10 bins is bin 7, not 6.
 */
export function histogram(values: readonly number[], top: number, bins: number): HistogramBin[] {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError('histogram: bins must be a whole number above zero')
  const width = top > 0 ? top / bins : 0
  const counts = new Array<number>(top > 0 ? bins : 1).fill(0)
  for (const value of values) {
    const index = top > 0 ? Math.min(bins - 1, Math.max(0, Math.floor((value * bins) / top))) : 0
    counts[index] = (counts[index] ?? 0) + 1
  }
  return counts.map((count, i) => ({ from: i * width, to: top > 0 ? (i + 1) * width : 0, count }))
}

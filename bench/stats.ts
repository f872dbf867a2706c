/** Percentiles and ratios for the benchmarks. Absolute times are noisy on a shared 2-core machine; ratios are not. */

/** Nearest-rank percentile (p in 0..100): the smallest sample with at least p% of the samples at or below it. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new RangeError('percentile of no samples')
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[Math.min(rank, sorted.length) - 1] ?? Number.NaN
}

/** Milliseconds since `start` (a performance.now() reading). */
export const elapsedMs = (start: number): number => performance.now() - start

/** Times one call in milliseconds. */
export function timeMs(action: () => void): number {
  const start = performance.now()
  action()
  return elapsedMs(start)
}

/** Total milliseconds for `count` sequential (awaited) calls of `action`. */
export async function timeRunsMs(count: number, action: () => unknown): Promise<number> {
  const start = performance.now()
  for (let i = 0; i < count; i++) await action()
  return elapsedMs(start)
}

/**
 * Total milliseconds of `first` and of `second` over `rounds` alternating batches of `perRound` calls each, after a
 * warm-up batch of each: a busy machine slows both, so their ratio holds.
 */
export async function alternatingMs(
  first: () => unknown,
  second: () => unknown,
  rounds: number,
  perRound: number,
): Promise<[number, number]> {
  await timeRunsMs(perRound, first)
  await timeRunsMs(perRound, second)
  let [firstMs, secondMs] = [0, 0]
  for (let r = 0; r < rounds; r++) {
    firstMs += await timeRunsMs(perRound, first)
    secondMs += await timeRunsMs(perRound, second)
  }
  return [firstMs, secondMs]
}

/** A summary value, rounded so the summary stays readable. */
export const round = (value: number, digits = 3): number => Number(value.toFixed(digits))

/** The `name=value` lines a benchmark contributes to the summary, in print order. */
export type Figures = [name: string, value: string | number | boolean][]

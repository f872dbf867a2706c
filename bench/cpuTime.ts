/**
 * CPU-time sampling for benchmarks whose subject and baseline are both CPU-bound: process.cpuUsage counts every
 * thread of the process (the libuv pool included), so work moved off the main thread is still paid for. The
 * actions take turns in one loop, and a run whose rounds disagree too much is refused, not averaged.
 */

/** CPU microseconds (user + system, all threads) that `count` sequential, awaited calls of `action` take. */
export async function cpuMicros(count: number, action: () => unknown): Promise<number> {
  const start = process.cpuUsage()
  for (let i = 0; i < count; i++) await action()
  const { user, system } = process.cpuUsage(start)
  return user + system
}

/**
 * Each action's CPU microseconds per call, round by round: `rounds` rounds, in each one batch of `perRound` calls of
 * every action in turn, after one warm-up batch of each. result[round][action].
 */
export async function interleavedCpu(
  actions: readonly (() => unknown)[],
  rounds: number,
  perRound: number,
): Promise<number[][]> {
  for (const action of actions) await cpuMicros(perRound, action)
  const samples: number[][] = []
  for (let r = 0; r < rounds; r++) {
    const round: number[] = []
    for (const action of actions) round.push((await cpuMicros(perRound, action)) / perRound)
    samples.push(round)
  }
  return samples
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2
}

/** How far the rounds disagree: the interquartile range of their ratios over the median ratio. */
export function relativeSpread(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
  return (at(0.75) - at(0.25)) / median(values)
}

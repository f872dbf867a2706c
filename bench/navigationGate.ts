import { loadavg } from 'node:os'
import { runNavigationBench, type NavigationBenchOptions } from './navigationBench'
import type { Figures } from './stats'

/** Above this 1-minute load the frame timings measure the other tenants, not the app (issue #12). */
export const NAV_MAX_LOAD_1M = 3
const MAX_ATTEMPTS = 3

/**
 * The navigation benchmark, refused and repeated (at most 3 times) when the machine's 1-minute load, before or after
 * the moves, was above 3. A run refused 3 times reports `nav_p95_ms=refused`; its figures are printed for the record.
 */
export async function runGatedNavigationBench(options: NavigationBenchOptions): Promise<Figures> {
  const refusals: string[] = []
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const before = loadavg()[0] ?? 0
    const figures = await runNavigationBench(options)
    const after = loadavg()[0] ?? 0
    const worst = Math.max(before, after)
    const context: Figures = [
      ['nav_attempts', attempt],
      ['nav_worst_load_1m', Math.round(worst * 100) / 100],
    ]
    if (worst <= NAV_MAX_LOAD_1M) return [...figures, ...context, ['nav_refused_runs', refusals.length]]
    refusals.push(`1-minute load ${worst.toFixed(2)} > ${String(NAV_MAX_LOAD_1M)}`)
    console.log(
      `# nav: run ${String(attempt)} refused (${refusals.at(-1) ?? ''})${attempt < MAX_ATTEMPTS ? ', repeating' : ''}`,
    )
    if (attempt === MAX_ATTEMPTS) {
      for (const [name, value] of figures)
        console.log(`# nav (refused run ${String(attempt)}): ${name}=${String(value)}`)
      return [
        ['nav_p95_ms', 'refused'],
        ...context,
        ['nav_refused_runs', refusals.length],
        ['nav_refused_because', refusals.join(' | ')],
      ]
    }
  }
  throw new Error('unreachable: the last attempt returns')
}

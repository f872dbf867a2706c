import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

// CI's benchmark: `npm run bench -- --smoke`, tiny counts. It fails on correctness only — an acknowledged answer lost
// in a kill -9 trial, a trial whose database fails its integrity check, a bundle the import did not store — and on a
// benchmark that no longer runs or stops printing a figure. No timing is asserted: on a shared CI machine the timings
// (and their refusals) say nothing; `npm run bench` on a quiet machine is where they count.
const root = resolve(import.meta.dirname, '..')

function runBench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...args], { cwd: root, env: process.env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', fail)
    child.on('exit', (code) => done({ code, stdout, stderr }))
  })
}

/** The `# summary` block's `name=value` lines. */
function summaryOf(stdout: string): Map<string, string> {
  const block = stdout.slice(stdout.lastIndexOf('# summary'))
  return new Map(
    block
      .split('\n')
      .map((line) => /^([a-z0-9_]+)=(.*)$/.exec(line))
      .filter((match) => match !== null)
      .map((match) => [match[1] ?? '', match[2] ?? '']),
  )
}

const numberOrRefused = /^(-?\d+(\.\d+)?|refused|noisy)$/

describe('the benchmarks, smoke-sized', () => {
  it(
    'run end to end: no acknowledged answer lost in 10 kill -9 trials, every bundle imported, every figure printed',
    { timeout: 900_000 },
    async () => {
      const run = await runBench(['--smoke', '--seed', 'ci-smoke', '--only', 'save,crash,verify,results,bank,start'])
      expect(run.code, run.stderr).toBe(0)
      const summary = summaryOf(run.stdout)
      expect(summary.get('smoke')).toBe('true')
      expect(summary.get('seed')).toBe('ci-smoke')
      // Correctness: these are the benchmark's own guarantees and hold whatever the load.
      expect(summary.get('crash_trials')).toBe('10')
      expect(summary.get('crash_child_failures')).toBe('0')
      expect(summary.get('crash_lost'), run.stdout).toBe('0')
      expect(summary.get('crash_integrity_failures'), run.stdout).toBe('0')
      expect(Number(summary.get('crash_acks_total'))).toBeGreaterThan(0)
      expect(summary.get('import_real_bundles')).toBe('100')
      // Every figure the issue sets a target for is printed: a number, or the word saying why it is not one.
      const figures = [
        'save_p99_ratio',
        'save_p50_ratio',
        'save_floor_p99_ratio',
        'save_floor_p50_ratio',
        'verify_floor_ratio',
        'import_real_s_sqlite',
        'bank_validate_distinct_ratio',
        'bank_validate_duplicate_ratio',
        'cli_help_s',
        'host_start_s',
        ...(process.env.INVIGIL_TEST_PG_URL ? ['import_real_s_postgres'] : []),
      ]
      for (const name of figures) expect(summary.get(name) ?? 'missing', name).toMatch(numberOrRefused)
    },
  )
})

import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

// `npm run bench -- --help` is the first thing someone runs before a benchmark: it prints the options and exits 0,
// and a mistyped option or benchmark name is a usage error (exit 2), not a stack trace. Nothing is measured here.
const root = resolve(import.meta.dirname, '..')
const bench = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...args], { cwd: root, encoding: 'utf8' })

describe('the benchmark command line', () => {
  it(
    '--help lists the options and the benchmarks; a bad option or name is refused with the usage',
    { timeout: 120_000 },
    () => {
      const help = bench('--help')
      expect(help.status).toBe(0)
      expect(help.stdout).toContain('--only <list>')
      expect(help.stdout).toContain('save,crash,verify,results,nav,room,bank,start')
      const typo = bench('--qiuck')
      expect(typo.status).toBe(2)
      expect(typo.stderr).toContain("Unknown option '--qiuck'")
      expect(typo.stderr).not.toMatch(/\n\s+at /)
      const name = bench('--only', 'verify,savee')
      expect(name.status).toBe(2)
      expect(name.stderr).toContain('unknown benchmark(s) savee')
      const both = bench('--quick', '--smoke')
      expect(both.status).toBe(2)
      expect(both.stderr).toContain('give --quick or --smoke, not both')
    },
  )
})

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { checkHostEnvironment, DISPLAYS_NOT_CHECKED } from './hostEnvironment'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('the browser host environment check', () => {
  it('says the displays were not checked instead of failing them, and blocks only on a failed check', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'invigil-hostenv-'))
    dirs.push(dataDir)
    const report = await checkHostEnvironment(dataDir)
    expect(report.checks[0]).toEqual(DISPLAYS_NOT_CHECKED)
    expect(report.blocking).toBe(report.checks.some((check) => check.status === 'fail'))
  })
})

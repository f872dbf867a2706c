import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

// The real thing: `node bin/invigil.mjs` as a user or CI script runs it. Each spawn costs about a second, so the
// behaviour in detail is tested in-process (electron/cli/bankCommands.test.ts); these check the wiring and exit codes.
const root = resolve(import.meta.dirname, '..')
const fixture = (name: string) => join('test/fixtures', name)

function invigil(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ['bin/invigil.mjs', ...args], { cwd: root }, (error, stdout, stderr) => {
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })
    })
  })
}

describe.concurrent('invigil (spawned)', () => {
  it('--help prints usage and exits 0', async () => {
    const { code, stdout } = await invigil('--help')
    expect(code).toBe(0)
    expect(stdout).toContain('Usage: invigil')
  })

  it('a usage error exits 2 with one line on stderr', async () => {
    const { code, stderr } = await invigil('bank', 'validate', '--bogus', 'x.yaml')
    expect(code).toBe(2)
    expect(stderr).toBe("error: unknown option '--bogus'\n")
  })

  it('a valid bank exits 0', async () => {
    const { code, stdout } = await invigil('bank', 'validate', fixture('banks/valid/minimal.yaml'))
    expect(code).toBe(0)
    expect(stdout).toBe('ok: test/fixtures/banks/valid/minimal.yaml (5 items, 10 points, 0 warnings)\n')
  })

  it('an invalid bank exits 1 with its located error on stderr', async () => {
    const { code, stderr } = await invigil('bank', 'validate', fixture('banks/malformed/bad-item-type.yaml'))
    expect(code).toBe(1)
    expect(stderr).toContain('test/fixtures/banks/malformed/bad-item-type.yaml:11:15: error: unknown type "singel"')
  })

  it('show --json prints the bank as JSON', async () => {
    const { code, stdout } = await invigil('bank', 'show', '--json', fixture('banks/valid/minimal.yaml'))
    expect(code).toBe(0)
    expect(JSON.parse(stdout)).toMatchObject({ id: 'minimal', sections: [{ id: 'choice' }, { id: 'written' }] })
  })

  it('import writes nothing when the paper has errors', async () => {
    const target = join(mkdtempSync(join(tmpdir(), 'invigil-cli-')), 'out.yaml')
    const { code, stderr } = await invigil(
      'bank',
      'import',
      '--format',
      'aiken',
      fixture('import/malformed.aiken.txt'),
      '-o',
      target,
    )
    expect(code).toBe(1)
    expect(stderr).toContain('malformed.aiken.txt:12:1: error: expected option B, found C')
    expect(existsSync(target)).toBe(false)
  })

  it('bank export --format qti and import --format qti give the bank file back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'invigil-cli-qti-'))
    const bank = 'banks/it-customer-service-certification-2026.yaml'
    const exported = await invigil('bank', 'export', '--format', 'qti', bank, '-o', join(dir, 'cert.zip'))
    expect(exported.code).toBe(0)
    const imported = await invigil(
      'bank',
      'import',
      '--format',
      'qti',
      join(dir, 'cert.zip'),
      '-o',
      join(dir, 'back.yaml'),
    )
    expect(imported.code).toBe(0)
    expect(readFileSync(join(dir, 'back.yaml'), 'utf8')).toBe(readFileSync(join(root, bank), 'utf8'))
  })
})
